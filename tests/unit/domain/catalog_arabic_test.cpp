// Search normalisation (DOMAIN.md "Drug catalogue": diacritic- and case-insensitive, both languages).
#include <gtest/gtest.h>

#include "domain/catalog/arabic.hpp"

namespace hf::domain {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

TEST(ArabicNormalize, FoldsCaseDiacriticsHamzaAndDigits) {
  const Case cases[] = {
      {"Augmentin", "augmentin"},
      {"  PANADOL   Extra\t", "panadol extra"},
      {"\xC3\x89"
       "COLE",
       "\xC3\xA9"
       "cole"},                    // ÉCOLE -> école
      {"أوجمنتين", "اوجمنتين"},    // hamza on alef
      {"أُوجْمَنْتِين", "اوجمنتين"},    // tashkeel dropped
      {"إبوبروفين", "ابوبروفين"},  // alef with hamza below
      {"آمون", "امون"},            // madda
      {"ٱلف", "الف"},              // wasla
      {"بنادول", "بنادول"},
      {"كونكور ـــ", "كونكور"},  // tatweel only, then trimmed
      {"فولتارين جل", "فولتارين جل"},
      {"حبة", "حبه"},          // teh marbuta
      {"مستشفى", "مستشفي"},    // alef maksura
      {"مؤكد", "موكد"},        // waw hamza
      {"بريئ", "بريي"},        // yeh hamza
      {"٥٠٠ مجم", "500 مجم"},  // Arabic-Indic digits
      {"۱۲", "12"},            // Persian digits
      {"ab\xC2\xA0\xC2\xA0"
       "cd",
       "ab cd"},  // no-break spaces collapse
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(normalize_for_search(c.input), c.expected) << c.input;
}

TEST(ArabicNormalize, InvalidUtf8IsDroppedWithoutCrashing) {
  EXPECT_EQ(normalize_for_search("a\xFF"
                                 "b"),
            "ab");
  EXPECT_EQ(normalize_for_search("x\xD8"), "x");  // truncated two-byte sequence
  EXPECT_EQ(normalize_for_search("\xC0\xAF"
                                 "z"),
            "z");  // overlong '/'
  EXPECT_EQ(normalize_for_search("\xED\xA0\x80"
                                 "q"),
            "q");                                   // UTF-16 surrogate
  EXPECT_EQ(normalize_for_search("\xE2\x82"), "");  // cut-off three-byte sequence
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  const std::string out = normalize_for_search(every_byte);
  EXPECT_NE(out.find("abc"), std::string::npos);
}

}  // namespace
}  // namespace hf::domain
