#include "api/audit.hpp"

#include "api/json_io.hpp"
#include "api/paging.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "service/access_log.hpp"
#include "service/audit_log.hpp"
#include "store/audit_repository.hpp"

namespace hf::api::audit {
namespace {

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

// ?from= / ?to=: an RFC 3339 time, or a date (YYYY-MM-DD: from its start; `to` through its end).
Result<std::optional<int64_t>> time_param(const http::Request& req, const char* name, bool end_of_day) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int64_t>{};
  if (v->size() == 10) {
    auto d = domain::parse_iso_date(*v);
    if (d) return std::optional<int64_t>(domain::start_of_day_ms(end_of_day ? domain::add_days(*d, 1) : *d));
  } else if (auto t = domain::parse_rfc3339(*v)) {
    return std::optional<int64_t>(*t);
  }
  return Error::invalid(std::string(name) + " must be an RFC 3339 time or a date (YYYY-MM-DD).",
                        {{name, "must be an RFC 3339 time or a date (YYYY-MM-DD)"}});
}

Result<std::optional<int64_t>> cursor_seq(const Page& page) {
  if (page.after.empty()) return std::optional<int64_t>{};
  int64_t seq = 0;
  for (char ch : page.after) {
    if (ch < '0' || ch > '9' || seq > 1'000'000'000'000'000) {
      return Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}});
    }
    seq = seq * 10 + (ch - '0');
  }
  return std::optional<int64_t>(seq);
}

Result<std::optional<std::string>> text_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  if (v->size() > 200) return Error::invalid(std::string(name) + " is too long.", {{name, "at most 200 characters"}});
  return std::optional<std::string>(*v);
}

json::object entry_json(const store::AuditRow& r) {
  return json::object{{"seq", r.seq},
                      {"id", r.id},
                      {"at", domain::to_rfc3339(r.at)},
                      {"actor_id", text_or_null(r.actor_id)},
                      {"actor_role", text_or_null(r.actor_role)},
                      {"action", r.action},
                      {"patient_id", text_or_null(r.patient_id)},
                      {"record_type", text_or_null(r.record_type)},
                      {"record_id", text_or_null(r.record_id)},
                      {"source_ip", text_or_null(r.source_ip)},
                      {"request_id", text_or_null(r.request_id)},
                      {"outcome", r.outcome},
                      {"reason", text_or_null(r.reason)}};
}

}  // namespace

http::Response list(app::App& app, http::Request& req) {
  auto page = read_page(req);
  if (!page) return http::problem(page.error());
  auto before = cursor_seq(*page);
  if (!before) return http::problem(before.error());
  store::AuditFilter f;
  f.limit = page->limit;
  f.before_seq = *before;
  auto actor = text_param(req, "actor");
  auto patient = text_param(req, "patient_id");
  auto action = text_param(req, "action");
  auto from = time_param(req, "from", false);
  auto to = time_param(req, "to", true);
  if (!actor) return http::problem(actor.error());
  if (!patient) return http::problem(patient.error());
  if (!action) return http::problem(action.error());
  if (!from) return http::problem(from.error());
  if (!to) return http::problem(to.error());
  f.actor_id = *actor;
  f.patient_id = *patient;
  f.action = *action;
  f.from_ms = *from;
  f.to_ms = *to;
  auto lease = app.db->acquire();
  if (!lease) return http::problem(lease.error());
  auto rows = store::list_audit(**lease, f);
  if (!rows) return http::problem(rows.error());
  json::array items;
  for (const auto& r : *rows) items.push_back(entry_json(r));
  json::value next = nullptr;
  if (static_cast<int>(rows->size()) == f.limit && !rows->empty()) {
    next = make_cursor(std::to_string(rows->back().seq));
  }
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

http::Response verify(app::App& app, http::Request&) {
  auto check = service::verify_audit_chain(*app.db);
  if (!check) return http::problem(check.error());
  if (check->ok) return json_response(200, json::object{{"ok", true}, {"entries", check->entries}});
  return json_response(200, json::object{{"ok", false},
                                         {"first_bad_entry", *check->first_bad_entry},
                                         {"first_bad_seq", *check->first_bad_seq},
                                         {"entries_checked", check->entries}});
}

http::Response access_log(app::App& app, http::Request& req) {
  auto page = read_page(req, 50, 100);
  if (!page) return http::problem(page.error());
  auto before = cursor_seq(*page);
  if (!before) return http::problem(before.error());
  auto entries = service::access_log(app, req, req.param("id"), *before, page->limit);
  if (!entries) return http::problem(entries.error());
  json::array items;
  for (const auto& e : *entries) {
    json::object actor{{"name", text_or_null(e.actor.name)}, {"role", text_or_null(e.actor.role)}};
    if (e.actor.facility) actor["facility"] = *e.actor.facility;
    items.push_back(json::object{{"at", domain::to_rfc3339(e.at)},
                                 {"actor", std::move(actor)},
                                 {"action", e.action},
                                 {"outcome", e.outcome},
                                 {"description_en", e.description_en},
                                 {"description_ar", e.description_ar},
                                 {"reason", text_or_null(e.reason)}});
  }
  json::value next = nullptr;
  if (static_cast<int>(entries->size()) == page->limit && !entries->empty()) {
    next = make_cursor(std::to_string(entries->back().seq));
  }
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace hf::api::audit
