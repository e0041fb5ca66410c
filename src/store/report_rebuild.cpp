#include "store/report_rebuild.hpp"

#include <array>

namespace hf::store {
namespace {

// Writers wait while the summaries are rebuilt; readers (reports included) go on.
constexpr const char* kLockRawTablesPostgres =
    "LOCK TABLE prescriptions, prescription_items, dispensations, facilities IN SHARE MODE";

// While this row exists in the rebuilding transaction the rollup triggers of migration 0007 stand
// aside (other transactions never see it): the rollups are rebuilt set by set at the end instead of
// row by row.
constexpr const char* kGuardOn = "INSERT INTO report_rebuild_guard (active) VALUES (1)";
constexpr const char* kGuardOff = "DELETE FROM report_rebuild_guard";

constexpr std::array kClear = {
    "DELETE FROM report_daily",
    "DELETE FROM report_prescriber_daily",
    "DELETE FROM report_ingredient_daily",
    "DELETE FROM report_region_daily",
    "DELETE FROM report_facility_monthly",
    "DELETE FROM report_prescriber_monthly",
    "DELETE FROM report_ingredient_monthly",
};

constexpr const char* kDaily =
    "INSERT INTO report_daily (day, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions) "
    "SELECT p.issued_at / 86400000, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), SUM(COALESCE(x.g, 0)), "
    "SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)), "
    "SUM(CASE WHEN p.controlled = 1 THEN 1 ELSE 0 END) FROM prescriptions p "
    "LEFT JOIN (SELECT prescription_id, COUNT(*) AS n, SUM(generic) AS g, SUM(essential) AS e, "
    "MAX(antibiotic) AS a, MAX(injection) AS j FROM report_item_facts GROUP BY prescription_id) x "
    "ON x.prescription_id = p.id "
    "GROUP BY p.issued_at / 86400000, p.facility_id";

constexpr const char* kDailyDispensations =
    "INSERT INTO report_daily (day, facility_id, dispensations) SELECT dispensed_at / 86400000, pharmacy_id, "
    "COUNT(*) FROM dispensations WHERE 1 = 1 GROUP BY dispensed_at / 86400000, pharmacy_id "
    "ON CONFLICT (day, facility_id) DO UPDATE SET dispensations = excluded.dispensations";

constexpr const char* kPrescriberDaily =
    "INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, prescriptions, items, generic_items, "
    "essential_items, antibiotic_prescriptions, injection_prescriptions) "
    "SELECT p.issued_at / 86400000, p.prescriber_id, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), "
    "SUM(COALESCE(x.g, 0)), SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)) "
    "FROM prescriptions p "
    "LEFT JOIN (SELECT prescription_id, COUNT(*) AS n, SUM(generic) AS g, SUM(essential) AS e, "
    "MAX(antibiotic) AS a, MAX(injection) AS j FROM report_item_facts GROUP BY prescription_id) x "
    "ON x.prescription_id = p.id "
    "GROUP BY p.issued_at / 86400000, p.prescriber_id, p.facility_id";

constexpr const char* kIngredientDailyPostgres =
    "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
    "SELECT v.day, v.governorate, lower(j ->> 'name'), COUNT(*) "
    "FROM report_item_facts v, json_array_elements(v.ingredients::json) j "
    "GROUP BY v.day, v.governorate, lower(j ->> 'name')";
constexpr const char* kIngredientDailySqlite =
    "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
    "SELECT v.day, v.governorate, lower(json_extract(j.value, '$.name')), COUNT(*) "
    "FROM report_item_facts v, json_each(v.ingredients) j "
    "GROUP BY v.day, v.governorate, lower(json_extract(j.value, '$.name'))";

constexpr const char* kRegionDaily =
    "INSERT INTO report_region_daily (day, governorate, facility_type, prescriptions, items, generic_items, "
    "essential_items, antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations) "
    "SELECT r.day, f.governorate, f.type, SUM(r.prescriptions), SUM(r.items), SUM(r.generic_items), "
    "SUM(r.essential_items), SUM(r.antibiotic_prescriptions), SUM(r.injection_prescriptions), "
    "SUM(r.controlled_prescriptions), SUM(r.dispensations) "
    "FROM report_daily r JOIN facilities f ON f.id = r.facility_id GROUP BY r.day, f.governorate, f.type";

// The monthly rollups from the daily tables. The month of day d (the day number of its first day) is
// report_month(d) on PostgreSQL and computed inline on SQLite, as in migration 0007.
constexpr const char* kFacilityMonthlyPostgres =
    "INSERT INTO report_facility_monthly (month, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations) "
    "SELECT report_month(day) AS m, facility_id, SUM(prescriptions), SUM(items), SUM(generic_items), "
    "SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions), SUM(controlled_prescriptions), "
    "SUM(dispensations) FROM report_daily GROUP BY m, facility_id";
constexpr const char* kFacilityMonthlySqlite =
    "INSERT INTO report_facility_monthly (month, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations) "
    "SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, facility_id, SUM(prescriptions), "
    "SUM(items), SUM(generic_items), "
    "SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions), SUM(controlled_prescriptions), "
    "SUM(dispensations) FROM report_daily GROUP BY m, facility_id";
constexpr const char* kPrescriberMonthlyPostgres =
    "INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items, "
    "essential_items, antibiotic_prescriptions, injection_prescriptions) "
    "SELECT report_month(day) AS m, prescriber_id, facility_id, SUM(prescriptions), SUM(items), "
    "SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions) "
    "FROM report_prescriber_daily GROUP BY m, prescriber_id, facility_id";
constexpr const char* kPrescriberMonthlySqlite =
    "INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items, "
    "essential_items, antibiotic_prescriptions, injection_prescriptions) "
    "SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, prescriber_id, facility_id, "
    "SUM(prescriptions), SUM(items), "
    "SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions) "
    "FROM report_prescriber_daily GROUP BY m, prescriber_id, facility_id";
constexpr const char* kIngredientMonthlyPostgres =
    "INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items) "
    "SELECT report_month(day) AS m, governorate, ingredient, SUM(items) "
    "FROM report_ingredient_daily GROUP BY m, governorate, ingredient";
constexpr const char* kIngredientMonthlySqlite =
    "INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items) "
    "SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, governorate, ingredient, "
    "SUM(items) "
    "FROM report_ingredient_daily GROUP BY m, governorate, ingredient";

constexpr std::array kMonthlyPostgres = {kFacilityMonthlyPostgres, kPrescriberMonthlyPostgres,
                                         kIngredientMonthlyPostgres};
constexpr std::array kMonthlySqlite = {kFacilityMonthlySqlite, kPrescriberMonthlySqlite, kIngredientMonthlySqlite};

Status run(Connection& c, const char* sql) {
  if (auto r = c.query(sql); !r) return r.error();
  return ok_status();
}

}  // namespace

Result<std::set<std::string>> stored_antibiotic_ingredients(Connection& c) {
  auto rows = c.query("SELECT name FROM report_antibiotic_ingredients");
  if (!rows) return rows.error();
  std::set<std::string> out;
  for (const auto& r : rows->rows) out.insert(r.text(0));
  return out;
}

Result<bool> report_source_rows_exist(Connection& c) {
  auto rows = c.query(
      "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM prescriptions LIMIT 1) p) + "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM dispensations LIMIT 1) d)");
  if (!rows) return rows.error();
  return rows->first().integer(0) > 0;
}

Status rebuild_report_summaries(Connection& c, const std::set<std::string>& antibiotic_ingredients) {
  const bool pg = c.dialect() == Dialect::postgres;
  if (pg) {
    if (auto s = run(c, kLockRawTablesPostgres); !s) return s;
  }
  if (auto s = run(c, kGuardOn); !s) return s;
  if (auto s = run(c, "DELETE FROM report_antibiotic_ingredients"); !s) return s;
  for (const auto& n : antibiotic_ingredients) {
    if (auto r = c.query("INSERT INTO report_antibiotic_ingredients (name) VALUES ($1)", {param(n)}); !r) {
      return r.error();
    }
  }
  for (const char* sql : kClear) {
    if (auto s = run(c, sql); !s) return s;
  }
  for (const char* sql : {kDaily, kDailyDispensations, kPrescriberDaily,
                          pg ? kIngredientDailyPostgres : kIngredientDailySqlite, kRegionDaily}) {
    if (auto s = run(c, sql); !s) return s;
  }
  for (const char* sql : pg ? kMonthlyPostgres : kMonthlySqlite) {
    if (auto s = run(c, sql); !s) return s;
  }
  return run(c, kGuardOff);
}

}  // namespace hf::store
