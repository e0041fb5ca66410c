#pragma once
// A patient's access log (API.md "Patients", DOMAIN.md "Audit"): who read or changed my record,
// when and why, in plain English and Arabic.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/audit_repository.hpp"

namespace hf::service {

struct AccessLogEntry {
  int64_t seq = 0;
  int64_t at = 0;
  std::string action;
  std::string outcome;
  std::string reason;
  std::string actor_id;
  store::ActorInfo actor;  // name "" when the actor is unknown (e.g. the system)
  std::string description_en;
  std::string description_ar;
};

// The patient themselves or an admin; another patient's id answers 404. Newest first.
Result<std::vector<AccessLogEntry>> access_log(app::App& app, const http::Request& req, const std::string& patient_id,
                                               std::optional<int64_t> before_seq, int limit);

// "Dr. X (doctor) opened your record" in English and Arabic (exposed for tests).
std::pair<std::string, std::string> describe_access(const std::string& action, const std::string& outcome,
                                                    const store::ActorInfo& actor);

}  // namespace hf::service
