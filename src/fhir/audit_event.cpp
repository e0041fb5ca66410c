// AuditEvent: the hash-chained audit log as FHIR. A caller sees the entries it caused
// (a doctor their own actions, an integrator key what was done with that key); the whole log stays
// with admins in the JSON API.
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "store/database.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kEntries =
    "SELECT seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, source_ip, outcome, reason "
    "FROM audit_log WHERE actor_id = $1 AND ($2 = '' OR id = $2) AND ($3 = '' OR patient_id = $3) "
    "AND ($4 = '' OR action = $4) ORDER BY seq DESC LIMIT $5 OFFSET $6";

// R read, C create, U update, D delete, E execute (FHIR audit-event-action).
const char* action_code(const std::string& action) {
  auto ends = [&](const char* s) {
    const std::string suffix(s);
    return action.size() >= suffix.size() && action.compare(action.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".read") || ends(".find") || ends(".history") || ends(".verify")) return "R";
  if (ends(".create") || ends(".register")) return "C";
  if (ends(".update") || ends(".cancel") || ends(".approve") || ends(".reject")) return "U";
  if (ends(".delete") || ends(".revoke")) return "D";
  return "E";
}

json::object to_fhir(const store::Row& row) {
  const std::string outcome_text = row.text(10);
  json::object who{{"identifier", json::object{{"value", row.text(3)}}}};
  const std::string role = row.text(4);
  if (role == "doctor" || role == "pharmacist") who = reference("Practitioner", row.text(3));
  json::object agent{{"who", std::move(who)}, {"requestor", true}};
  if (!role.empty()) agent["role"] = json::array{json::object{{"text", role}}};
  if (!row.text(9).empty()) agent["network"] = json::object{{"address", row.text(9)}, {"type", "2"}};
  json::object r{{"resourceType", "AuditEvent"},
                 {"id", row.text(1)},
                 {"type", json::object{{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"},
                                       {"code", "rest"},
                                       {"display", "RESTful Operation"}}},
                 {"subtype", json::array{json::object{{"system", kAuditActionSystem}, {"code", row.text(5)}}}},
                 {"action", action_code(row.text(5))},
                 {"recorded", instant(row.integer(2))},
                 {"outcome", outcome_text == "success" ? "0" : "4"},
                 {"agent", json::array{std::move(agent)}},
                 {"source", json::object{{"observer", json::object{{"display", "HealthFlow"}}}}}};
  if (!row.text(11).empty()) r["outcomeDesc"] = row.text(11);
  json::array entities;
  if (!row.text(6).empty()) entities.push_back(json::object{{"what", reference("Patient", row.text(6))}});
  if (!row.text(8).empty() && row.text(8) != row.text(6)) {
    entities.push_back(json::object{{"what", json::object{{"identifier", json::object{{"value", row.text(8)}}}}},
                                    {"name", row.text(7)}});
  }
  if (!entities.empty()) r["entity"] = std::move(entities);
  return r;
}

Result<std::vector<json::object>> find(app::App& app, const http::Request& req, const std::string& id,
                                       const std::string& patient, const std::string& action, int limit, int offset) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto rows = (*lease)->query(kEntries, {store::param(req.caller.id), store::param(id), store::param(patient),
                                         store::param(action), store::param(limit), store::param(offset)});
  if (!rows) return rows.error();
  std::vector<json::object> out;
  for (const auto& row : rows->rows) out.push_back(to_fhir(row));
  return out;
}

}  // namespace

http::Response audit_event_read(app::App& app, http::Request& req) {
  auto found = find(app, req, req.param("id"), "", "", 1, 0);
  if (!found) return outcome(found.error());
  if (found->empty()) return outcome(404, "There is no AuditEvent with this id.");
  return resource_response(200, found->front());
}

http::Response audit_event_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"patient", "subtype", "_id"});
  if (!paging) return outcome(paging.error());
  std::string patient;
  if (auto given = req.query_param("patient")) {
    patient = reference_id(*given, "Patient");
    if (patient.empty()) return resource_response(200, searchset(req, {}, *paging));
    if (auto s = check_id_param("patient", patient); !s) return outcome(s.error());
  }
  if (auto id = req.query_param("_id"); id && !id->empty()) {
    if (auto s = check_id_param("_id", *id); !s) return outcome(s.error());
  }
  std::string action;
  if (auto given = req.query_param("subtype")) {
    auto v = token_value(*given, kAuditActionSystem);
    if (!v || v->empty()) return resource_response(200, searchset(req, {}, *paging));
    action = *v;
  }
  auto found = find(app, req, req.query_param("_id").value_or(""), patient, action, paging->count + 1, paging->offset);
  if (!found) return outcome(found.error());
  return resource_response(200, searchset(req, std::move(found).value(), *paging));
}

}  // namespace hf::fhir
