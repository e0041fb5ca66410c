#include "service/session_state.hpp"

#include <vector>

#include "service/audit_log.hpp"

namespace hf::service {
namespace {

// A PostgreSQL transaction can commit a revocation with a lower seq after a higher one was read;
// each poll also re-reads what was created this recently (rows are applied idempotently).
constexpr int64_t kLookbackMs = 10'000;
// Rows past their lifetime are deleted by whichever copy gets there (about once a minute each).
constexpr int kPollsPerPrune = 240;

}  // namespace

SessionState::SessionState(store::Database& db, store::WriteQueue* writes, const obs::Logger& log,
                           SessionStateSettings s)
    : db_(db), writes_(writes), log_(log), settings_(s) {}

SessionState::~SessionState() {
  stop();
}

Status SessionState::start() {
  if (auto s = poll(); !s) return s;
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  return ok_status();
}

void SessionState::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    if (auto s = flush(); !s) log_.warn("session activity flush failed", {{"error", s.error().message}});
  }
}

std::optional<security::jwt::Claims> SessionState::verified(std::string_view token) const {
  std::lock_guard lock(tokens_mu_);
  const auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second.claims;
}

void SessionState::remember(std::string_view token, const security::jwt::Claims& claims, int64_t now_s) {
  std::lock_guard lock(tokens_mu_);
  if (tokens_.size() >= settings_.max_cached_tokens) {
    std::erase_if(tokens_, [now_s](const auto& entry) { return entry.second.claims.exp <= now_s; });
    // Still full of live tokens (more clients than the bound): start again rather than grow.
    if (tokens_.size() >= settings_.max_cached_tokens) tokens_.clear();
  }
  tokens_.emplace(std::string(token), Cached{claims});
}

std::optional<std::string> SessionState::revoked(const std::string& session_id) const {
  std::lock_guard lock(revoked_mu_);
  const auto it = revoked_.find(session_id);
  if (it == revoked_.end()) return std::nullopt;
  return it->second.reason;
}

void SessionState::revoke_here(const std::string& session_id, const std::string& reason, int64_t now_ms) {
  std::lock_guard lock(revoked_mu_);
  revoked_.insert_or_assign(session_id, Revoked{reason, now_ms + settings_.revocation_lifetime_ms});
}

void SessionState::apply(const store::SessionRevocation& r) {
  std::lock_guard lock(revoked_mu_);
  auto [it, inserted] = revoked_.try_emplace(r.session_id, Revoked{r.reason, r.expires_at});
  if (!inserted) it->second.until = std::max(it->second.until, r.expires_at);
}

void SessionState::seen(const std::string& session_id, int64_t now_ms) {
  std::lock_guard lock(activity_mu_);
  auto [it, inserted] = activity_.try_emplace(session_id, now_ms);
  if (!inserted && it->second < now_ms) it->second = now_ms;
}

int64_t SessionState::unflushed_activity(const std::string& session_id) const {
  std::lock_guard lock(activity_mu_);
  const auto it = activity_.find(session_id);
  return it == activity_.end() ? 0 : it->second;
}

Status SessionState::poll() {
  std::lock_guard poll_lock(poll_mu_);
  const int64_t now = now_ms();
  std::vector<store::SessionRevocation> rows;
  {
    auto lease = db_.acquire();
    if (!lease) return lease.error();
    auto found = store::session_revocations_since(**lease, seen_seq_, now - kLookbackMs, now);
    if (!found) return found.error();
    rows = std::move(found).value();
  }
  for (const auto& r : rows) {
    apply(r);
    seen_seq_ = std::max(seen_seq_, r.seq);
  }
  std::lock_guard lock(revoked_mu_);
  std::erase_if(revoked_, [now](const auto& entry) { return entry.second.until <= now; });
  return ok_status();
}

// Through the group commit when there is one (on SQLite, the one writer).
Status SessionState::write(const store::WriteUnit& unit) {
  if (writes_) return writes_->run(unit);
  auto lease = db_.acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = unit(**lease); !s) return s;
  return tx->commit();
}

Status SessionState::flush() {
  std::vector<store::SessionSeen> batch;
  {
    std::lock_guard lock(activity_mu_);
    batch.reserve(activity_.size());
    for (auto& [id, at] : activity_) batch.push_back({id, at});
    activity_.clear();
  }
  if (batch.empty()) return ok_status();
  Status written = write([&batch](store::Connection& c) { return store::touch_sessions(c, batch); });
  if (!written) {
    // Keep what was seen for the next flush (a newer time seen meanwhile wins).
    for (const auto& s : batch) seen(s.id, s.at);
  }
  return written;
}

void SessionState::run() {
  const auto flush_every = std::max<int64_t>(1, settings_.flush.count() / std::max<int64_t>(1, settings_.poll.count()));
  int64_t polls = 0;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, settings_.poll, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    ++polls;
    if (auto s = poll(); !s) log_.warn("revocation poll failed", {{"error", s.error().message}});
    if (polls % flush_every == 0) {
      if (auto s = flush(); !s) log_.warn("session activity flush failed", {{"error", s.error().message}});
    }
    if (polls % kPollsPerPrune == 0) {
      const int64_t before = now_ms();
      if (auto s = write([before](store::Connection& c) { return store::prune_session_revocations(c, before); }); !s)
        log_.warn("revocation prune failed", {{"error", s.error().message}});
    }
    lock.lock();
  }
}

}  // namespace hf::service
