#include "domain/prescription_code.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace hf::domain {
namespace {

std::array<std::uint8_t, kCodeRandomBytes> bytes_from(std::mt19937_64& rng) {
  std::array<std::uint8_t, kCodeRandomBytes> out{};
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

std::vector<PrescriptionCode> sample_codes(std::size_t n) {
  std::mt19937_64 rng(20261129);
  std::vector<PrescriptionCode> codes;
  for (std::size_t i = 0; i < n; ++i) codes.push_back(PrescriptionCode::generate(bytes_from(rng)));
  return codes;
}

TEST(PrescriptionCode, AlphabetHasNoLookAlikes) {
  EXPECT_EQ(kCodeAlphabet.size(), 29u);
  for (char c : std::string("0O1ILUS")) EXPECT_EQ(kCodeAlphabet.find(c), std::string_view::npos) << c;
  EXPECT_EQ(std::set<char>(kCodeAlphabet.begin(), kCodeAlphabet.end()).size(), kCodeAlphabet.size());
}

TEST(PrescriptionCode, GeneratedCodesHaveTheHumanShapeAndValidate) {
  for (const auto& code : sample_codes(2000)) {
    const std::string& t = code.text();
    ASSERT_EQ(t.size(), 12u) << t;
    EXPECT_EQ(t.substr(0, 3), "HF-");
    EXPECT_EQ(t[7], '-');
    for (char c : code.symbols()) EXPECT_NE(kCodeAlphabet.find(c), std::string_view::npos) << t;
    auto v = validate_prescription_code(t);
    ASSERT_TRUE(v.ok()) << t << ": " << v.error().message;
    EXPECT_EQ(*v, code);
  }
}

TEST(PrescriptionCode, GenerationIsDeterminedByTheRandomBytesAndSpreads) {
  const std::array<std::uint8_t, kCodeRandomBytes> zero{};
  EXPECT_EQ(PrescriptionCode::generate(zero), PrescriptionCode::generate(zero));
  EXPECT_EQ(PrescriptionCode::generate(zero).symbols().substr(0, 7), "2222222");
  std::set<std::string> seen;
  for (const auto& c : sample_codes(5000)) seen.insert(c.text());
  EXPECT_EQ(seen.size(), 5000u);
}

TEST(PrescriptionCode, CheckSymbolMakesTheWeightedSumZeroModTwentyNine) {
  for (const auto& code : sample_codes(500)) {
    const std::string s = code.symbols();
    int sum = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      sum += static_cast<int>(i + 1) * static_cast<int>(kCodeAlphabet.find(s[i]));
    EXPECT_EQ(sum % 29, 0) << s;
  }
}

TEST(PrescriptionCode, CodeDetectsEverySingleSubstitution) {
  std::size_t mutations = 0;
  for (const auto& code : sample_codes(300)) {
    const std::string s = code.symbols();
    for (std::size_t pos = 0; pos < s.size(); ++pos) {
      for (char c : kCodeAlphabet) {
        if (c == s[pos]) continue;
        std::string m = s;
        m[pos] = c;
        ASSERT_FALSE(validate_prescription_code(m).ok()) << s << " -> " << m;
        ++mutations;
      }
    }
  }
  EXPECT_EQ(mutations, 300u * 8u * 28u);
}

TEST(PrescriptionCode, CodeDetectsEveryAdjacentTransposition) {
  std::size_t mutations = 0;
  for (const auto& code : sample_codes(3000)) {
    const std::string s = code.symbols();
    for (std::size_t pos = 0; pos + 1 < s.size(); ++pos) {
      if (s[pos] == s[pos + 1]) continue;  // swapping equal symbols changes nothing
      std::string m = s;
      std::swap(m[pos], m[pos + 1]);
      ASSERT_FALSE(validate_prescription_code(m).ok()) << s << " -> " << m;
      ++mutations;
    }
  }
  EXPECT_GT(mutations, 3000u * 6u);
}

TEST(PrescriptionCode, CodeDetectsEveryTranspositionAtAnyDistance) {
  for (const auto& code : sample_codes(1000)) {
    const std::string s = code.symbols();
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[i] == s[j]) continue;
        std::string m = s;
        std::swap(m[i], m[j]);
        ASSERT_FALSE(validate_prescription_code(m).ok()) << s << " -> " << m;
      }
    }
  }
}

TEST(PrescriptionCode, ExactlyOneCheckSymbolCompletesEachBody) {
  for (const auto& code : sample_codes(200)) {
    const std::string body = code.symbols().substr(0, 7);
    int accepted = 0;
    for (char c : kCodeAlphabet) accepted += validate_prescription_code(body + c).ok() ? 1 : 0;
    EXPECT_EQ(accepted, 1) << body;
  }
}

TEST(PrescriptionCode, NormaliseToleratesCaseSeparatorsPrefixAndArabicDigits) {
  const std::string canonical = "HF-7K3M-9Q2P";
  struct Case {
    std::string input;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"HF-7K3M-9Q2P", canonical},
      {"hf-7k3m-9q2p", canonical},
      {"HF7K3M9Q2P", canonical},
      {"7K3M9Q2P", canonical},
      {"7k3m-9q2p", canonical},
      {" hf 7k3m 9q2p ", canonical},
      {"H F - 7 K 3 M 9 Q 2 P", canonical},
      {"HF-٧K٣M-٩Q٢P", canonical},
      {"HF-۷K۳M-۹Q۲P", canonical},
      {"HFHF7K3M", "HF-HFHF-7K3M"},  // an 8-symbol code may itself start with H F
      {"HF-HFHF-7K3M", "HF-HFHF-7K3M"},
  };
  for (const auto& c : cases) {
    auto r = normalise_prescription_code(c.input);
    ASSERT_TRUE(r.ok()) << c.input << ": " << r.error().message;
    EXPECT_EQ(*r, c.expected) << c.input;
  }
}

TEST(PrescriptionCode, NormaliseRefusesLookAlikesInsteadOfGuessing) {
  struct Case {
    std::string input;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"HF-7K3M-9O2P", "letter O or the digit 0"},
      {"HF-7K3M-902P", "letter O or the digit 0"},
      {"HF-7K3M-9I2P", "letters I or L or the digit 1"},
      {"HF-7K3M-912P", "letters I or L or the digit 1"},
      {"hf-7k3m-9l2p", "letters I or L or the digit 1"},
      {"HF-7K3M-9U2P", "letter U"},
      {"HF-7K3M-9S2P", "letter S"},
      {"HF-7K3M-9?2P", "unexpected character"},
      {"HF-7K3M-9Q2", "got 7"},
      {"HF-7K3M-9Q2PP", "got 9"},
      {"", "required"},
      {" - ", "required"},
      {"HF-7K3M-9Ø2P", "unexpected character"},
  };
  for (const auto& c : cases) {
    auto r = normalise_prescription_code(c.input);
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << c.input << " -> " << r.error().message;
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "code");
  }
}

TEST(PrescriptionCode, ValidateReportsAMistypedCheckCharacter) {
  const std::string body = "7K3M9Q2";
  const char check = code_check_symbol(body);
  ASSERT_TRUE(validate_prescription_code(body + check).ok());
  const char wrong = check == 'Z' ? 'Y' : 'Z';
  auto r = validate_prescription_code(body + wrong);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("check character"), std::string::npos);
}

TEST(PrescriptionCode, MaskHidesEveryCodeInAText) {
  struct Case {
    const char* text;
    const char* masked;
  };
  const Case cases[] = {
      {"HF-7K3M-9Q2P", "HF-****-****"},
      {"HealthFlow: new prescription HF-7K3M-9Q2P, valid until 2030-01-01",
       "HealthFlow: new prescription HF-****-****, valid until 2030-01-01"},
      {"HealthFlow: تم إلغاء الوصفة HF-ABCD-EFGH", "HealthFlow: تم إلغاء الوصفة HF-****-****"},
      {"HF-2345-6789 and HF-ZZZZ-YYYY", "HF-****-**** and HF-****-****"},
      {"HF-HF-7K3M-9Q2P", "HF-HF-****-****"},
      {"no code here", "no code here"},
      {"HF-7K3M-9Q2", "HF-7K3M-9Q2"},    // too short to be a code
      {"HF-7K3M-9O2P", "HF-7K3M-9O2P"},  // O is not in the alphabet
      {"hf-7k3m-9q2p", "hf-7k3m-9q2p"},  // codes are stored upper case
      {"HF-7K3M", "HF-7K3M"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(mask_prescription_codes(c.text), c.masked) << c.text;
}

}  // namespace
}  // namespace hf::domain
