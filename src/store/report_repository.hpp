#pragma once
// SQL for the regulator reports. Reads the summary tables of migrations 0005 (daily) and
// 0007 (rollups by region and by month), kept current by triggers; never selects a patient's name or
// national ID. Rebuilding them: store/report_rebuild.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct ReportCounts {
  int64_t prescriptions = 0;
  int64_t items = 0;
  int64_t generic_items = 0;
  int64_t essential_items = 0;
  int64_t antibiotic_prescriptions = 0;
  int64_t injection_prescriptions = 0;
  int64_t controlled_prescriptions = 0;
  int64_t dispensations = 0;
  ReportCounts& operator+=(const ReportCounts& o);
};

// Days are UTC days since 1970-01-01; ranges are [from_day, to_day).
struct ReportRange {
  int64_t from_day = 0;
  int64_t to_day = 0;
  std::optional<std::string> governorate;  // 2-digit code of the facility's governorate
};

struct ReportDayRow {
  int64_t day = 0;
  std::string governorate;
  std::string facility_type;
  ReportCounts counts;
};
// Per day, governorate and facility type.
Result<std::vector<ReportDayRow>> report_days(Connection& c, const ReportRange& r);

struct IngredientCount {
  std::string ingredient;
  int64_t items = 0;
};
Result<std::vector<IngredientCount>> report_top_ingredients(Connection& c, const ReportRange& r, int limit);

struct ProviderRow {
  std::string id;
  std::string name;
  std::string facility_type;  // facilities only
  std::string governorate;    // facilities only
  int64_t facilities = 0;     // prescribers only: where they prescribed
  ReportCounts counts;
};
Result<std::vector<ProviderRow>> report_facilities(Connection& c, const ReportRange& r);
Result<std::vector<ProviderRow>> report_prescribers(Connection& c, const ReportRange& r);

struct ControlledRow {
  std::string patient_id;  // turned into a pseudonym before it leaves the service
  int64_t prescribers = 0;
  int64_t pharmacies = 0;
  int64_t prescriptions = 0;
};
// Patients with controlled prescriptions from >= min_prescribers prescribers (issued in
// [from_ms, to_ms)) or dispensed at >= min_pharmacies pharmacies (dispensed in [from_ms, to_ms),
// prescriptions issued since issued_since_ms).
Result<std::vector<ControlledRow>> report_controlled(Connection& c, int64_t from_ms, int64_t to_ms,
                                                     int64_t issued_since_ms, int min_prescribers, int min_pharmacies);

}  // namespace hf::store
