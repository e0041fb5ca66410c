// RFC 4180 parsing of the data files (CONVENTIONS.md "Data files").
#include <gtest/gtest.h>

#include <cstdint>

#include "domain/catalog/arabic.hpp"
#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/csv.hpp"

namespace hf::domain {
namespace {

TEST(CsvParse, SplitsPlainRecordsWithLineNumbers) {
  auto rows = parse_csv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ((*rows)[0].line, 1u);
  EXPECT_EQ((*rows)[1].line, 2u);
}

TEST(CsvParse, QuotedFieldsKeepCommasNewlinesAndEscapedQuotes) {
  auto rows = parse_csv("x,\"a, \"\"b\"\"\nc\",y\nnext,1,2\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields[1], "a, \"b\"\nc");
  // The second record starts on physical line 3 because the quoted field spanned a line end.
  EXPECT_EQ((*rows)[1].line, 3u);
}

TEST(CsvParse, HandlesCrlfBomEmptyFieldsAndNoFinalNewline) {
  auto rows = parse_csv("\xEF\xBB\xBFh1,h2\r\n,\r\nlast,\"\"");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].fields[0], "h1");
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"", ""}));
  EXPECT_EQ((*rows)[2].fields, (std::vector<std::string>{"last", ""}));
}

TEST(CsvParse, SkipsBlankLinesButCountsThem) {
  auto rows = parse_csv("a\n\n\nb\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].line, 4u);
}

TEST(CsvParse, UnterminatedQuoteNamesTheLineWhereItOpened) {
  auto rows = parse_csv("a,b\nc,\"open\nmore\n");
  ASSERT_FALSE(rows.ok());
  ASSERT_EQ(rows.error().fields.size(), 1u);
  EXPECT_EQ(rows.error().fields[0].field, "line 2");
}

TEST(CsvParse, TextAfterClosingQuoteIsAnErrorNotAGuess) {
  auto rows = parse_csv("a\n\"x\"y,z\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().fields[0].field, "line 2");
  EXPECT_FALSE(parse_csv("ab\"c\n").ok());
}

TEST(CsvTable, RequiresTheExactHeader) {
  EXPECT_TRUE(parse_csv_table("a,b\n1,2\n", {"a", "b"}, "t.csv").ok());
  auto wrong = parse_csv_table("a,c\n1,2\n", {"a", "b"}, "t.csv");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().fields[0].field, "line 1");
  EXPECT_FALSE(parse_csv_table("", {"a"}, "t.csv").ok());
}

TEST(CsvParse, ArbitraryBytesNeverCrashTheParserLoaderOrNormaliser) {
  // Untrusted input (an admin's uploaded catalogue) is answered with errors, never a crash
  // (STYLE.md "Errors"). A fixed-seed generator keeps the test reproducible.
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 24;
  };
  const char alphabet[] = {'"', ',', '\n', '\r', 'a', ':', '|', '1', '.', '\xD8', '\xA3', '\xEF', '\xBB', '\xBF', ' '};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t len = next() % 64;
    for (std::size_t i = 0; i < len; ++i) {
      text.push_back(round % 2 ? static_cast<char>(next()) : alphabet[next() % sizeof alphabet]);
    }
    auto rows = parse_csv(text);
    if (!rows) {
      EXPECT_FALSE(rows.error().fields.empty());
    }
    auto drugs = load_drugs(text);
    EXPECT_FALSE(drugs.ok() && !drugs->empty());
    (void)normalize_for_search(text);
  }
}

}  // namespace
}  // namespace hf::domain
