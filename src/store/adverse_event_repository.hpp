#pragma once
// Adverse-event reports (migrations/0006_regulation.up.sql). No patient identity is stored.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct AdverseEventRecord {
  std::string id;
  std::string drug_id;
  std::string trade_name;  // read only (joined)
  std::string reporter_id;
  std::string reporter_role;
  std::string patient_age_band;
  std::string patient_sex;
  std::string reaction;
  std::string seriousness;
  std::string outcome;
  std::optional<std::string> narrative;
  std::string status = "received";
  int64_t reported_at = 0;
  int64_t updated_at = 0;
};

struct AdverseEventFilter {
  std::string status;
  std::string drug_id;
  std::string seriousness;
};

struct AdverseEventCount {
  std::string drug_id;
  std::string trade_name;
  int64_t serious = 0;
  int64_t non_serious = 0;
};

Status insert_adverse_event(Connection& c, const AdverseEventRecord& r);
Result<std::optional<AdverseEventRecord>> find_adverse_event(Connection& c, const std::string& id);
Result<std::vector<AdverseEventRecord>> list_adverse_events(Connection& c, const AdverseEventFilter& f, int limit,
                                                            int offset);
Result<std::vector<AdverseEventCount>> count_adverse_events(Connection& c, const AdverseEventFilter& f);
// Conditional: changes nothing (false) unless the report is still in `from`.
Result<bool> move_adverse_event(Connection& c, const std::string& id, const std::string& from, const std::string& to,
                                int64_t now_ms);

}  // namespace hf::store
