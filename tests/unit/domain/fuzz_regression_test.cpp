// Inputs found by the libFuzzer targets (fuzz/), kept as unit tests so the fix stays fixed. The
// same inputs are in fuzz/corpus/<target>/regression-*.
#include <gtest/gtest.h>

#include "domain/date.hpp"

namespace hf::domain {
namespace {

// fuzz_rfc3339: an offset moved the instant before 0000-01-01 UTC, which to_rfc3339 printed as
// "-001-12-31T22:00:29.000Z", not RFC 3339, so the value could not be read back.
TEST(FuzzRegression, Rfc3339RefusesInstantsOutsideFourDigitYearsInUtc) {
  EXPECT_FALSE(parse_rfc3339("0000-01-01T00:00:29+02:00").ok());
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:00:00-02:00").ok());
  for (const char* edge : {"0000-01-01T00:00:00Z", "0000-01-01T02:00:00+02:00", "9999-12-31T23:59:59.999Z",
                           "9999-12-31T21:59:59.999-02:00"}) {
    auto t = parse_rfc3339(edge);
    ASSERT_TRUE(t.ok()) << edge;
    auto back = parse_rfc3339(to_rfc3339(*t));
    ASSERT_TRUE(back.ok()) << edge;
    EXPECT_EQ(*back, *t) << edge;
  }
}

}  // namespace
}  // namespace hf::domain
