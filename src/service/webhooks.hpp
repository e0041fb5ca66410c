#pragma once
// The events feed and webhook subscriptions (DOMAIN.md "Events and webhooks"; API.md
// "Regulation (EDA)"). Subscriptions start at the newest event when registered; the delivery
// worker (service/webhook_worker.hpp) turns later events of the subscribed types into deliveries.

#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/webhook_repository.hpp"

namespace hf::service {

// Event ids are numbered by a sequence; on PostgreSQL a transaction that took a lower number can
// commit after one that took a higher number. Readers stop before a gap in the numbers until the
// event after the gap is this old (then the gap is taken as a rolled-back transaction).
inline constexpr int64_t kEventGapWaitMs = 10000;

// The longest prefix of `rows` (events after `after`, in seq order) that is safe to hand out.
std::vector<store::EventRow> settled_events(std::vector<store::EventRow> rows, int64_t after, int64_t now_ms);

// GET /api/v1/events?after=: at most limit settled events the reader may see: every event for an
// admin; for an API key the national events and those concerning its facility (API_OVERVIEW.md).
// next_cursor passes the events the reader may not see, so a key's polling keeps moving.
struct EventPage {
  std::vector<store::EventRow> items;
  int64_t next_cursor = 0;
};
Result<EventPage> read_events(app::App& app, const http::Caller& reader, int64_t after, int limit);

struct NewWebhook {
  std::string url;
  std::vector<std::string> event_types;  // "recall.issued", ... or "*" for every type
  std::string secret;
};

// 422 for a URL that is not http(s) or points (or resolves) at a non-public address, unless
// WEBHOOK_ALLOW_PRIVATE=1.
Result<store::WebhookRecord> register_webhook(app::App& app, const http::Request& req, const NewWebhook& in);
Result<std::vector<store::WebhookRecord>> list_webhooks(app::App& app);
Status delete_webhook(app::App& app, const http::Request& req, const std::string& id);

bool subscribed(const std::vector<std::string>& event_types, const std::string& type);

}  // namespace hf::service
