#pragma once
// Civil (proleptic Gregorian) dates and RFC 3339 time stamps.
// Pure arithmetic: nothing here reads a clock or a time zone database (CONVENTIONS.md: pass `now` in).
// Times are Unix epoch milliseconds, UTC, as stored in every `*_at` column (CONVENTIONS.md).

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace hf::domain {

inline constexpr std::int64_t kMillisPerDay = 86'400'000;

// A calendar day. Not validated on construction: use is_valid_date() or parse_iso_date().
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
// 28..31, or 0 when the month is not 1..12.
int days_in_month(int year, int month);
bool is_valid_date(int year, int month, int day);
inline bool is_valid_date(Date d) {
  return is_valid_date(d.year, d.month, d.day);
}

// Days since 1970-01-01 (negative before it). Howard Hinnant's days_from_civil algorithm.
std::int64_t days_from_civil(Date d);
Date civil_from_days(std::int64_t days);
Date add_days(Date d, std::int64_t days);

// The UTC calendar day an instant falls on (floors correctly for instants before 1970).
Date date_of(std::int64_t epoch_ms);
// Midnight UTC at the start of `d`.
std::int64_t start_of_day_ms(Date d);

// Completed years from `birth` to `at` (0 if `at` is before the first birthday or before birth).
// Someone born on 29 February turns a year older on 1 March in non-leap years.
int age_in_years(Date birth, Date at);

// "YYYY-MM-DD" and its strict parser (4-digit year, 2-digit month and day, a real date).
std::string to_iso_date(Date d);
Result<Date> parse_iso_date(std::string_view text);

// Always "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, milliseconds), so text round-trips to the same value.
std::string to_rfc3339(std::int64_t epoch_ms);
// RFC 3339 date-time: "T", "t" or " " between date and time, optional fraction (1..9 digits,
// truncated to milliseconds), then "Z", "z" or a "+HH:MM"/"-HH:MM" offset. Leap seconds (:60)
// are refused: epoch milliseconds cannot name them.
Result<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace hf::domain
