#include "domain/report_periods.hpp"

#include "domain/date.hpp"

namespace hf::domain {

std::int64_t month_start(std::int64_t day) {
  return day - (civil_from_days(day).day - 1);
}

std::int64_t next_month_start(std::int64_t day) {
  const Date d = civil_from_days(day);
  return month_start(day) + days_in_month(d.year, d.month);
}

MonthCover cover_with_months(std::int64_t from_day, std::int64_t to_day) {
  MonthCover c;
  if (to_day <= from_day) return c;
  const std::int64_t head = month_start(from_day);
  const std::int64_t tail = month_start(to_day);  // the month `to_day` falls in: its days before to_day are inside
  if (head == tail) {
    // Inside one month: its days, or the month less the days before and after.
    const std::int64_t inside = to_day - from_day;
    const std::int64_t end = next_month_start(head);
    if ((end - head) - inside < inside) {
      c.months = {head, end};
      c.removed = {DayRange{head, from_day}, DayRange{to_day, end}};
    } else {
      c.added[0] = {from_day, to_day};
    }
    return c;
  }
  std::int64_t months_from = head;
  if (from_day != head) {
    const std::int64_t end = next_month_start(head);
    if (from_day - head < end - from_day) {
      c.removed[0] = {head, from_day};
    } else {
      c.added[0] = {from_day, end};
      months_from = end;
    }
  }
  std::int64_t months_to = tail;
  if (to_day != tail) {
    const std::int64_t end = next_month_start(tail);
    if (end - to_day < to_day - tail) {
      c.removed[1] = {to_day, end};
      months_to = end;
    } else {
      c.added[1] = {tail, to_day};
    }
  }
  if (months_from < months_to) c.months = {months_from, months_to};
  return c;
}

}  // namespace hf::domain
