#include "service/sms_sender.hpp"

#include <boost/json.hpp>

#include "domain/prescription_code.hpp"
#include "http/client.hpp"
#include "service/audit_log.hpp"
#include "store/protected_columns.hpp"

namespace hf::service {
namespace {

constexpr const char* kDue =
    "SELECT id, phone, lang, body, attempts, next_attempt_at FROM sms_outbox "
    "WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY seq LIMIT 20";
// Claimed for the duration of one attempt: other copies skip it until the lock lapses.
constexpr const char* kClaim =
    "UPDATE sms_outbox SET next_attempt_at = $3, attempts = attempts + 1 "
    "WHERE id = $1 AND sent_at IS NULL AND next_attempt_at = $2";
constexpr const char* kSent = "UPDATE sms_outbox SET sent_at = $2, last_error = NULL WHERE id = $1";
constexpr const char* kRetry = "UPDATE sms_outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1";
constexpr int64_t kClaimMs = 60 * 1000;

std::string masked(const std::string& phone) {
  return phone.size() > 4 ? std::string(phone.size() - 4, '*') + phone.substr(phone.size() - 4) : "****";
}

}  // namespace

SmsSender::SmsSender(store::Database& db, const obs::Logger& log, obs::Metrics& metrics, SmsSettings settings)
    : db_(db), log_(log), metrics_(metrics), settings_(std::move(settings)) {}

SmsSender::~SmsSender() {
  stop();
}

void SmsSender::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void SmsSender::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SmsSender::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    run_once();
    lock.lock();
    cv_.wait_for(lock, settings_.poll, [this] { return stopping_; });
  }
}

void SmsSender::run_once() {
  const int64_t now = now_ms();
  std::vector<std::pair<store::Row, std::string>> due;  // the row and its phone, opened
  {
    auto lease = db_.acquire();
    if (!lease) return;  // database down: try again next round
    auto rows = (*lease)->query(kDue, {store::param(now)});
    if (!rows) return;
    for (auto& row : rows->rows) {
      // The phone is sealed at rest; a key missing from the configuration leaves it queued.
      auto phone = store::columns::opened(**lease, store::columns::kSmsPhone, row, 1);
      if (!phone) {
        log_.warn("sms phone number cannot be opened", {{"message_id", row.text(0)}, {"error", phone.error().message}});
        continue;
      }
      auto claimed = (*lease)->query(
          kClaim, {store::param(row.text(0)), store::param(row.integer(5)), store::param(now + kClaimMs)});
      if (claimed && claimed->affected == 1) due.emplace_back(row, std::move(phone).value());
    }
  }
  for (const auto& [row, phone] : due) {
    send(row.text(0), phone, row.text(2), row.text(3), static_cast<int>(row.integer(4)) + 1);
  }
}

void SmsSender::send(const std::string& id, const std::string& phone, const std::string& lang, const std::string& body,
                     int attempts) {
  std::string error;
  if (settings_.gateway_url.empty()) {
    // The body carries the prescription code, the patient's secret: the log shows it masked.
    log_.info(
        "sms (no gateway configured)",
        {{"message_id", id}, {"to", masked(phone)}, {"lang", lang}, {"body", domain::mask_prescription_codes(body)}});
  } else {
    auto url = http::parse_target_url(settings_.gateway_url);
    if (!url) {
      error = "SMS_GATEWAY_URL is not a valid URL";
    } else {
      const std::string payload =
          boost::json::serialize(boost::json::object{{"id", id}, {"to", phone}, {"lang", lang}, {"message", body}});
      // The gateway is operator configuration, not user input, so private addresses are allowed.
      auto r = http::post(*url,
                          {{"Content-Type", "application/json"},
                           {"Authorization", "Bearer " + settings_.api_key},
                           {"Idempotency-Key", id}},
                          payload, settings_.timeout, true);
      if (r.status < 200 || r.status >= 300) {
        error = r.status ? "gateway answered " + std::to_string(r.status) : r.error;
      }
    }
  }
  auto lease = db_.acquire();
  if (!lease) return;  // the claim lapses and the message is retried
  const int64_t now = now_ms();
  if (error.empty()) {
    (void)(*lease)->query(kSent, {store::param(id), store::param(now)});
    metrics_.inc("sms_sent_total");
    return;
  }
  const int shift = std::min(attempts - 1, 16);
  const int64_t delay = std::min<int64_t>(settings_.retry_max.count(), settings_.retry_base.count() << shift);
  (void)(*lease)->query(kRetry, {store::param(id), store::param(now + delay), store::param(error.substr(0, 300))});
  metrics_.inc("sms_failures_total");
  log_.warn("sms delivery failed; will retry", {{"message_id", id}, {"attempts", attempts}, {"error", error}});
}

}  // namespace hf::service
