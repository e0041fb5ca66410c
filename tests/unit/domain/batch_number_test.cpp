#include "domain/batch_number.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf::domain {
namespace {

using namespace std::string_literals;

struct Folds {
  std::string input;
  std::string normalised;
};

// Every spelling of a batch a pack, a keyboard or a scanner produces reaches one stored form.
const std::vector<Folds> kFolds = {
    {"BATCH-666", "BATCH-666"},
    {"batch-666", "BATCH-666"},
    {"  Batch-666 \t\r\n", "BATCH-666"},
    {"\xEF\xBC\xA2\xEF\xBC\xA1\xEF\xBC\xB4\xEF\xBC\xA3\xEF\xBC\xA8-666", "BATCH-666"},  // ＢＡＴＣＨ-666
    {"\xEF\xBD\x82\xEF\xBD\x81tch\xEF\xBC\x8D\xEF\xBC\x96\xEF\xBC\x96\xEF\xBC\x96", "BATCH-666"},  // ｂａtch－６６６
    {"BATCH\xE2\x80\x90"
     "666",
     "BATCH-666"},  // U+2010 HYPHEN
    {"BATCH\xE2\x80\x91"
     "666",
     "BATCH-666"},  // U+2011 NON-BREAKING HYPHEN
    {"BATCH\xE2\x80\x92"
     "666",
     "BATCH-666"},  // U+2012 FIGURE DASH
    {"BATCH\xE2\x80\x93"
     "666",
     "BATCH-666"},  // U+2013 EN DASH
    {"BATCH\xE2\x80\x94"
     "666",
     "BATCH-666"},  // U+2014 EM DASH
    {"BATCH\xE2\x80\x95"
     "666",
     "BATCH-666"},  // U+2015 HORIZONTAL BAR
    {"BATCH\xE2\x88\x92"
     "666",
     "BATCH-666"},  // U+2212 MINUS SIGN
    {"BATCH\xEF\xB9\x98"
     "666",
     "BATCH-666"},  // U+FE58 SMALL EM DASH
    {"BATCH\xEF\xB9\xA3"
     "666",
     "BATCH-666"},  // U+FE63 SMALL HYPHEN-MINUS
    {"\xE3\x80\x80"
     "BATCH-666\xE3\x80\x80",
     "BATCH-666"},  // ideographic spaces at the ends
    {"\xC2\xA0"
     "LOT/12.A\xC2\xA0",
     "LOT/12.A"},  // no-break spaces at the ends
    {"L\xEF\xBC\x8F"
     "12\xEF\xBC\x8E"
     "a",
     "L/12.A"},  // full-width solidus and full stop
    {"", ""},
    {"   ", ""},
    {"\xE3\x80\x80", ""},
    {std::string(kMaxBatchNumberLength, '7'), std::string(kMaxBatchNumberLength, '7')},
};

struct Refused {
  std::string input;
  std::string message_part;
};

const std::vector<Refused> kRefused = {
    {"BATCH-666\0"s, "control"},
    {"BATCH\0-666"s, "control"},
    {"BATCH\x01-666", "control"},
    {"BATCH\x7F", "control"},
    {"BATCH\tX", "control"},
    {"BATCH\xC2\x85", "control"},  // U+0085 NEXT LINE (C1)
    {"BATCH 666", "no spaces"},
    {"BATCH\xE3\x80\x80"
     "666",
     "no spaces"},  // an inner ideographic space is a space
    {"BATCH_666", "only the letters"},
    {"BATCH+666", "only the letters"},
    {"BATCH\xE2\x80\x8B"
     "666",
     "only the letters"},  // U+200B ZERO WIDTH SPACE
    {"\xEF\xBB\xBF"
     "BATCH-666",
     "only the letters"},  // U+FEFF byte order mark
    {"\xE2\x84\xAA"
     "1",
     "only the letters"},                              // U+212A KELVIN SIGN: no guessing
    {"\xD9\xA1\xD9\xA2", "only the letters"},          // Arabic-Indic digits
    {"B\xC3\xA9", "only the letters"},                 // é
    {"\xEF\xBC\xA2\xEF\xBC\xBF", "only the letters"},  // Ｂ＿ (full-width low line folds to '_')
    {"BATCH\xFF", "UTF-8"},
    {"BATCH\xC0\xAD", "UTF-8"},          // overlong '-'
    {"BATCH\xED\xA0\x80", "UTF-8"},      // a surrogate
    {"BATCH\xE2\x80", "UTF-8"},          // truncated
    {"BATCH\xF4\x90\x80\x80", "UTF-8"},  // above U+10FFFF
    {std::string(kMaxBatchNumberLength + 1, '7'), "at most 40"},
};

TEST(BatchNumber, FoldsEverySpellingToOne) {
  for (const auto& c : kFolds) {
    auto got = normalise_batch_number(c.input);
    ASSERT_TRUE(got.ok()) << c.input << ": " << got.error().message;
    EXPECT_EQ(*got, c.normalised) << c.input;
  }
}

TEST(BatchNumber, RefusesWhatItCannotFold) {
  for (const auto& c : kRefused) {
    auto got = normalise_batch_number(c.input);
    ASSERT_FALSE(got.ok()) << c.input << " -> " << *got;
    EXPECT_EQ(got.error().kind, ErrorKind::rule_broken) << c.input;
    EXPECT_NE(got.error().message.find(c.message_part), std::string::npos) << c.input << ": " << got.error().message;
  }
}

TEST(BatchNumber, NormalisingTwiceChangesNothing) {
  for (const auto& c : kFolds) {
    auto once = normalise_batch_number(c.input);
    ASSERT_TRUE(once.ok());
    auto twice = normalise_batch_number(*once);
    ASSERT_TRUE(twice.ok());
    EXPECT_EQ(*twice, *once);
  }
}

}  // namespace
}  // namespace hf::domain
