#include "service/webhooks.hpp"

#include <algorithm>

#include "http/client.hpp"
#include "security/random.hpp"
#include "security/utf8.hpp"
#include "service/audit_log.hpp"
#include "service/idempotent_result.hpp"
#include "store/event_repository.hpp"

namespace hf::service {
namespace {

bool valid_type(const std::string& t) {
  if (t == "*") return true;
  if (t.empty() || t.size() > 64 || t.find('.') == std::string::npos) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '.'; });
}

}  // namespace

std::vector<store::EventRow> settled_events(std::vector<store::EventRow> rows, int64_t after, int64_t now_ms) {
  std::vector<store::EventRow> out;
  int64_t expected = after + 1;
  for (auto& r : rows) {
    if (r.seq != expected && now_ms - r.occurred_at < kEventGapWaitMs) break;
    expected = r.seq + 1;
    out.push_back(std::move(r));
  }
  return out;
}

Result<EventPage> read_events(app::App& app, const http::Caller& reader, int64_t after, int limit) {
  // How far one read looks past `after` for events this reader may see.
  constexpr int kScanWindow = 5000;
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto stamps = store::event_stamps_after(**lease, after, kScanWindow);
  if (!stamps) return stamps.error();
  const auto settled = settled_events(std::move(stamps).value(), after, now_ms());
  const int64_t through = settled.empty() ? after : settled.back().seq;
  EventPage page;
  page.next_cursor = through;
  if (through == after) return page;
  Result<std::vector<store::EventRow>> rows = std::vector<store::EventRow>{};
  if (reader.kind == "api_key") {
    // A key belongs to one facility (api_keys.facility_id); without one it would see national events only.
    const std::string facility = reader.facility_ids.empty() ? std::string() : reader.facility_ids.front();
    rows = store::events_between_for(**lease, facility, after, through, limit);
  } else {
    rows = store::events_between(**lease, after, through, limit);
  }
  if (!rows) return rows.error();
  page.items = std::move(rows).value();
  if (page.items.size() == static_cast<size_t>(limit)) page.next_cursor = page.items.back().seq;
  return page;
}

bool subscribed(const std::vector<std::string>& types, const std::string& type) {
  return std::any_of(types.begin(), types.end(), [&](const std::string& t) { return t == "*" || t == type; });
}

Result<store::WebhookRecord> register_webhook(app::App& app, const http::Request& req, const NewWebhook& in) {
  std::vector<FieldError> errors;
  if (in.event_types.empty()) errors.push_back({"event_types", "must name at least one event type (or \"*\")"});
  for (size_t i = 0; i < in.event_types.size(); ++i)
    if (!valid_type(in.event_types[i]))
      errors.push_back({"event_types[" + std::to_string(i) + "]", "is not an event type such as recall.issued"});
  const auto secret_chars = security::utf8_code_points(in.secret).value_or(0);
  if (secret_chars < 16 || secret_chars > 256) errors.push_back({"secret", "must be 16 to 256 characters"});
  if (!errors.empty()) return Error::rule("The subscription cannot be registered as given.", errors);
  auto url = http::parse_target_url(in.url);
  if (!url) return url.error();
  // Server-side request forgery: refuse loopback, link-local and private targets, by address
  // and by what the name resolves to (checked again at every delivery).
  auto resolved = http::resolve_public(*url, app.config.webhook_allow_private);
  if (!resolved) return resolved.error();

  const int64_t now = now_ms();
  store::WebhookRecord w;
  w.id = security::uuid_v4();
  w.url = in.url;
  w.event_types = in.event_types;
  w.secret = in.secret;
  w.created_by = req.caller.id;
  w.created_at = now;
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto seq = store::max_event_seq(**lease);
  if (!seq) return seq.error();
  w.last_seq = *seq;
  if (auto s = store::insert_webhook(**lease, w); !s) return s.error();
  if (auto s = record_idempotent_result(**lease, req, "/api/v1/webhooks/" + w.id); !s) return s.error();
  auto audit = audit_entry(req, "webhook.create");
  audit.record_type = "webhook";
  audit.record_id = w.id;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return w;
}

Result<std::vector<store::WebhookRecord>> list_webhooks(app::App& app) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_webhooks(**lease);
}

Status delete_webhook(app::App& app, const http::Request& req, const std::string& id) {
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto gone = store::delete_webhook(**lease, id, now);
  if (!gone) return gone.error();
  if (!*gone) return Error::not_found("No such webhook subscription.");
  auto audit = audit_entry(req, "webhook.delete");
  audit.record_type = "webhook";
  audit.record_id = id;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  return tx->commit();
}

}  // namespace hf::service
