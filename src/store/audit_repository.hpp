#pragma once
// Reading the audit log: the admin's filtered list and a patient's access log. Appending
// and chain verification live in service/audit_log.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct AuditRow {
  int64_t seq = 0;
  std::string id;
  int64_t at = 0;
  std::string actor_id, actor_role, action, patient_id, record_type, record_id, source_ip, request_id, outcome, reason;
};

struct AuditFilter {
  std::optional<std::string> actor_id;
  std::optional<std::string> patient_id;
  std::optional<std::string> action;
  std::optional<int64_t> from_ms;     // at >= from
  std::optional<int64_t> to_ms;       // at < to
  std::optional<int64_t> before_seq;  // keyset paging, newest first
  int limit = 20;
};

// Newest first (by seq, the chain order).
Result<std::vector<AuditRow>> list_audit(Connection& c, const AuditFilter& f);

struct ActorInfo {
  std::string name;
  std::string name_ar;
  std::string role;
  std::optional<std::string> facility;
  std::optional<std::string> facility_ar;
};
// Names and (first) facility of the given users, or the name and facility of an API key (role
// "integrator"); unknown ids are absent.
Result<std::map<std::string, ActorInfo>> describe_actors(Connection& c, const std::vector<std::string>& user_ids);

}  // namespace hf::store
