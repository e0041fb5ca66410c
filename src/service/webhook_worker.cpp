#include "service/webhook_worker.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <random>
#include <vector>

#include "domain/date.hpp"
#include "http/client.hpp"
#include "security/digest.hpp"
#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "service/webhooks.hpp"
#include "store/webhook_repository.hpp"

namespace hf::service {
namespace {

constexpr int kFanOutBatch = 200;

std::string truncate(std::string s, size_t n = 300) {
  if (s.size() > n) s.resize(n);
  return s;
}

}  // namespace

WebhookWorker::WebhookWorker(store::Database& db, const obs::Logger& log, obs::Metrics& metrics,
                             WebhookSettings settings)
    : db_(db), log_(log), metrics_(metrics), settings_(settings), worker_id_(security::uuid_v4()) {}

WebhookWorker::~WebhookWorker() {
  stop();
}

void WebhookWorker::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void WebhookWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void WebhookWorker::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    run_once();
    lock.lock();
    cv_.wait_for(lock, settings_.poll, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void WebhookWorker::run_once() {
  fan_out(now_ms());
  std::vector<std::string> claimed;
  {
    const int64_t now = now_ms();
    auto lease = db_.acquire();
    if (!lease) return;
    auto due = store::due_delivery_ids(**lease, now, settings_.batch);
    if (!due) {
      log_.warn("webhook worker cannot read deliveries", {{"error", due.error().message}});
      return;
    }
    const int64_t lock_until = now + settings_.timeout.count() * 2 + 5000;
    for (const auto& id : *due) {
      auto won = store::claim_delivery(**lease, id, now, lock_until, worker_id_);
      if (won && *won) claimed.push_back(id);
    }
  }
  // Post a few at once, so one slow receiver does not hold up the others.
  for (size_t i = 0; i < claimed.size(); i += static_cast<size_t>(settings_.parallel)) {
    std::vector<std::thread> posts;
    for (size_t j = i; j < claimed.size() && j < i + static_cast<size_t>(settings_.parallel); ++j)
      posts.emplace_back([this, id = claimed[j]] { deliver(id); });
    for (auto& t : posts) t.join();
  }
}

void WebhookWorker::fan_out(int64_t now) {
  auto lease = db_.acquire();
  if (!lease) return;
  auto hooks = store::live_webhooks(**lease);
  if (!hooks) {
    log_.warn("webhook worker cannot read subscriptions", {{"error", hooks.error().message}});
    return;
  }
  for (const auto& w : *hooks) {
    auto rows = store::events_after(**lease, w.last_seq, kFanOutBatch);
    if (!rows || rows->empty()) continue;
    auto events = settled_events(std::move(rows).value(), w.last_seq, now);
    if (events.empty()) continue;
    auto tx = store::Transaction::begin(**lease);
    if (!tx) return;
    bool ok = true;
    for (const auto& e : events) {
      if (!subscribed(w.event_types, e.type)) continue;
      if (auto s = store::insert_delivery(**lease, security::uuid_v4(), w.id, e, now); !s) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;  // rolled back; the next round tries again
    auto advanced = store::advance_webhook(**lease, w.id, w.last_seq, events.back().seq);
    if (!advanced || !*advanced) continue;  // another copy got there first: roll back ours
    if (auto s = tx->commit(); !s) log_.warn("webhook fan-out failed", {{"error", s.error().message}});
  }
}

void WebhookWorker::deliver(const std::string& delivery_id) {
  store::DueDelivery d;
  {
    auto lease = db_.acquire();
    if (!lease) return;
    auto loaded = store::load_delivery(**lease, delivery_id);
    if (!loaded || !*loaded) return;
    d = std::move(**loaded);
  }
  boost::system::error_code ec;
  boost::json::value data = boost::json::parse(d.event.data, ec);
  if (ec) data = boost::json::object{};
  const std::string body =
      boost::json::serialize(boost::json::object{{"id", d.event.id},
                                                 {"type", d.event.type},
                                                 {"occurred_at", domain::to_rfc3339(d.event.occurred_at)},
                                                 {"data", std::move(data)}});
  const int64_t attempt = d.attempts + 1;
  const int64_t started = now_ms();
  http::PostResult result;
  auto url = http::parse_target_url(d.url);
  if (!url) {
    result.error = "the URL is no longer valid";
  } else {
    result = http::post(*url,
                        {{"X-HealthFlow-Signature", security::webhook_signature(d.secret, body)},
                         {"X-HealthFlow-Event-Id", d.event.id},
                         {"X-HealthFlow-Event-Type", d.event.type},
                         {"X-HealthFlow-Delivery-Attempt", std::to_string(attempt)}},
                        body, settings_.timeout, settings_.allow_private);
  }
  const int64_t finished = now_ms();
  const bool success = result.status >= 200 && result.status < 300;
  std::string error = result.error;
  if (!success && error.empty()) error = "the receiver answered " + std::to_string(result.status);
  error = truncate(error);

  auto lease = db_.acquire();
  if (!lease) return;  // the lock expires and another round retries
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return;
  std::optional<int64_t> status;
  if (result.status) status = result.status;
  if (auto s = store::record_attempt(**lease, d.id, attempt, started, finished - started, status, error); !s) return;
  if (success) {
    if (!store::mark_delivered(**lease, d.id, attempt, finished)) return;
    if (!store::set_webhook_health(**lease, d.webhook_id, false, finished)) return;
    metrics_.inc("webhook_deliveries_succeeded_total");
  } else if (finished - d.created_at >= settings_.give_up.count()) {
    if (!store::mark_gave_up(**lease, d.id, attempt, error)) return;
    if (!store::set_webhook_health(**lease, d.webhook_id, true, finished)) return;
    metrics_.inc("webhook_deliveries_given_up_total");
    log_.warn("webhook delivery given up",
              {{"webhook_id", d.webhook_id}, {"event_id", d.event.id}, {"attempts", attempt}, {"error", error}});
  } else {
    // Exponential back-off with a little jitter, capped.
    const int64_t shift = std::min<int64_t>(attempt - 1, 20);
    int64_t delay = std::min<int64_t>(settings_.retry_base.count() << shift, settings_.retry_max.count());
    thread_local std::mt19937_64 rng{std::random_device{}()};
    delay += static_cast<int64_t>(rng() % static_cast<uint64_t>(delay / 5 + 1));
    if (!store::mark_retry(**lease, d.id, attempt, finished + delay, error)) return;
    metrics_.inc("webhook_deliveries_failed_total");
  }
  if (auto s = tx->commit(); !s) log_.warn("webhook attempt not recorded", {{"error", s.error().message}});
}

}  // namespace hf::service
