#include "service/rate_limit.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace hf::service {
namespace {

constexpr const char* kAdd =
    "INSERT INTO rate_limit_counters (caller_key, window_start, hits) VALUES ($1, $2, $3) "
    "ON CONFLICT (caller_key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + excluded.hits "
    "RETURNING hits";
constexpr const char* kPrune = "DELETE FROM rate_limit_counters WHERE window_start < $1";

int64_t window_of(int64_t now_ms) {
  return now_ms - now_ms % RateLimiter::kWindowMs;
}

// How close to the limit a caller must be before each request is counted in the database.
int64_t exact_zone(int64_t limit) {
  return std::max<int64_t>(10, limit / 20);
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RateLimiter::RateLimiter(store::Database* db, const obs::Logger& log, std::chrono::milliseconds sync_interval)
    : db_(db), log_(log), interval_(sync_interval) {}

RateLimiter::~RateLimiter() {
  stop();
}

void RateLimiter::start() {
  if (thread_.joinable() || !db_) return;
  thread_ = std::thread([this] { run(); });
}

void RateLimiter::stop() {
  {
    std::lock_guard lock(run_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (db_) flush(wall_ms());
}

RateLimiter::Shard& RateLimiter::shard_of(const std::string& key) const {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

RateDecision RateLimiter::decide(const Counter& c, int64_t limit, int64_t now_ms) {
  RateDecision d;
  d.limit = limit;
  const int64_t used = c.shared + c.pending;
  d.allowed = !c.blocked && used <= limit;
  d.remaining = std::max<int64_t>(0, limit - used);
  if (c.blocked) d.remaining = 0;
  d.reset_seconds = std::max<int64_t>(1, (c.window + kWindowMs - now_ms + 999) / 1000);
  return d;
}

RateDecision RateLimiter::peek(const std::string& key, int64_t limit, int64_t now_ms) const {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mu);
  Counter c;
  c.window = window_of(now_ms);
  if (auto it = s.counters.find(key); it != s.counters.end() && it->second.window == c.window) c = it->second;
  return decide(c, limit, now_ms);
}

RateDecision RateLimiter::hit(const std::string& key, int64_t limit, int64_t now_ms) {
  const int64_t window = window_of(now_ms);
  Shard& s = shard_of(key);
  std::unique_lock lock(s.mu);
  Counter& c = s.counters[key];
  if (c.window != window) c = Counter{window, 0, 0, false};
  if (c.blocked) return decide(c, limit, now_ms);
  const bool near = db_ && limit - (c.shared + c.pending + 1) < exact_zone(limit);
  if (!near) {
    ++c.pending;
    auto d = decide(c, limit, now_ms);
    if (!d.allowed) c.blocked = true;
    return d;
  }
  // Near the limit: count this request (and anything pending) in the database now.
  const int64_t by = c.pending + 1;
  c.pending = 0;
  lock.unlock();
  auto total = add_to_database(key, window, by);
  lock.lock();
  Counter& again = s.counters[key];
  if (again.window != window) again = Counter{window, 0, 0, false};
  if (!total) {
    again.pending += by;  // database unavailable: keep counting here, flush later
  } else {
    again.shared = std::max(again.shared, *total);
  }
  auto d = decide(again, limit, now_ms);
  if (!d.allowed) again.blocked = true;
  return d;
}

std::optional<int64_t> RateLimiter::add_to_database(const std::string& key, int64_t window, int64_t by) {
  auto lease = db_->acquire();
  if (!lease) return std::nullopt;
  auto r = (*lease)->query(kAdd, {store::param(key), store::param(window), store::param(by)});
  if (!r || r->empty()) return std::nullopt;
  return r->first().integer(0);
}

void RateLimiter::flush(int64_t now_ms) {
  if (!db_) return;
  const int64_t window = window_of(now_ms);
  struct Pending {
    std::string key;
    int64_t window;
    int64_t by;
  };
  std::vector<Pending> batch;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (auto it = s.counters.begin(); it != s.counters.end();) {
      if (it->second.window < window && it->second.pending == 0) {
        it = s.counters.erase(it);  // an old window with nothing left to tell
        continue;
      }
      if (it->second.pending > 0) {
        batch.push_back({it->first, it->second.window, it->second.pending});
        it->second.pending = 0;
      }
      ++it;
    }
  }
  if (batch.empty() && now_ms - last_prune_ < 60000) return;
  auto lease = db_->acquire();
  auto give_back = [&](size_t from) {
    for (size_t i = from; i < batch.size(); ++i) {
      Shard& s = shard_of(batch[i].key);
      std::lock_guard lock(s.mu);
      auto& c = s.counters[batch[i].key];
      if (c.window == batch[i].window) c.pending += batch[i].by;
    }
  };
  if (!lease) {
    give_back(0);
    return;
  }
  auto tx = store::Transaction::begin(**lease);
  if (!tx) {
    give_back(0);
    return;
  }
  std::vector<int64_t> totals;
  for (size_t i = 0; i < batch.size(); ++i) {
    auto r =
        (*lease)->query(kAdd, {store::param(batch[i].key), store::param(batch[i].window), store::param(batch[i].by)});
    if (!r || r->empty()) {
      give_back(0);
      return;  // the transaction rolls back: nothing was added
    }
    totals.push_back(r->first().integer(0));
  }
  if (now_ms - last_prune_ >= 60000) {
    (void)(*lease)->query(kPrune, {store::param(window - kWindowMs)});
    last_prune_ = now_ms;
  }
  if (auto s = tx->commit(); !s) {
    give_back(0);
    log_.warn("rate limit flush failed", {{"error", s.error().message}});
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    Shard& s = shard_of(batch[i].key);
    std::lock_guard lock(s.mu);
    auto& c = s.counters[batch[i].key];
    if (c.window == batch[i].window) c.shared = std::max(c.shared, totals[i]);
  }
}

void RateLimiter::run() {
  std::unique_lock lock(run_mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    flush(wall_ms());
    lock.lock();
  }
}

}  // namespace hf::service
