#pragma once
// The events feed, webhook subscriptions, their deliveries and every attempt
// (migrations/0002_event_feeds, 0006_regulation). SQL as named constants in the .cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct EventRow {
  int64_t seq = 0;
  std::string id;
  std::string type;
  int64_t occurred_at = 0;
  std::string data;  // JSON object text
};

struct WebhookRecord {
  std::string id;
  std::string url;
  std::vector<std::string> event_types;
  std::string secret;             // written sealed; reads leave it empty (only a DueDelivery carries it)
  std::string status = "active";  // active | failing | deleted
  int64_t last_seq = 0;
  std::string created_by;
  int64_t created_at = 0;
  std::optional<int64_t> failing_since;
  // Read only: delivery counts.
  int64_t pending = 0;
  int64_t delivered = 0;
  int64_t gave_up = 0;
};

struct DueDelivery {
  std::string id;
  std::string webhook_id;
  std::string url;
  std::string secret;
  int64_t attempts = 0;
  int64_t created_at = 0;
  EventRow event;
};

// Events with seq > after, in seq order (at most limit).
Result<std::vector<EventRow>> events_after(Connection& c, int64_t after, int limit);
Result<int64_t> max_event_seq(Connection& c);

Status insert_webhook(Connection& c, const WebhookRecord& w);
Result<std::vector<WebhookRecord>> list_webhooks(Connection& c);  // not deleted, with counts
Result<std::optional<WebhookRecord>> find_webhook(Connection& c, const std::string& id);
Result<bool> delete_webhook(Connection& c, const std::string& id, int64_t now_ms);
// Subscriptions that receive events (active or failing).
Result<std::vector<WebhookRecord>> live_webhooks(Connection& c);
// Creates the delivery unless it exists (another copy may have fanned out the same event).
Status insert_delivery(Connection& c, const std::string& id, const std::string& webhook_id, const EventRow& e,
                       int64_t now_ms);
// Conditional: false when another copy advanced it first.
Result<bool> advance_webhook(Connection& c, const std::string& id, int64_t from_seq, int64_t to_seq);

Result<std::vector<std::string>> due_delivery_ids(Connection& c, int64_t now_ms, int limit);
// UPDATE ... WHERE locked_until < now: exactly one copy wins a delivery.
Result<bool> claim_delivery(Connection& c, const std::string& id, int64_t now_ms, int64_t lock_until,
                            const std::string& worker);
Result<std::optional<DueDelivery>> load_delivery(Connection& c, const std::string& id);
Status record_attempt(Connection& c, const std::string& delivery_id, int64_t attempt, int64_t started_at,
                      int64_t duration_ms, std::optional<int64_t> http_status, const std::string& error);
Status mark_delivered(Connection& c, const std::string& delivery_id, int64_t attempts, int64_t now_ms);
Status mark_retry(Connection& c, const std::string& delivery_id, int64_t attempts, int64_t next_at,
                  const std::string& error);
Status mark_gave_up(Connection& c, const std::string& delivery_id, int64_t attempts, const std::string& error);
Status set_webhook_health(Connection& c, const std::string& webhook_id, bool failing, int64_t now_ms);

}  // namespace hf::store
