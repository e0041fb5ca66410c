#include "store/report_repository.hpp"

#include <map>

namespace hf::store {
namespace {

constexpr const char* kSums =
    "SUM(r.prescriptions), SUM(r.items), SUM(r.generic_items), SUM(r.essential_items), "
    "SUM(r.antibiotic_prescriptions), SUM(r.injection_prescriptions)";

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

std::vector<Param> range_params(const ReportRange& r) {
  std::vector<Param> p{param(r.from_day), param(r.to_day)};
  if (r.governorate) p.push_back(param(*r.governorate));
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
  std::string sql = std::string("SELECT r.day, f.governorate, f.type, ") + kSums +
                    ", SUM(r.controlled_prescriptions), SUM(r.dispensations) "
                    "FROM report_daily r JOIN facilities f ON f.id = r.facility_id "
                    "WHERE r.day >= $1 AND r.day < $2" +
                    (r.governorate ? " AND f.governorate = $3" : "") +
                    " GROUP BY r.day, f.governorate, f.type ORDER BY r.day";
  auto p = range_params(r);
  auto rows = c.query(sql, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<ReportDayRow> out;
  out.reserve(rows->rows.size());
  for (const auto& row : rows->rows) {
    out.push_back(ReportDayRow{row.integer(0), row.text(1), row.text(2), counts_at(row, 3, true)});
  }
  return out;
}

Result<std::vector<IngredientCount>> report_top_ingredients(Connection& c, const ReportRange& r, int limit) {
  std::string sql = std::string("SELECT ingredient, SUM(items) AS n FROM report_ingredient_daily ") +
                    "WHERE day >= $1 AND day < $2" + (r.governorate ? " AND governorate = $3" : "") +
                    " GROUP BY ingredient ORDER BY n DESC, ingredient LIMIT " + std::to_string(limit);
  auto p = range_params(r);
  auto rows = c.query(sql, std::span<const Param>(p.data(), p.size()));
  if (!rows) return rows.error();
  std::vector<IngredientCount> out;
  for (const auto& row : rows->rows) out.push_back({row.text(0), row.integer(1)});
  return out;
}

Result<std::vector<ProviderRow>> report_facilities(Connection& c, const ReportRange& r) {
  std::string sql = std::string("SELECT f.id, f.name, f.type, f.governorate, ") + kSums +
                    ", SUM(r.controlled_prescriptions), SUM(r.dispensations) "
                    "FROM report_daily r JOIN facilities f ON f.id = r.facility_id "
                    "WHERE r.day >= $1 AND r.day < $2" +
                    (r.governorate ? " AND f.governorate = $3" : "") +
                    " GROUP BY f.id, f.name, f.type, f.governorate ORDER BY f.name, f.id";
  auto p = range_params(r);
  auto rows = c.query(sql, std::span<const Param>(p.data(), p.size()));
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
  // Aggregated first, names joined after: the join touches one row per prescriber.
  std::string sql =
      std::string("SELECT x.prescriber_id, u.full_name, x.facilities, x.p, x.i, x.g, x.e, x.a, x.j FROM (") +
      "SELECT r.prescriber_id, COUNT(DISTINCT r.facility_id) AS facilities, SUM(r.prescriptions) AS p, "
      "SUM(r.items) AS i, SUM(r.generic_items) AS g, SUM(r.essential_items) AS e, "
      "SUM(r.antibiotic_prescriptions) AS a, SUM(r.injection_prescriptions) AS j "
      "FROM report_prescriber_daily r" +
      (r.governorate ? " JOIN facilities f ON f.id = r.facility_id" : "") + " WHERE r.day >= $1 AND r.day < $2" +
      (r.governorate ? " AND f.governorate = $3" : "") +
      " GROUP BY r.prescriber_id) x LEFT JOIN users u ON u.id = x.prescriber_id";
  auto p = range_params(r);
  auto rows = c.query(sql, std::span<const Param>(p.data(), p.size()));
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

Result<std::set<std::string>> stored_antibiotic_ingredients(Connection& c) {
  auto rows = c.query("SELECT name FROM report_antibiotic_ingredients");
  if (!rows) return rows.error();
  std::set<std::string> out;
  for (const auto& r : rows->rows) out.insert(r.text(0));
  return out;
}

Status replace_antibiotic_ingredients_and_rebuild(Connection& c, const std::set<std::string>& names) {
  const bool pg = c.dialect() == Dialect::postgres;
  if (auto r = c.query("DELETE FROM report_antibiotic_ingredients"); !r) return r.error();
  for (const auto& n : names) {
    if (auto r = c.query("INSERT INTO report_antibiotic_ingredients (name) VALUES ($1)", {param(n)}); !r)
      return r.error();
  }
  const char* steps[] = {
      "DELETE FROM report_daily",
      "DELETE FROM report_prescriber_daily",
      "DELETE FROM report_ingredient_daily",
      "INSERT INTO report_daily (day, facility_id, prescriptions, items, generic_items, essential_items, "
      "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions) "
      "SELECT p.issued_at / 86400000, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), SUM(COALESCE(x.g, 0)), "
      "SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)), "
      "SUM(CASE WHEN p.controlled = 1 THEN 1 ELSE 0 END) "
      "FROM prescriptions p LEFT JOIN (SELECT prescription_id, COUNT(*) AS n, SUM(generic) AS g, "
      "SUM(essential) AS e, MAX(antibiotic) AS a, MAX(injection) AS j FROM report_item_facts "
      "GROUP BY prescription_id) x ON x.prescription_id = p.id GROUP BY p.issued_at / 86400000, p.facility_id",
      "INSERT INTO report_daily (day, facility_id, dispensations) SELECT dispensed_at / 86400000, pharmacy_id, "
      "COUNT(*) FROM dispensations WHERE 1 = 1 GROUP BY dispensed_at / 86400000, pharmacy_id "
      "ON CONFLICT (day, facility_id) DO UPDATE SET dispensations = excluded.dispensations",
      "INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, prescriptions, items, generic_items, "
      "essential_items, antibiotic_prescriptions, injection_prescriptions) "
      "SELECT p.issued_at / 86400000, p.prescriber_id, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), "
      "SUM(COALESCE(x.g, 0)), SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)) "
      "FROM prescriptions p LEFT JOIN (SELECT prescription_id, COUNT(*) AS n, SUM(generic) AS g, "
      "SUM(essential) AS e, MAX(antibiotic) AS a, MAX(injection) AS j FROM report_item_facts "
      "GROUP BY prescription_id) x ON x.prescription_id = p.id "
      "GROUP BY p.issued_at / 86400000, p.prescriber_id, p.facility_id",
      pg ? "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
           "SELECT v.day, v.governorate, lower(j ->> 'name'), COUNT(*) "
           "FROM report_item_facts v, json_array_elements(v.ingredients::json) j "
           "GROUP BY v.day, v.governorate, lower(j ->> 'name')"
         : "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
           "SELECT v.day, v.governorate, lower(json_extract(j.value, '$.name')), COUNT(*) "
           "FROM report_item_facts v, json_each(v.ingredients) j "
           "GROUP BY v.day, v.governorate, lower(json_extract(j.value, '$.name'))",
  };
  for (const char* sql : steps) {
    if (auto r = c.query(sql); !r) return r.error();
  }
  return ok_status();
}

}  // namespace hf::store
