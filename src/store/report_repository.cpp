#include "store/report_repository.hpp"

#include <map>

#include "domain/report_periods.hpp"

namespace hf::store {
namespace {

// Reports over a range read whole months from the monthly rollups and the edge days from the daily
// tables (domain/report_periods.hpp): $1-$2 the months, $3-$6 days added, $7-$10 days subtracted,
// $11 the governorate code or ''. Rows whose counts sum to zero over the range are left out, as a
// range without any daily row for them would leave them out.

// Per day, governorate and facility type (summary, trends): $1-$2 days, $3 governorate or ''.
constexpr const char* kRegionDays =
    "SELECT day, governorate, facility_type, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations "
    "FROM report_region_daily WHERE day >= $1 AND day < $2 AND ($3 = '' OR governorate = $3) "
    "AND (prescriptions > 0 OR dispensations > 0) ORDER BY day, governorate, facility_type";

constexpr const char* kTopIngredients =
    "SELECT ingredient, SUM(n) AS total FROM ("
    "SELECT ingredient, items AS n FROM report_ingredient_monthly "
    "WHERE month >= $1 AND month < $2 AND ($11 = '' OR governorate = $11) "
    "UNION ALL SELECT ingredient, items FROM report_ingredient_daily "
    "WHERE day >= $3 AND day < $4 AND ($11 = '' OR governorate = $11) "
    "UNION ALL SELECT ingredient, items FROM report_ingredient_daily "
    "WHERE day >= $5 AND day < $6 AND ($11 = '' OR governorate = $11) "
    "UNION ALL SELECT ingredient, -items FROM report_ingredient_daily "
    "WHERE day >= $7 AND day < $8 AND ($11 = '' OR governorate = $11) "
    "UNION ALL SELECT ingredient, -items FROM report_ingredient_daily "
    "WHERE day >= $9 AND day < $10 AND ($11 = '' OR governorate = $11)"
    ") x GROUP BY ingredient HAVING SUM(n) > 0 ORDER BY total DESC, ingredient LIMIT $12";

// Aggregated per facility first, names joined after: the join touches one row per facility.
constexpr const char* kFacilities =
    "SELECT f.id, f.name, f.type, f.governorate, x.p, x.i, x.g, x.e, x.a, x.j, x.c, x.d FROM ("
    "SELECT facility_id, SUM(prescriptions) AS p, SUM(items) AS i, SUM(generic_items) AS g, "
    "SUM(essential_items) AS e, SUM(antibiotic_prescriptions) AS a, SUM(injection_prescriptions) AS j, "
    "SUM(controlled_prescriptions) AS c, SUM(dispensations) AS d FROM ("
    "SELECT facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, "
    "injection_prescriptions, controlled_prescriptions, dispensations FROM report_facility_monthly "
    "WHERE month >= $1 AND month < $2 "
    "UNION ALL SELECT facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, "
    "injection_prescriptions, controlled_prescriptions, dispensations FROM report_daily WHERE day >= $3 AND day < $4 "
    "UNION ALL SELECT facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, "
    "injection_prescriptions, controlled_prescriptions, dispensations FROM report_daily WHERE day >= $5 AND day < $6 "
    "UNION ALL SELECT facility_id, -prescriptions, -items, -generic_items, -essential_items, "
    "-antibiotic_prescriptions, -injection_prescriptions, -controlled_prescriptions, -dispensations "
    "FROM report_daily WHERE day >= $7 AND day < $8 "
    "UNION ALL SELECT facility_id, -prescriptions, -items, -generic_items, -essential_items, "
    "-antibiotic_prescriptions, -injection_prescriptions, -controlled_prescriptions, -dispensations "
    "FROM report_daily WHERE day >= $9 AND day < $10"
    ") r GROUP BY facility_id HAVING SUM(prescriptions) > 0 OR SUM(dispensations) > 0"
    ") x JOIN facilities f ON f.id = x.facility_id WHERE ($11 = '' OR f.governorate = $11) ORDER BY f.name, f.id";

// Per prescriber and facility first (a prescriber counts the facilities where they prescribed in the
// range), then per prescriber; names joined last, one row per prescriber.
constexpr const char* kPrescribers =
    "SELECT x.prescriber_id, u.full_name, x.facilities, x.p, x.i, x.g, x.e, x.a, x.j FROM ("
    "SELECT pf.prescriber_id, COUNT(*) AS facilities, SUM(pf.p) AS p, SUM(pf.i) AS i, SUM(pf.g) AS g, "
    "SUM(pf.e) AS e, SUM(pf.a) AS a, SUM(pf.j) AS j FROM ("
    "SELECT prescriber_id, facility_id, SUM(prescriptions) AS p, SUM(items) AS i, SUM(generic_items) AS g, "
    "SUM(essential_items) AS e, SUM(antibiotic_prescriptions) AS a, SUM(injection_prescriptions) AS j FROM ("
    "SELECT prescriber_id, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions FROM report_prescriber_monthly WHERE month >= $1 AND month < $2 "
    "UNION ALL SELECT prescriber_id, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions FROM report_prescriber_daily WHERE day >= $3 AND day < $4 "
    "UNION ALL SELECT prescriber_id, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions FROM report_prescriber_daily WHERE day >= $5 AND day < $6 "
    "UNION ALL SELECT prescriber_id, facility_id, -prescriptions, -items, -generic_items, -essential_items, "
    "-antibiotic_prescriptions, -injection_prescriptions FROM report_prescriber_daily WHERE day >= $7 AND day < $8 "
    "UNION ALL SELECT prescriber_id, facility_id, -prescriptions, -items, -generic_items, -essential_items, "
    "-antibiotic_prescriptions, -injection_prescriptions FROM report_prescriber_daily WHERE day >= $9 AND day < $10"
    ") r GROUP BY prescriber_id, facility_id HAVING SUM(prescriptions) > 0"
    ") pf LEFT JOIN facilities f ON f.id = pf.facility_id WHERE ($11 = '' OR f.governorate = $11) "
    "GROUP BY pf.prescriber_id) x LEFT JOIN users u ON u.id = x.prescriber_id";

ReportCounts counts_at(const Row& row, size_t i, bool with_tail) {
  ReportCounts c;
  c.prescriptions = row.integer(i);
  c.items = row.integer(i + 1);
  c.generic_items = row.integer(i + 2);
  c.essential_items = row.integer(i + 3);
  c.antibiotic_prescriptions = row.integer(i + 4);
  c.injection_prescriptions = row.integer(i + 5);
  if (with_tail) {
    c.controlled_prescriptions = row.integer(i + 6);
    c.dispensations = row.integer(i + 7);
  }
  return c;
}

std::vector<Param> cover_params(const ReportRange& r) {
  const domain::MonthCover cover = domain::cover_with_months(r.from_day, r.to_day);
  std::vector<Param> p;
  for (const auto& range : {cover.months, cover.added[0], cover.added[1], cover.removed[0], cover.removed[1]}) {
    p.push_back(param(range.empty() ? int64_t{0} : range.from));
    p.push_back(param(range.empty() ? int64_t{0} : range.to));
  }
  p.push_back(param(r.governorate.value_or("")));
  return p;
}

}  // namespace

ReportCounts& ReportCounts::operator+=(const ReportCounts& o) {
  prescriptions += o.prescriptions;
  items += o.items;
  generic_items += o.generic_items;
  essential_items += o.essential_items;
  antibiotic_prescriptions += o.antibiotic_prescriptions;
  injection_prescriptions += o.injection_prescriptions;
  controlled_prescriptions += o.controlled_prescriptions;
  dispensations += o.dispensations;
  return *this;
}

Result<std::vector<ReportDayRow>> report_days(Connection& c, const ReportRange& r) {
  std::vector<Param> p{param(r.from_day), param(r.to_day), param(r.governorate.value_or(""))};
  auto rows = c.query(kRegionDays, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<ReportDayRow> out;
  out.reserve(rows->rows.size());
  for (const auto& row : rows->rows) {
    out.push_back(ReportDayRow{row.integer(0), row.text(1), row.text(2), counts_at(row, 3, true)});
  }
  return out;
}

Result<std::vector<IngredientCount>> report_top_ingredients(Connection& c, const ReportRange& r, int limit) {
  auto p = cover_params(r);
  p.push_back(param(static_cast<int64_t>(limit)));
  auto rows = c.query(kTopIngredients, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<IngredientCount> out;
  for (const auto& row : rows->rows) out.push_back({row.text(0), row.integer(1)});
  return out;
}

Result<std::vector<ProviderRow>> report_facilities(Connection& c, const ReportRange& r) {
  auto p = cover_params(r);
  auto rows = c.query(kFacilities, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<ProviderRow> out;
  for (const auto& row : rows->rows) {
    ProviderRow pr;
    pr.id = row.text(0);
    pr.name = row.text(1);
    pr.facility_type = row.text(2);
    pr.governorate = row.text(3);
    pr.counts = counts_at(row, 4, true);
    out.push_back(std::move(pr));
  }
  return out;
}

Result<std::vector<ProviderRow>> report_prescribers(Connection& c, const ReportRange& r) {
  auto p = cover_params(r);
  auto rows = c.query(kPrescribers, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<ProviderRow> out;
  out.reserve(rows->rows.size());
  for (const auto& row : rows->rows) {
    ProviderRow pr;
    pr.id = row.text(0);
    pr.name = row.text(1);
    pr.facilities = row.integer(2);
    pr.counts = counts_at(row, 3, false);
    out.push_back(std::move(pr));
  }
  return out;
}

Result<std::vector<ControlledRow>> report_controlled(Connection& c, int64_t from_ms, int64_t to_ms,
                                                     int64_t issued_since_ms, int min_prescribers, int min_pharmacies) {
  static constexpr const char* kByPrescribers =
      "SELECT patient_id, COUNT(DISTINCT prescriber_id), COUNT(*) FROM prescriptions "
      "WHERE controlled = 1 AND issued_at >= $1 AND issued_at < $2 GROUP BY patient_id "
      "HAVING COUNT(DISTINCT prescriber_id) >= $3";
  static constexpr const char* kByPharmacies =
      "SELECT p.patient_id, COUNT(DISTINCT d.pharmacy_id) FROM prescriptions p "
      "JOIN dispensations d ON d.prescription_id = p.id "
      "WHERE p.controlled = 1 AND p.issued_at >= $1 AND p.issued_at < $2 AND d.dispensed_at >= $3 "
      "AND d.dispensed_at < $2 GROUP BY p.patient_id HAVING COUNT(DISTINCT d.pharmacy_id) >= $4";
  std::map<std::string, ControlledRow> found;
  auto a = c.query(kByPrescribers, {param(from_ms), param(to_ms), param(static_cast<int64_t>(min_prescribers))});
  if (!a) return a.error();
  for (const auto& row : a->rows) {
    auto& r = found[row.text(0)];
    r.patient_id = row.text(0);
    r.prescribers = row.integer(1);
    r.prescriptions = row.integer(2);
  }
  auto b = c.query(kByPharmacies,
                   {param(issued_since_ms), param(to_ms), param(from_ms), param(static_cast<int64_t>(min_pharmacies))});
  if (!b) return b.error();
  for (const auto& row : b->rows) {
    auto& r = found[row.text(0)];
    r.patient_id = row.text(0);
    r.pharmacies = row.integer(1);
  }
  // Fill the other count for patients found by only one rule.
  static constexpr const char* kPrescribersOf =
      "SELECT COUNT(DISTINCT prescriber_id), COUNT(*) FROM prescriptions "
      "WHERE patient_id = $1 AND controlled = 1 AND issued_at >= $2 AND issued_at < $3";
  static constexpr const char* kPharmaciesOf =
      "SELECT COUNT(DISTINCT d.pharmacy_id) FROM prescriptions p JOIN dispensations d ON d.prescription_id = p.id "
      "WHERE p.patient_id = $1 AND p.controlled = 1 AND p.issued_at >= $2 AND d.dispensed_at >= $3 "
      "AND d.dispensed_at < $4";
  std::vector<ControlledRow> out;
  for (auto& [id, r] : found) {
    if (r.prescribers == 0) {
      auto q = c.query(kPrescribersOf, {param(id), param(from_ms), param(to_ms)});
      if (!q) return q.error();
      r.prescribers = q->first().integer(0);
      r.prescriptions = q->first().integer(1);
    }
    if (r.pharmacies == 0) {
      auto q = c.query(kPharmaciesOf, {param(id), param(issued_since_ms), param(from_ms), param(to_ms)});
      if (!q) return q.error();
      r.pharmacies = q->first().integer(0);
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace hf::store
