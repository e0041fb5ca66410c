#include "service/adverse_events.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "service/events.hpp"
#include "service/idempotent_result.hpp"
#include "store/directory_repository.hpp"
#include "store/user_repository.hpp"

namespace hf::service {
namespace {

bool one_of(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// A national ID is 14 digits (DOMAIN.md "Egyptian national ID"): free text must not carry one.
bool has_fourteen_digits(const std::string& s) {
  int run = 0;
  for (char c : s) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 14) return true;
  }
  return false;
}

std::string next_status(const std::string& s) {
  if (s == "received") return "under_review";
  if (s == "under_review") return "closed";
  return {};
}

}  // namespace

const std::vector<std::string>& age_bands() {
  static const std::vector<std::string> kBands{"0-1", "2-11", "12-17", "18-44", "45-64", "65+"};
  return kBands;
}

Result<store::AdverseEventRecord> report_adverse_event(app::App& app, const http::Request& req,
                                                       store::AdverseEventRecord in) {
  std::vector<FieldError> errors;
  if (!one_of(age_bands(), in.patient_age_band))
    errors.push_back({"patient_age_band", "must be one of 0-1, 2-11, 12-17, 18-44, 45-64, 65+"});
  if (!one_of({"male", "female", "unknown"}, in.patient_sex))
    errors.push_back({"patient_sex", "must be male, female or unknown"});
  if (!one_of({"serious", "non_serious"}, in.seriousness))
    errors.push_back({"seriousness", "must be serious or non_serious"});
  if (!one_of({"recovered", "recovering", "not_recovered", "fatal", "unknown"}, in.outcome))
    errors.push_back({"outcome", "must be recovered, recovering, not_recovered, fatal or unknown"});
  if (has_fourteen_digits(in.reaction))
    errors.push_back({"reaction", "must not contain a national ID or other patient identifier"});
  if (in.narrative && has_fourteen_digits(*in.narrative))
    errors.push_back({"narrative", "must not contain a national ID or other patient identifier"});
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto drug = store::find_drug(**lease, in.drug_id);
  if (!drug) return drug.error();
  if (!*drug) errors.push_back({"drug_id", "no such product in the directory"});
  if (!errors.empty()) return Error::rule("The report cannot be accepted as given.", errors);
  in.id = security::uuid_v4();
  in.trade_name = (*drug)->trade_name;
  in.reporter_id = req.caller.id;
  in.reporter_role = req.caller.role;
  in.status = "received";
  in.reported_at = now;
  in.updated_at = now;
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::insert_adverse_event(**lease, in); !s) return s.error();
  if (auto s = record_idempotent_result(**lease, req, "/api/v1/adverse-events/" + in.id); !s) return s.error();
  auto audit = audit_entry(req, "adverse_event.report");
  audit.record_type = "adverse_event";
  audit.record_id = in.id;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  boost::json::object data{
      {"adverse_event_id", in.id}, {"drug_id", in.drug_id}, {"seriousness", in.seriousness}, {"status", in.status}};
  if (auto s = record_event(**lease, "adverse_event.reported", data, now, event_for(req.caller.facility_ids)); !s)
    return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  app.metrics.inc("adverse_events_reported_total");
  return in;
}

Result<std::vector<store::AdverseEventRecord>> list_adverse_events(app::App& app, const store::AdverseEventFilter& f,
                                                                   int limit, int offset) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_adverse_events(**lease, f, limit, offset);
}

Result<std::vector<store::AdverseEventCount>> adverse_event_counts(app::App& app, const store::AdverseEventFilter& f) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::count_adverse_events(**lease, f);
}

Result<store::AdverseEventRecord> move_adverse_event(app::App& app, const http::Request& req, const std::string& id,
                                                     const std::string& to) {
  if (!one_of({"received", "under_review", "closed"}, to))
    return Error::rule("Unknown status.", {{"status", "must be under_review or closed"}});
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto current = store::find_adverse_event(**lease, id);
  if (!current) return current.error();
  if (!*current) return Error::not_found("No such adverse-event report.");
  const std::string from = (*current)->status;
  if (next_status(from) != to) {
    const std::string allowed = next_status(from);
    return Error::conflict("The report is " + from + "; it cannot move to " + to + " (" +
                           (allowed.empty() ? "a closed report is final" : "next is " + allowed) + ").");
  }
  auto moved = store::move_adverse_event(**lease, id, from, to, now);
  if (!moved) return moved.error();
  if (!*moved) return Error::conflict("The report changed meanwhile; read it again.");
  auto audit = audit_entry(req, "adverse_event.triage");
  audit.record_type = "adverse_event";
  audit.record_id = id;
  audit.reason = from + "->" + to;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  boost::json::object data{{"adverse_event_id", id}, {"drug_id", (*current)->drug_id}, {"status", to}};
  // Concerns the reporter's facilities, as the report did.
  auto reporter = store::find_user_by_id(**lease, (*current)->reporter_id);
  if (!reporter) return reporter.error();
  auto audience = event_for(*reporter ? (*reporter)->facility_ids : std::vector<std::string>{});
  if (auto s = record_event(**lease, "adverse_event.updated", data, now, audience); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  store::AdverseEventRecord out = **current;
  out.status = to;
  out.updated_at = now;
  return out;
}

}  // namespace hf::service
