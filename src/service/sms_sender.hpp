#pragma once
// Delivers the SMS outbox: messages are written in the same transaction
// as the prescription change; this background thread sends them to the HTTP SMS gateway named by
// configuration (SMS_GATEWAY_URL, SMS_API_KEY), retrying with exponential back-off. Each message
// is claimed with a conditional UPDATE so only one server copy sends it, and carries its id as
// Idempotency-Key so a gateway can drop a repeat after a crash between its answer and our record.
// Without a gateway configured, messages are written to the log (development).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "store/database.hpp"

namespace hf::service {

struct SmsSettings {
  std::string gateway_url;  // empty: log only
  std::string api_key;
  std::chrono::milliseconds poll{1000};
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds retry_base{2000};
  std::chrono::milliseconds retry_max{30 * 60 * 1000};
};

class SmsSender {
 public:
  SmsSender(store::Database& db, const obs::Logger& log, obs::Metrics& metrics, SmsSettings settings);
  ~SmsSender();
  SmsSender(const SmsSender&) = delete;
  SmsSender& operator=(const SmsSender&) = delete;
  void start();
  void stop();
  void run_once();

 private:
  void run();
  void send(const std::string& id, const std::string& phone, const std::string& lang, const std::string& body,
            int attempts);
  store::Database& db_;
  const obs::Logger& log_;
  obs::Metrics& metrics_;
  SmsSettings settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hf::service
