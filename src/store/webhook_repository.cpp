#include "store/webhook_repository.hpp"

#include <boost/json.hpp>

#include "store/protected_columns.hpp"

namespace hf::store {
namespace {

namespace json = boost::json;

constexpr const char* kEventsAfter =
    "SELECT seq, id, type, occurred_at, data FROM events WHERE seq > $1 ORDER BY seq LIMIT $2";
constexpr const char* kMaxSeq = "SELECT COALESCE(MAX(seq), 0) FROM events";
constexpr const char* kInsertWebhook =
    "INSERT INTO webhooks (id, url, event_types, secret, status, last_seq, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, 'active', $5, $6, $7)";
constexpr const char* kListWebhooks =
    "SELECT w.id, w.url, w.event_types, w.secret, w.status, w.last_seq, w.created_by, w.created_at, w.failing_since, "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'), "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered'), "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'gave_up') "
    "FROM webhooks w WHERE w.status <> 'deleted' ORDER BY w.created_at, w.id";
constexpr const char* kFindWebhook =
    "SELECT w.id, w.url, w.event_types, w.secret, w.status, w.last_seq, w.created_by, w.created_at, w.failing_since, "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'), "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered'), "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'gave_up') "
    "FROM webhooks w WHERE w.id = $1 AND w.status <> 'deleted'";
constexpr const char* kDeleteWebhook =
    "UPDATE webhooks SET status = 'deleted', deleted_at = $2 WHERE id = $1 AND status <> 'deleted'";
constexpr const char* kLiveWebhooks =
    "SELECT id, url, event_types, secret, status, last_seq, created_by, created_at, failing_since, 0, 0, 0 "
    "FROM webhooks WHERE status IN ('active', 'failing') ORDER BY id";
constexpr const char* kInsertDelivery =
    "INSERT INTO webhook_deliveries (id, webhook_id, event_seq, event_id, status, attempts, next_attempt_at, "
    "locked_until, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, 0, $5) "
    "ON CONFLICT (webhook_id, event_id) DO NOTHING";
constexpr const char* kAdvance = "UPDATE webhooks SET last_seq = $3 WHERE id = $1 AND last_seq = $2";
constexpr const char* kDue =
    "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
    "WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.locked_until < $1 AND w.status <> 'deleted' "
    "ORDER BY d.next_attempt_at, d.event_seq LIMIT $2";
constexpr const char* kClaim =
    "UPDATE webhook_deliveries SET locked_until = $3, locked_by = $4 "
    "WHERE id = $1 AND status = 'pending' AND locked_until < $2";
constexpr const char* kLoadDelivery =
    "SELECT d.id, d.webhook_id, w.url, w.secret, d.attempts, d.created_at, e.seq, e.id, e.type, e.occurred_at, e.data "
    "FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN events e ON e.id = d.event_id "
    "WHERE d.id = $1 AND d.status = 'pending' AND w.status <> 'deleted'";
constexpr const char* kInsertAttempt =
    "INSERT INTO webhook_attempts (id, delivery_id, attempt, started_at, duration_ms, http_status, error) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* kDelivered =
    "UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, delivered_at = $3, locked_until = 0, "
    "last_error = NULL WHERE id = $1";
constexpr const char* kRetry =
    "UPDATE webhook_deliveries SET attempts = $2, next_attempt_at = $3, locked_until = 0, last_error = $4 "
    "WHERE id = $1";
constexpr const char* kGaveUp =
    "UPDATE webhook_deliveries SET status = 'gave_up', attempts = $2, locked_until = 0, last_error = $3 "
    "WHERE id = $1";
constexpr const char* kFailing =
    "UPDATE webhooks SET status = 'failing', failing_since = $2 WHERE id = $1 AND status = 'active'";
constexpr const char* kHealthy =
    "UPDATE webhooks SET status = 'active', failing_since = NULL WHERE id = $1 AND status = 'failing'";

std::vector<std::string> types_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

// The signing secret (column 3) is sealed at rest and left out: only a delivery needs it
// (load_delivery opens it), and listings never show it.
WebhookRecord webhook_of(const Row& r) {
  WebhookRecord w;
  w.id = r.text(0);
  w.url = r.text(1);
  w.event_types = types_of(r.text(2));
  w.status = r.text(4);
  w.last_seq = r.integer(5);
  w.created_by = r.text(6);
  w.created_at = r.integer(7);
  w.failing_since = r.opt_integer(8);
  w.pending = r.integer(9);
  w.delivered = r.integer(10);
  w.gave_up = r.integer(11);
  return w;
}

Status done(const Result<QueryResult>& q) {
  if (!q) return q.error();
  return ok_status();
}

}  // namespace

Result<std::vector<EventRow>> events_after(Connection& c, int64_t after, int limit) {
  auto q = c.query(kEventsAfter, {param(after), param(limit)});
  if (!q) return q.error();
  std::vector<EventRow> out;
  for (const auto& r : q->rows) out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4)});
  return out;
}

Result<int64_t> max_event_seq(Connection& c) {
  auto q = c.query(kMaxSeq);
  if (!q) return q.error();
  return q->first().integer(0);
}

Status insert_webhook(Connection& c, const WebhookRecord& w) {
  json::array types;
  for (const auto& t : w.event_types) types.push_back(json::string(t));
  auto secret = columns::sealed(c, columns::kWebhookSecret, w.secret);
  if (!secret) return secret.error();
  return done(c.query(kInsertWebhook, {param(w.id), param(w.url), param(json::serialize(types)), *secret,
                                       param(w.last_seq), param(w.created_by), param(w.created_at)}));
}

Result<std::vector<WebhookRecord>> list_webhooks(Connection& c) {
  auto q = c.query(kListWebhooks);
  if (!q) return q.error();
  std::vector<WebhookRecord> out;
  for (const auto& r : q->rows) out.push_back(webhook_of(r));
  return out;
}

Result<std::optional<WebhookRecord>> find_webhook(Connection& c, const std::string& id) {
  auto q = c.query(kFindWebhook, {param(id)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<WebhookRecord>{};
  return std::optional<WebhookRecord>{webhook_of(q->first())};
}

Result<bool> delete_webhook(Connection& c, const std::string& id, int64_t now_ms) {
  auto q = c.query(kDeleteWebhook, {param(id), param(now_ms)});
  if (!q) return q.error();
  return q->affected == 1;
}

Result<std::vector<WebhookRecord>> live_webhooks(Connection& c) {
  auto q = c.query(kLiveWebhooks);
  if (!q) return q.error();
  std::vector<WebhookRecord> out;
  for (const auto& r : q->rows) out.push_back(webhook_of(r));
  return out;
}

Status insert_delivery(Connection& c, const std::string& id, const std::string& webhook_id, const EventRow& e,
                       int64_t now_ms) {
  return done(c.query(kInsertDelivery, {param(id), param(webhook_id), param(e.seq), param(e.id), param(now_ms)}));
}

Result<bool> advance_webhook(Connection& c, const std::string& id, int64_t from_seq, int64_t to_seq) {
  auto q = c.query(kAdvance, {param(id), param(from_seq), param(to_seq)});
  if (!q) return q.error();
  return q->affected == 1;
}

Result<std::vector<std::string>> due_delivery_ids(Connection& c, int64_t now_ms, int limit) {
  auto q = c.query(kDue, {param(now_ms), param(limit)});
  if (!q) return q.error();
  std::vector<std::string> out;
  for (const auto& r : q->rows) out.push_back(r.text(0));
  return out;
}

Result<bool> claim_delivery(Connection& c, const std::string& id, int64_t now_ms, int64_t lock_until,
                            const std::string& worker) {
  auto q = c.query(kClaim, {param(id), param(now_ms), param(lock_until), param(worker)});
  if (!q) return q.error();
  return q->affected == 1;
}

Result<std::optional<DueDelivery>> load_delivery(Connection& c, const std::string& id) {
  auto q = c.query(kLoadDelivery, {param(id)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<DueDelivery>{};
  const Row& r = q->first();
  DueDelivery d;
  d.id = r.text(0);
  d.webhook_id = r.text(1);
  d.url = r.text(2);
  auto secret = columns::opened(c, columns::kWebhookSecret, r, 3);
  if (!secret) return secret.error();
  d.secret = std::move(secret).value();
  d.attempts = r.integer(4);
  d.created_at = r.integer(5);
  d.event = {r.integer(6), r.text(7), r.text(8), r.integer(9), r.text(10)};
  return std::optional<DueDelivery>{std::move(d)};
}

Status record_attempt(Connection& c, const std::string& delivery_id, int64_t attempt, int64_t started_at,
                      int64_t duration_ms, std::optional<int64_t> http_status, const std::string& error) {
  return done(c.query(kInsertAttempt, {param(delivery_id + ":" + std::to_string(attempt)), param(delivery_id),
                                       param(attempt), param(started_at), param(duration_ms), param(http_status),
                                       error.empty() ? Param{nullptr} : param(error)}));
}

Status mark_delivered(Connection& c, const std::string& delivery_id, int64_t attempts, int64_t now_ms) {
  return done(c.query(kDelivered, {param(delivery_id), param(attempts), param(now_ms)}));
}

Status mark_retry(Connection& c, const std::string& delivery_id, int64_t attempts, int64_t next_at,
                  const std::string& error) {
  return done(c.query(kRetry, {param(delivery_id), param(attempts), param(next_at), param(error)}));
}

Status mark_gave_up(Connection& c, const std::string& delivery_id, int64_t attempts, const std::string& error) {
  return done(c.query(kGaveUp, {param(delivery_id), param(attempts), param(error)}));
}

Status set_webhook_health(Connection& c, const std::string& webhook_id, bool failing, int64_t now_ms) {
  if (failing) return done(c.query(kFailing, {param(webhook_id), param(now_ms)}));
  return done(c.query(kHealthy, {param(webhook_id)}));
}

}  // namespace hf::store
