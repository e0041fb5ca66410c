#pragma once
// How a report range is read from the summary tables (docs/reports.md "How reports stay fast"):
// whole calendar months from the monthly rollups, the days at the edges from the daily tables.
// At each partial edge month the cheaper of two exact readings is chosen: add the days inside the
// range, or take the whole month and subtract the days outside it (a month row is the exact sum of
// its daily rows, kept so by triggers). Either way at most 15 days per edge are read day by day.
//
// Days are UTC day numbers (days since 1970-01-01); a month is named by the day number of its
// first day. All ranges are half-open: [from, to).

#include <array>
#include <cstdint>

namespace hf::domain {

struct DayRange {
  std::int64_t from = 0;
  std::int64_t to = 0;  // empty when to <= from
  bool empty() const { return to <= from; }
  bool operator==(const DayRange&) const = default;
};

struct MonthCover {
  DayRange months;                  // month rows whose first day is in [months.from, months.to)
  std::array<DayRange, 2> added;    // daily rows added (partial months read day by day)
  std::array<DayRange, 2> removed;  // daily rows subtracted (days of a whole month outside the range)
  bool operator==(const MonthCover&) const = default;
};

// The day number of the first day of the month that `day` falls in.
std::int64_t month_start(std::int64_t day);
// The first day of the next month.
std::int64_t next_month_start(std::int64_t day);

// Covers [from_day, to_day) exactly: the sum of the month rows plus the added days minus the
// removed days equals the sum of the daily rows of [from_day, to_day).
MonthCover cover_with_months(std::int64_t from_day, std::int64_t to_day);

}  // namespace hf::domain
