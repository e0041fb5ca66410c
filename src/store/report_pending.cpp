#include "store/report_pending.hpp"

#include <array>

namespace hf::store {
namespace {

constexpr const char* kMark = "INSERT INTO report_pending (prescription_id) VALUES ($1)";
constexpr const char* kAnyPending = "SELECT 1 FROM report_pending LIMIT 1";
constexpr const char* kClear = "DELETE FROM report_pending";

// Per prescription: its items, generic and essential items, and whether any item is an antibiotic
// or an injection (a prescription counts once for those), as the row triggers of migration 0005
// and the rebuild (store/report_rebuild.cpp) count them. The same text serves both dialects.
#define HF_PENDING_ITEMS                                                                               \
  "LEFT JOIN (SELECT prescription_id, COUNT(*) AS n, SUM(generic) AS g, SUM(essential) AS e, "         \
  "MAX(antibiotic) AS a, MAX(injection) AS j FROM report_item_facts "                                  \
  "WHERE prescription_id IN (SELECT prescription_id FROM report_pending) GROUP BY prescription_id) x " \
  "ON x.prescription_id = p.id "

constexpr const char* kDaily =
    "INSERT INTO report_daily (day, facility_id, prescriptions, items, generic_items, essential_items, "
    "antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions) "
    "SELECT p.issued_at / 86400000, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), SUM(COALESCE(x.g, 0)), "
    "SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)), "
    "SUM(CASE WHEN p.controlled = 1 THEN 1 ELSE 0 END) "
    "FROM report_pending q JOIN prescriptions p ON p.id = q.prescription_id " HF_PENDING_ITEMS
    "WHERE 1 = 1 GROUP BY p.issued_at / 86400000, p.facility_id "
    "ON CONFLICT (day, facility_id) DO UPDATE SET prescriptions = report_daily.prescriptions + excluded.prescriptions, "
    "items = report_daily.items + excluded.items, generic_items = report_daily.generic_items + excluded.generic_items, "
    "essential_items = report_daily.essential_items + excluded.essential_items, "
    "antibiotic_prescriptions = report_daily.antibiotic_prescriptions + excluded.antibiotic_prescriptions, "
    "injection_prescriptions = report_daily.injection_prescriptions + excluded.injection_prescriptions, "
    "controlled_prescriptions = report_daily.controlled_prescriptions + excluded.controlled_prescriptions";

constexpr const char* kPrescriberDaily =
    "INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, prescriptions, items, generic_items, "
    "essential_items, antibiotic_prescriptions, injection_prescriptions) "
    "SELECT p.issued_at / 86400000, p.prescriber_id, p.facility_id, COUNT(*), SUM(COALESCE(x.n, 0)), "
    "SUM(COALESCE(x.g, 0)), SUM(COALESCE(x.e, 0)), SUM(COALESCE(x.a, 0)), SUM(COALESCE(x.j, 0)) "
    "FROM report_pending q JOIN prescriptions p ON p.id = q.prescription_id " HF_PENDING_ITEMS
    "WHERE 1 = 1 GROUP BY p.issued_at / 86400000, p.prescriber_id, p.facility_id "
    "ON CONFLICT (day, prescriber_id, facility_id) DO UPDATE SET "
    "prescriptions = report_prescriber_daily.prescriptions + excluded.prescriptions, "
    "items = report_prescriber_daily.items + excluded.items, "
    "generic_items = report_prescriber_daily.generic_items + excluded.generic_items, "
    "essential_items = report_prescriber_daily.essential_items + excluded.essential_items, "
    "antibiotic_prescriptions = report_prescriber_daily.antibiotic_prescriptions + excluded.antibiotic_prescriptions, "
    "injection_prescriptions = report_prescriber_daily.injection_prescriptions + excluded.injection_prescriptions";

#undef HF_PENDING_ITEMS

constexpr const char* kIngredientDailySqlite =
    "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
    "SELECT v.day, v.governorate, lower(json_extract(j.value, '$.name')), COUNT(*) "
    "FROM report_item_facts v, json_each(v.ingredients) j "
    "WHERE v.prescription_id IN (SELECT prescription_id FROM report_pending) "
    "GROUP BY v.day, v.governorate, lower(json_extract(j.value, '$.name')) "
    "ON CONFLICT (day, governorate, ingredient) DO UPDATE SET items = report_ingredient_daily.items + excluded.items";
constexpr const char* kIngredientDailyPostgres =
    "INSERT INTO report_ingredient_daily (day, governorate, ingredient, items) "
    "SELECT v.day, v.governorate, lower(j ->> 'name'), COUNT(*) "
    "FROM report_item_facts v, json_array_elements(v.ingredients::json) j "
    "WHERE v.prescription_id IN (SELECT prescription_id FROM report_pending) "
    "GROUP BY v.day, v.governorate, lower(j ->> 'name') "
    "ON CONFLICT (day, governorate, ingredient) DO UPDATE SET items = report_ingredient_daily.items + excluded.items";

}  // namespace

Status mark_report_pending(Connection& c, const std::string& prescription_id) {
  if (auto r = c.query(kMark, {param(prescription_id)}); !r) return r.error();
  return ok_status();
}

Status fold_pending_reports(Connection& c) {
  auto any = c.query(kAnyPending);
  if (!any) return any.error();
  if (any->empty()) return ok_status();
  const bool pg = c.dialect() == Dialect::postgres;
  const std::array<const char*, 4> steps{kDaily, kPrescriberDaily,
                                         pg ? kIngredientDailyPostgres : kIngredientDailySqlite, kClear};
  for (const char* sql : steps) {
    if (auto r = c.query(sql); !r) return r.error();
  }
  return ok_status();
}

}  // namespace hf::store
