#include "domain/date.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf::domain {
namespace {

TEST(Date, LeapYearsFollowTheGregorianRule) {
  struct Case {
    int year;
    bool leap;
  };
  const std::vector<Case> cases = {{1900, false}, {2000, true}, {2100, false}, {2400, true}, {1996, true},
                                   {1999, false}, {2024, true}, {2023, false}, {1600, true}, {1700, false}};
  for (const auto& c : cases) EXPECT_EQ(is_leap_year(c.year), c.leap) << c.year;
}

TEST(Date, DaysInMonthKnowsFebruaryAndRejectsBadMonths) {
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2023, 4), 30);
  EXPECT_EQ(days_in_month(2023, 12), 31);
  EXPECT_EQ(days_in_month(2023, 0), 0);
  EXPECT_EQ(days_in_month(2023, 13), 0);
  EXPECT_FALSE(is_valid_date(2023, 2, 29));
  EXPECT_TRUE(is_valid_date(2024, 2, 29));
  EXPECT_FALSE(is_valid_date(2024, 4, 31));
  EXPECT_FALSE(is_valid_date(2024, 1, 0));
}

TEST(Date, DaysFromCivilMatchesKnownEpochDays) {
  struct Case {
    Date date;
    std::int64_t days;
  };
  const std::vector<Case> cases = {{{1970, 1, 1}, 0},      {{1970, 1, 2}, 1},       {{1969, 12, 31}, -1},
                                   {{2000, 1, 1}, 10957},  {{2000, 2, 29}, 11016},  {{2000, 3, 1}, 11017},
                                   {{1900, 1, 1}, -25567}, {{2026, 11, 29}, 20786}, {{1600, 3, 1}, -135080}};
  for (const auto& c : cases) {
    EXPECT_EQ(days_from_civil(c.date), c.days) << to_iso_date(c.date);
    EXPECT_EQ(civil_from_days(c.days), c.date) << c.days;
  }
}

TEST(Date, CivilRoundTripsEveryDayFrom1890To2110) {
  std::int64_t expected = days_from_civil({1890, 1, 1});
  for (int y = 1890; y <= 2110; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        const Date date{y, m, d};
        ASSERT_EQ(days_from_civil(date), expected) << to_iso_date(date);
        ASSERT_EQ(civil_from_days(expected), date);
        ++expected;
      }
    }
  }
}

TEST(Date, DateOfFloorsInstantsBeforeTheEpoch) {
  EXPECT_EQ(date_of(0), (Date{1970, 1, 1}));
  EXPECT_EQ(date_of(-1), (Date{1969, 12, 31}));
  EXPECT_EQ(date_of(kMillisPerDay - 1), (Date{1970, 1, 1}));
  EXPECT_EQ(start_of_day_ms({1970, 1, 2}), kMillisPerDay);
  EXPECT_EQ(add_days({2024, 2, 28}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(add_days({2023, 2, 28}, 1), (Date{2023, 3, 1}));
}

TEST(Date, AgeCountsCompletedYears) {
  struct Case {
    Date birth;
    Date at;
    int age;
  };
  const std::vector<Case> cases = {
      {{2000, 5, 10}, {2016, 5, 9}, 15},  {{2000, 5, 10}, {2016, 5, 10}, 16}, {{2000, 5, 10}, {2016, 5, 11}, 16},
      {{2000, 2, 29}, {2021, 2, 28}, 20}, {{2000, 2, 29}, {2021, 3, 1}, 21},  {{2000, 2, 29}, {2024, 2, 29}, 24},
      {{2020, 1, 1}, {2020, 1, 1}, 0},    {{2020, 1, 1}, {2019, 1, 1}, 0},    {{1999, 12, 31}, {2000, 1, 1}, 0},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(age_in_years(c.birth, c.at), c.age) << to_iso_date(c.birth) << " at " << to_iso_date(c.at);
  }
}

TEST(Date, IsoDateParsesOnlyRealDates) {
  EXPECT_EQ(parse_iso_date("2024-02-29").value(), (Date{2024, 2, 29}));
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "2024/01/01", "", "2024-01-01x", "20240101"}) {
    EXPECT_FALSE(parse_iso_date(bad).ok()) << bad;
  }
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(to_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(to_rfc3339(1'764'378'088'123), "2025-11-29T01:01:28.123Z");
  EXPECT_EQ(to_rfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(to_rfc3339(951'782'400'000), "2000-02-29T00:00:00.000Z");
}

TEST(Rfc3339, ParsesValidForms) {
  struct Case {
    const char* text;
    std::int64_t ms;
  };
  const std::vector<Case> cases = {
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T00:00:00.000Z", 0},
      {"1970-01-01t00:00:00z", 0},
      {"1970-01-01 00:00:00Z", 0},
      {"1970-01-01T02:00:00+02:00", 0},
      {"1969-12-31T21:30:00-02:30", 0},
      {"1970-01-01T00:00:00.5Z", 500},
      {"1970-01-01T00:00:00.12Z", 120},
      {"1970-01-01T00:00:00.123456789Z", 123},
      {"2025-11-29T01:01:28.123Z", 1'764'378'088'123},
      {"1969-12-31T23:59:59.999Z", -1},
  };
  for (const auto& c : cases) {
    auto r = parse_rfc3339(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(*r, c.ms) << c.text;
  }
}

TEST(Rfc3339, RefusesMalformedText) {
  for (const char* bad :
       {"", "2025-11-29", "2025-11-29T01:01:28", "2025-11-29T01:01Z", "2025-02-30T00:00:00Z", "2025-11-29T24:00:00Z",
        "2025-11-29T23:60:00Z", "2025-11-29T23:59:60Z", "2025-11-29T00:00:00.Z", "2025-11-29T00:00:00.1234567890Z",
        "2025-11-29T00:00:00+0200", "2025-11-29T00:00:00+24:00", "2025-11-29T00:00:00Zjunk", "2025-11-29X00:00:00Z",
        "25-11-29T00:00:00Z", "2025-11-29T00:00:00 Z"}) {
    auto r = parse_rfc3339(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().kind, ErrorKind::invalid);
    }
  }
}

TEST(Rfc3339, RoundTripsAcrossCenturies) {
  for (std::int64_t ms = -2'208'988'800'000; ms < 4'102'444'800'000; ms += 7'777'777'777) {
    auto back = parse_rfc3339(to_rfc3339(ms));
    ASSERT_TRUE(back.ok()) << to_rfc3339(ms);
    ASSERT_EQ(*back, ms);
  }
}

}  // namespace
}  // namespace hf::domain
