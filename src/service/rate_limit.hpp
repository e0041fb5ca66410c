#pragma once
// Request quotas per caller in fixed one-hour windows, shared by every server copy
// (docs/architecture/rate-limits.md). Counting is in memory; a background thread adds each
// copy's increments to rate_limit_counters once per sync interval and reads back the total over
// all copies, so the hot path never writes the database. Near the limit (the last
// max(10, limit/20) requests of a window) a request is counted in the database at once, which
// makes the limit exact where it matters; a caller found over the limit is refused from memory
// until the window ends.

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "obs/log.hpp"
#include "store/database.hpp"

namespace hf::service {

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;
  int64_t remaining = 0;
  int64_t reset_seconds = 0;  // until the window ends
};

class RateLimiter {
 public:
  static constexpr int64_t kWindowMs = 3600 * 1000;

  // db may be null: counts stay in this process.
  RateLimiter(store::Database* db, const obs::Logger& log, std::chrono::milliseconds sync_interval);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  void start();
  void stop();  // flushes what is left

  // Counts one request of `key` and decides.
  RateDecision hit(const std::string& key, int64_t limit, int64_t now_ms);
  // The caller's standing without counting (for the headers of an answer).
  RateDecision peek(const std::string& key, int64_t limit, int64_t now_ms) const;
  // Adds pending increments to the shared counters and reads the totals back.
  void flush(int64_t now_ms);

 private:
  struct Counter {
    int64_t window = 0;    // window start, epoch ms
    int64_t shared = 0;    // total over every copy as of the last exchange with the database
    int64_t pending = 0;   // this copy's hits not yet added to the database
    bool blocked = false;  // known to be over the limit for this window
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Counter> counters;
  };
  static constexpr size_t kShards = 16;

  Shard& shard_of(const std::string& key) const;
  static RateDecision decide(const Counter& c, int64_t limit, int64_t now_ms);
  // One increment, exactly, in the database; nullopt when the database is unavailable.
  std::optional<int64_t> add_to_database(const std::string& key, int64_t window, int64_t by);
  void run();

  store::Database* db_;
  const obs::Logger& log_;
  std::chrono::milliseconds interval_;
  mutable std::array<Shard, kShards> shards_;
  int64_t last_prune_ = 0;
  std::mutex run_mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hf::service
