#include "domain/report_periods.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/date.hpp"

namespace hf::domain {
namespace {

std::int64_t day(int y, int m, int d) {
  return days_from_civil(Date{y, m, d});
}

TEST(ReportPeriods, MonthStartAndNextMonthStartFollowTheCalendar) {
  EXPECT_EQ(month_start(day(2024, 2, 29)), day(2024, 2, 1));
  EXPECT_EQ(next_month_start(day(2024, 2, 29)), day(2024, 3, 1));
  EXPECT_EQ(next_month_start(day(2023, 2, 1)), day(2023, 3, 1));
  EXPECT_EQ(month_start(day(2024, 12, 31)), day(2024, 12, 1));
  EXPECT_EQ(next_month_start(day(2024, 12, 31)), day(2025, 1, 1));
  EXPECT_EQ(month_start(day(1970, 1, 1)), 0);
}

TEST(ReportPeriods, CoverChoosesTheCheaperReadingAtEachEdge) {
  struct Case {
    const char* name;
    std::int64_t from, to;
    MonthCover want;
  };
  const DayRange none{};
  const std::vector<Case> cases = {
      {"empty range", day(2025, 3, 10), day(2025, 3, 10), MonthCover{}},
      {"two days inside a month", day(2025, 3, 10), day(2025, 3, 12),
       MonthCover{none, {DayRange{day(2025, 3, 10), day(2025, 3, 12)}, none}, {none, none}}},
      {"a whole month", day(2025, 2, 1), day(2025, 3, 1),
       MonthCover{{day(2025, 2, 1), day(2025, 3, 1)}, {none, none}, {none, none}}},
      {"most of one month: the month less its first and last days", day(2025, 3, 2), day(2025, 3, 31),
       MonthCover{{day(2025, 3, 1), day(2025, 4, 1)},
                  {none, none},
                  {DayRange{day(2025, 3, 1), day(2025, 3, 2)}, DayRange{day(2025, 3, 31), day(2025, 4, 1)}}}},
      {"a year from the 29th: two days added, then whole months, the last less one day", day(2025, 11, 29),
       day(2026, 11, 30),
       MonthCover{{day(2025, 12, 1), day(2026, 12, 1)},
                  {DayRange{day(2025, 11, 29), day(2025, 12, 1)}, none},
                  {none, DayRange{day(2026, 11, 30), day(2026, 12, 1)}}}},
      {"from the 2nd to the 3rd of the next month", day(2024, 1, 2), day(2024, 2, 4),
       MonthCover{{day(2024, 1, 1), day(2024, 2, 1)},
                  {none, DayRange{day(2024, 2, 1), day(2024, 2, 4)}},
                  {DayRange{day(2024, 1, 1), day(2024, 1, 2)}, none}}},
  };
  for (const auto& c : cases) EXPECT_EQ(cover_with_months(c.from, c.to), c.want) << c.name;
}

// Every range within five months around a leap February and a year end: each day is counted once
// inside the range and zero times outside it, and no edge reads more than 15 days one by one.
TEST(ReportPeriods, CoverCountsEveryDayOfTheRangeExactlyOnce) {
  const std::int64_t first = day(2023, 12, 20), last = day(2024, 4, 10);
  for (std::int64_t from = first; from <= last; ++from) {
    for (std::int64_t to = from; to <= last; ++to) {
      const MonthCover c = cover_with_months(from, to);
      std::int64_t day_reads = 0;
      for (const auto& r : c.added) day_reads += r.empty() ? 0 : r.to - r.from;
      for (const auto& r : c.removed) day_reads += r.empty() ? 0 : r.to - r.from;
      ASSERT_LE(day_reads, 30) << from << ".." << to;
      if (!c.months.empty()) {
        ASSERT_EQ(month_start(c.months.from), c.months.from);
        ASSERT_EQ(month_start(c.months.to), c.months.to);
      }
      for (std::int64_t d = first - 40; d < last + 40; ++d) {
        int n = 0;
        if (!c.months.empty() && d >= c.months.from && d < c.months.to) ++n;
        for (const auto& r : c.added) n += (d >= r.from && d < r.to) ? 1 : 0;
        for (const auto& r : c.removed) n -= (d >= r.from && d < r.to) ? 1 : 0;
        ASSERT_EQ(n, (d >= from && d < to) ? 1 : 0) << "day " << d << " of " << from << ".." << to;
      }
    }
  }
}

}  // namespace
}  // namespace hf::domain
