#pragma once
// The webhook delivery worker (DOMAIN.md "Events and webhooks"): a background thread owned by the
// App. Each round it
//   1. fans out: for every live subscription, turns the settled events after its last_seq into
//      delivery rows (unique per subscription and event) and advances last_seq, in one
//      transaction, so nothing is lost across restarts and nothing is created twice;
//   2. delivers: claims due deliveries with a conditional UPDATE ... WHERE locked_until < now (one
//      server copy wins each), POSTs {"id","type","occurred_at","data"} signed with
//      X-HealthFlow-Signature: sha256=<hex HMAC-SHA256 of the body>, records the attempt, and on
//      failure or timeout schedules the next attempt with exponential back-off; after
//      WEBHOOK_GIVE_UP_SECONDS it gives the delivery up and marks the subscription failing (a
//      later success marks it active again).
// Receivers deduplicate on the event id (X-HealthFlow-Event-Id): a copy that dies between the
// receiver's answer and recording it posts the event again after the lock expires.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "store/database.hpp"

namespace hf::service {

struct WebhookSettings {
  bool allow_private = false;
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds retry_base{1000};
  std::chrono::milliseconds retry_max{10 * 60 * 1000};
  std::chrono::milliseconds give_up{24 * 3600 * 1000};
  std::chrono::milliseconds poll{500};
  int batch = 20;    // deliveries claimed per round
  int parallel = 4;  // posted at once
};

class WebhookWorker {
 public:
  WebhookWorker(store::Database& db, const obs::Logger& log, obs::Metrics& metrics, WebhookSettings settings);
  ~WebhookWorker();  // stops and joins
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void start();
  void stop();      // the delivery in flight finishes (bounded by the timeout)
  void wake();      // run a round now (after an event was recorded)
  void run_once();  // one round: fan out, then deliver what is due

 private:
  void run();
  void fan_out(int64_t now_ms);
  void deliver(const std::string& delivery_id);

  store::Database& db_;
  const obs::Logger& log_;
  obs::Metrics& metrics_;
  WebhookSettings settings_;
  std::string worker_id_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace hf::service
