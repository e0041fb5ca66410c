#include "api/reports.hpp"

#include <algorithm>
#include <map>

#include "api/json_io.hpp"
#include "domain/date.hpp"
#include "domain/national_id.hpp"
#include "http/problem.hpp"
#include "service/audit_log.hpp"
#include "service/patient_rules.hpp"
#include "service/reports.hpp"

namespace hf::api::reports {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMaxRangeDays = 3660;

std::string day_text(int64_t day) {
  return domain::to_rfc3339(day * kDayMs).substr(0, 10);
}

json::value governorate_json(const std::string& code) {
  const domain::Governorate* g = code.empty() ? nullptr : domain::find_governorate(std::atoi(code.c_str()));
  if (!g) return json::object{{"code", code}, {"name", nullptr}, {"name_ar", nullptr}};
  return json::object{{"code", code}, {"name", g->name_en}, {"name_ar", g->name_ar}};
}

// A day from ?name=: a date (YYYY-MM-DD) or an RFC 3339 time (its UTC day).
Result<std::optional<int64_t>> day_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int64_t>{};
  if (v->size() == 10) {
    if (auto d = domain::parse_iso_date(*v)) return std::optional<int64_t>(domain::days_from_civil(*d));
  } else if (auto t = domain::parse_rfc3339(*v)) {
    return std::optional<int64_t>(*t >= 0 ? *t / kDayMs : (*t - kDayMs + 1) / kDayMs);
  }
  return Error::invalid(std::string(name) + " must be a date (YYYY-MM-DD) or an RFC 3339 time.",
                        {{name, "must be a date (YYYY-MM-DD) or an RFC 3339 time"}});
}

// ?from=&to= (both days inclusive; default the last 30 days) and ?governorate= (code or name).
Result<store::ReportRange> read_range(const http::Request& req) {
  auto from = day_param(req, "from");
  if (!from) return from.error();
  auto to = day_param(req, "to");
  if (!to) return to.error();
  store::ReportRange r;
  const int64_t today = service::now_ms() / kDayMs;
  const int64_t last = to->value_or(today);
  r.from_day = from->value_or(last - 29);
  r.to_day = last + 1;
  if (r.from_day > last) return Error::invalid("from must not be after to.", {{"from", "must not be after to"}});
  if (r.to_day - r.from_day > kMaxRangeDays) {
    return Error::invalid("The range may cover at most 3660 days.", {{"from", "range longer than 3660 days"}});
  }
  if (auto g = req.query_param("governorate"); g && !g->empty()) {
    auto code = service::parse_governorate(*g);
    if (!code) return Error::invalid("Unknown governorate.", {{"governorate", "is not a governorate code or name"}});
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", *code);
    r.governorate = buf;
  }
  return r;
}

json::object range_json(const store::ReportRange& r) {
  json::object o{{"from", day_text(r.from_day)}, {"to", day_text(r.to_day - 1)}};
  o["governorate"] = r.governorate ? governorate_json(*r.governorate) : json::value(nullptr);
  return o;
}

json::object counts_json(const store::ReportCounts& c) {
  return json::object{{"prescriptions", c.prescriptions},
                      {"items", c.items},
                      {"dispensations", c.dispensations},
                      {"controlled_prescriptions", c.controlled_prescriptions}};
}

// {key: value, ...counts} with the key first, for readable answers.
json::object keyed_counts(const char* key, json::value value, const store::ReportCounts& c) {
  json::object o{{key, std::move(value)}};
  for (auto& kv : counts_json(c)) o[kv.key()] = kv.value();
  return o;
}

json::object indicators_json(const store::ReportCounts& c, bool with_definitions) {
  json::object o;
  for (const auto& i : service::who_indicators(c)) {
    if (with_definitions) {
      o[i.key] = json::object{
          {"value", i.value}, {"numerator", i.numerator}, {"denominator", i.denominator}, {"definition", i.definition}};
    } else {
      o[i.key] = i.value;
    }
  }
  return o;
}

struct Summary {
  store::ReportRange range;
  store::ReportCounts totals;
  std::map<int64_t, store::ReportCounts> by_day;
  std::map<std::string, store::ReportCounts> by_governorate;
  std::map<std::string, store::ReportCounts> by_type;
  std::vector<store::IngredientCount> top;
};

Result<Summary> load_summary(app::App& app, const http::Request& req) {
  auto range = read_range(req);
  if (!range) return range.error();
  Summary s;
  s.range = *range;
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  if (auto current = service::report_summaries_current(app, **lease); !current) return current.error();
  auto rows = store::report_days(**lease, s.range);
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    s.totals += r.counts;
    s.by_day[r.day] += r.counts;
    s.by_governorate[r.governorate] += r.counts;
    s.by_type[r.facility_type] += r.counts;
  }
  auto top = store::report_top_ingredients(**lease, s.range, 10);
  if (!top) return top.error();
  s.top = std::move(top).value();
  return s;
}

std::string ingredient_ar(app::App& app, const std::string& name) {
  const auto* info = app.catalog ? app.catalog->knowledge().ingredient(name) : nullptr;
  return info ? info->name_ar : std::string();
}

std::string csv_cell(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

int64_t bucket_of(int64_t day, const std::string& interval) {
  if (interval == "week") return day - ((day + 3) % 7 + 7) % 7;  // Monday (1970-01-01 was a Thursday)
  if (interval == "month") {
    auto d = domain::civil_from_days(day);
    d.day = 1;
    return domain::days_from_civil(d);
  }
  return day;
}

}  // namespace

http::Response summary(app::App& app, http::Request& req) {
  auto s = load_summary(app, req);
  if (!s) return http::problem(s.error());
  json::array by_day, by_gov, by_type, top;
  for (const auto& [day, c] : s->by_day) {
    auto o = keyed_counts("date", json::string(day_text(day)), c);
    by_day.push_back(std::move(o));
  }
  for (const auto& [gov, c] : s->by_governorate) {
    auto o = keyed_counts("governorate", governorate_json(gov), c);
    by_gov.push_back(std::move(o));
  }
  for (const auto& [type, c] : s->by_type) {
    auto o = keyed_counts("facility_type", json::string(type), c);
    by_type.push_back(std::move(o));
  }
  for (const auto& t : s->top) {
    top.push_back(
        json::object{{"ingredient", t.ingredient}, {"name_ar", ingredient_ar(app, t.ingredient)}, {"items", t.items}});
  }
  json::object out = range_json(s->range);
  out["totals"] = counts_json(s->totals);
  out["indicators"] = indicators_json(s->totals, true);
  out["by_day"] = std::move(by_day);
  out["by_governorate"] = std::move(by_gov);
  out["by_facility_type"] = std::move(by_type);
  out["top_ingredients"] = std::move(top);
  out["notes"] =
      "Days are UTC. Prescriptions and items count by the prescribing facility, dispensations by the "
      "pharmacy. Indicator definitions: docs/reports.md.";
  return json_response(200, out);
}

http::Response summary_csv(app::App& app, http::Request& req) {
  auto s = load_summary(app, req);
  if (!s) return http::problem(s.error());
  std::string csv = "section,key,prescriptions,items,dispensations,value\r\n";
  auto row = [&](const std::string& section, const std::string& key, const store::ReportCounts* c,
                 const std::string& value) {
    csv += csv_cell(section) + "," + csv_cell(key) + ",";
    if (c) {
      csv += std::to_string(c->prescriptions) + "," + std::to_string(c->items) + "," + std::to_string(c->dispensations);
    } else {
      csv += ",,";
    }
    csv += "," + csv_cell(value) + "\r\n";
  };
  row("range", day_text(s->range.from_day) + "/" + day_text(s->range.to_day - 1), nullptr,
      s->range.governorate.value_or(""));
  row("total", "all", &s->totals, "");
  for (const auto& i : service::who_indicators(s->totals)) row("indicator", i.key, nullptr, number_text(i.value));
  for (const auto& [day, c] : s->by_day) row("day", day_text(day), &c, "");
  for (const auto& [gov, c] : s->by_governorate) row("governorate", gov, &c, "");
  for (const auto& [type, c] : s->by_type) row("facility_type", type, &c, "");
  for (const auto& t : s->top) row("top_ingredient", t.ingredient, nullptr, std::to_string(t.items));
  http::Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(csv);
  r.set_header("Content-Disposition", "attachment; filename=\"healthflow-summary-" + day_text(s->range.from_day) + "-" +
                                          day_text(s->range.to_day - 1) + ".csv\"");
  return r;
}

http::Response trends(app::App& app, http::Request& req) {
  const std::string interval = req.query_param("interval").value_or("month");
  if (interval != "day" && interval != "week" && interval != "month") {
    return http::problem(
        Error::invalid("interval must be day, week or month.", {{"interval", "must be day, week or month"}}));
  }
  auto range = read_range(req);
  if (!range) return http::problem(range.error());
  auto lease = app.db->acquire();
  if (!lease) return http::problem(lease.error());
  if (auto current = service::report_summaries_current(app, **lease); !current) return http::problem(current.error());
  auto rows = store::report_days(**lease, *range);
  if (!rows) return http::problem(rows.error());
  std::map<int64_t, store::ReportCounts> buckets;
  for (const auto& r : *rows) buckets[bucket_of(r.day, interval)] += r.counts;
  json::array series;
  for (const auto& [start, c] : buckets) {
    auto o = keyed_counts("start", json::string(day_text(start)), c);
    o["indicators"] = indicators_json(c, false);
    series.push_back(std::move(o));
  }
  json::object out = range_json(*range);
  out["interval"] = interval;
  out["series"] = std::move(series);
  return json_response(200, out);
}

http::Response providers(app::App& app, http::Request& req) {
  auto range = read_range(req);
  if (!range) return http::problem(range.error());
  int limit = 100;
  if (auto l = req.query_param("limit")) {
    bool ok = !l->empty() && l->size() <= 4 && std::all_of(l->begin(), l->end(), ::isdigit);
    limit = ok ? std::stoi(*l) : 0;
    if (limit < 1 || limit > 1000) {
      return http::problem(Error::invalid("limit must be from 1 to 1000.", {{"limit", "must be from 1 to 1000"}}));
    }
  }
  auto lease = app.db->acquire();
  if (!lease) return http::problem(lease.error());
  if (auto current = service::report_summaries_current(app, **lease); !current) return http::problem(current.error());
  auto facilities = store::report_facilities(**lease, *range);
  if (!facilities) return http::problem(facilities.error());
  auto prescribers = store::report_prescribers(**lease, *range);
  if (!prescribers) return http::problem(prescribers.error());
  store::ReportCounts national;
  for (const auto& f : *facilities) national += f.counts;
  const double national_rate =
      national.prescriptions ? 100.0 * national.antibiotic_prescriptions / national.prescriptions : 0;
  auto rate_of = [](const store::ReportCounts& c) {
    return c.prescriptions ? 100.0 * c.antibiotic_prescriptions / c.prescriptions : 0.0;
  };
  auto vs_national = [&](const store::ReportCounts& c) -> json::value {
    if (national_rate == 0 || c.prescriptions == 0) return nullptr;
    return std::round(rate_of(c) / national_rate * 100.0) / 100.0;
  };
  json::array fac;
  for (const auto& f : *facilities) {
    json::object o{{"facility_id", f.id},
                   {"name", f.name},
                   {"facility_type", f.facility_type},
                   {"governorate", governorate_json(f.governorate)}};
    auto c = counts_json(f.counts);
    for (auto& kv : c) o[kv.key()] = kv.value();
    o["indicators"] = indicators_json(f.counts, false);
    o["antibiotic_rate_vs_national"] = vs_national(f.counts);
    fac.push_back(std::move(o));
  }
  // Highest antibiotic rate first, so "who prescribes antibiotics far above the national rate" is
  // at the top; ties by volume.
  auto list = std::move(prescribers).value();
  std::sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
    const double ra = rate_of(a.counts), rb = rate_of(b.counts);
    if (ra != rb) return ra > rb;
    if (a.counts.prescriptions != b.counts.prescriptions) return a.counts.prescriptions > b.counts.prescriptions;
    return a.id < b.id;
  });
  const bool admin = req.caller.role == "admin";
  json::array pres;
  for (size_t i = 0; i < list.size() && i < static_cast<size_t>(limit); ++i) {
    const auto& p = list[i];
    json::object o;
    if (admin) {
      o["prescriber_id"] = p.id;
      o["name"] = p.name;
    } else {
      o["prescriber"] = service::pseudonym(app, "prescriber", p.id);
    }
    o["facilities"] = p.facilities;
    o["prescriptions"] = p.counts.prescriptions;
    o["items"] = p.counts.items;
    o["indicators"] = indicators_json(p.counts, false);
    o["antibiotic_rate_vs_national"] = vs_national(p.counts);
    pres.push_back(std::move(o));
  }
  json::object out = range_json(*range);
  out["national"] =
      json::object{{"prescriptions", national.prescriptions}, {"indicators", indicators_json(national, false)}};
  out["facilities"] = std::move(fac);
  out["prescribers"] = std::move(pres);
  out["prescribers_total"] = static_cast<int64_t>(list.size());
  out["pseudonymous"] = !admin;
  return json_response(200, out);
}

http::Response controlled_alerts(app::App& app, http::Request& req) {
  int64_t to_ms = service::now_ms();
  if (auto v = req.query_param("to"); v && !v->empty()) {
    if (v->size() == 10) {
      auto d = domain::parse_iso_date(*v);
      if (!d) return http::problem(Error::invalid("to must be a date or an RFC 3339 time.", {{"to", "not a date"}}));
      to_ms = domain::start_of_day_ms(domain::add_days(*d, 1));
    } else {
      auto t = domain::parse_rfc3339(*v);
      if (!t) return http::problem(Error::invalid("to must be a date or an RFC 3339 time.", {{"to", "not a time"}}));
      to_ms = *t;
    }
  }
  auto report = service::controlled_alerts(app, to_ms);
  if (!report) return http::problem(report.error());
  json::array items;
  for (const auto& r : report->rows) {
    json::array reasons;
    if (r.prescribers >= app.config.controlled_alert_prescribers) reasons.emplace_back("prescribers");
    if (r.pharmacies >= app.config.controlled_alert_pharmacies) reasons.emplace_back("pharmacies");
    items.push_back(json::object{{"patient", r.patient_id},
                                 {"prescribers", r.prescribers},
                                 {"pharmacies", r.pharmacies},
                                 {"controlled_prescriptions", r.prescriptions},
                                 {"reasons", std::move(reasons)}});
  }
  return json_response(
      200, json::object{{"from", domain::to_rfc3339(report->from_ms)},
                        {"to", domain::to_rfc3339(report->to_ms)},
                        {"thresholds", json::object{{"prescribers", app.config.controlled_alert_prescribers},
                                                    {"pharmacies", app.config.controlled_alert_pharmacies},
                                                    {"days", app.config.controlled_alert_days}}},
                        {"items", std::move(items)}});
}

}  // namespace hf::api::reports
