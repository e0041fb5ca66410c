#include "domain/date.hpp"

#include <cstdio>

namespace hf::domain {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` ASCII digits at `pos`; false if any is missing or not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Error bad_timestamp(std::string why) {
  return Error::invalid("invalid RFC 3339 time stamp: " + std::move(why));
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

bool is_valid_date(int year, int month, int day) {
  return day >= 1 && day <= days_in_month(year, month);
}

std::int64_t days_from_civil(Date d) {
  const std::int64_t y = static_cast<std::int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

Date add_days(Date d, std::int64_t days) {
  return civil_from_days(days_from_civil(d) + days);
}

Date date_of(std::int64_t epoch_ms) {
  return civil_from_days(floor_div(epoch_ms, kMillisPerDay));
}

std::int64_t start_of_day_ms(Date d) {
  return days_from_civil(d) * kMillisPerDay;
}

int age_in_years(Date birth, Date at) {
  if (at < birth) return 0;
  int age = at.year - birth.year;
  // Before this year's birthday? Comparing (month, day) pairs makes a 29 February birthday
  // fall due on 1 March in non-leap years, as civil registries count it.
  if (at.month < birth.month || (at.month == birth.month && at.day < birth.day)) --age;
  return age < 0 ? 0 : age;
}

std::string to_iso_date(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Result<Date> parse_iso_date(std::string_view text) {
  Date d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 0, 4, d.year) ||
      !read_digits(text, 5, 2, d.month) || !read_digits(text, 8, 2, d.day)) {
    return Error::invalid("date must be written YYYY-MM-DD");
  }
  if (!is_valid_date(d)) return Error::invalid("date is not a real calendar date");
  return d;
}

std::string to_rfc3339(std::int64_t epoch_ms) {
  const std::int64_t days = floor_div(epoch_ms, kMillisPerDay);
  const std::int64_t ms_of_day = epoch_ms - days * kMillisPerDay;
  const Date d = civil_from_days(days);
  const int h = static_cast<int>(ms_of_day / 3'600'000);
  const int m = static_cast<int>(ms_of_day / 60'000 % 60);
  const int s = static_cast<int>(ms_of_day / 1000 % 60);
  const int ms = static_cast<int>(ms_of_day % 1000);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day, h, m, s, ms);
  return buf;
}

Result<std::int64_t> parse_rfc3339(std::string_view text) {
  Date d;
  int hh = 0, mm = 0, ss = 0;
  if (!read_digits(text, 0, 4, d.year) || text.size() < 19 || text[4] != '-' || !read_digits(text, 5, 2, d.month) ||
      text[7] != '-' || !read_digits(text, 8, 2, d.day)) {
    return bad_timestamp("expected YYYY-MM-DD at the start");
  }
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad_timestamp("expected 'T' after the date");
  if (!read_digits(text, 11, 2, hh) || text[13] != ':' || !read_digits(text, 14, 2, mm) || text[16] != ':' ||
      !read_digits(text, 17, 2, ss)) {
    return bad_timestamp("expected HH:MM:SS after the date");
  }
  if (!is_valid_date(d)) return bad_timestamp("the date is not a real calendar date");
  if (hh > 23 || mm > 59) return bad_timestamp("hour must be 00-23 and minute 00-59");
  if (ss == 60) return bad_timestamp("leap seconds are not supported");
  if (ss > 59) return bad_timestamp("second must be 00-59");

  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad_timestamp("expected digits after the decimal point");
    if (digits > 9) return bad_timestamp("at most 9 fraction digits");
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos >= text.size()) return bad_timestamp("missing time zone ('Z' or +HH:MM)");

  int offset_minutes = 0;
  const char z = text[pos];
  if (z == 'Z' || z == 'z') {
    ++pos;
  } else if (z == '+' || z == '-') {
    int oh = 0, om = 0;
    if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, om)) {
      return bad_timestamp("time zone offset must be +HH:MM or -HH:MM");
    }
    if (oh > 23 || om > 59) return bad_timestamp("time zone offset out of range");
    offset_minutes = (oh * 60 + om) * (z == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad_timestamp("missing time zone ('Z' or +HH:MM)");
  }
  if (pos != text.size()) return bad_timestamp("unexpected text after the time zone");

  const std::int64_t local_ms =
      days_from_civil(d) * kMillisPerDay + ((hh * 60 + mm) * 60 + ss) * std::int64_t{1000} + millis;
  const std::int64_t utc_ms = local_ms - std::int64_t{offset_minutes} * 60'000;
  // An offset can move 0000-01-01 or 9999-12-31 out of the four-digit years, which to_rfc3339
  // could not print back as RFC 3339 (found by fuzz/fuzz_rfc3339).
  if (utc_ms < start_of_day_ms({0, 1, 1}) || utc_ms >= start_of_day_ms({10000, 1, 1}))
    return bad_timestamp("the time is outside the years 0000-9999 in UTC");
  return utc_ms;
}

}  // namespace hf::domain
