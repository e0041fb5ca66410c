#pragma once
// This server copy's view of sessions, kept in memory so that a signed-in request reads nothing
// from the database (docs/architecture/session-revocation.md):
//
// - access tokens already verified here, by their exact text, so a token's MAC, base64url and
//   JSON are checked once per copy, not once per request (bounded; expired tokens are dropped);
// - revoked sessions (log-out, suspension, refresh-token reuse). Each revocation is written to
//   session_revocations in the transaction that makes it; a background thread reads the rows added
//   since its last look every poll interval (250 ms), so every copy refuses the session's tokens
//   within one interval, and the copy that made the change applies it at once. A row is kept only
//   while a token of its session can still be valid (revocation time + access-token lifetime +
//   leeway), so the set is bounded by the revocations of the last ~16 minutes;
// - when each session was last used, written back in batches every flush interval (one
//   statement per 64 sessions) so that refresh can enforce the idle timeout against the database
//   without a write per request.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "obs/log.hpp"
#include "security/jwt.hpp"
#include "store/database.hpp"
#include "store/user_repository.hpp"
#include "store/write_queue.hpp"

namespace hf::service {

// The revocation reason of a suspended account's sessions: its refused requests are audited
// (auth.token_refused) and answered as a suspension.
inline constexpr std::string_view kSuspendedRevocation = "account suspended";

struct SessionStateSettings {
  std::chrono::milliseconds poll{250};
  std::chrono::milliseconds flush{5000};
  // How long a revocation stays in force: the access-token lifetime plus the verifier's leeway.
  int64_t revocation_lifetime_ms = 0;
  size_t max_cached_tokens = 20000;
};

class SessionState {
 public:
  SessionState(store::Database& db, store::WriteQueue* writes, const obs::Logger& log, SessionStateSettings s);
  ~SessionState();  // stops and joins the thread, flushing what was seen
  SessionState(const SessionState&) = delete;
  SessionState& operator=(const SessionState&) = delete;

  // Reads the revocations in force, then polls (and flushes) in the background.
  Status start();
  void stop();

  // The claims of `token` if this copy verified exactly this text before; expiry is the caller's.
  std::optional<security::jwt::Claims> verified(std::string_view token) const;
  void remember(std::string_view token, const security::jwt::Claims& claims, int64_t now_s);

  // The reason a session was revoked, or nothing.
  std::optional<std::string> revoked(const std::string& session_id) const;
  // Until when a revocation made at `now_ms` must be published (its sessions' last tokens expire).
  int64_t publish_until(int64_t now_ms) const { return now_ms + settings_.revocation_lifetime_ms; }
  // A revocation this copy just committed (session_revocations has its row): in force here at once.
  void revoke_here(const std::string& session_id, const std::string& reason, int64_t now_ms);

  // Session activity: remembered here, written back by flush().
  void seen(const std::string& session_id, int64_t now_ms);
  // The newest activity seen here and not yet written back (0 if none).
  int64_t unflushed_activity(const std::string& session_id) const;

  Status poll();
  Status flush();

 private:
  void run();
  void apply(const store::SessionRevocation& r);
  Status write(const store::WriteUnit& unit);

  struct Cached {
    security::jwt::Claims claims;
  };
  struct Revoked {
    std::string reason;
    int64_t until = 0;
  };
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  store::Database& db_;
  store::WriteQueue* writes_;
  const obs::Logger& log_;
  SessionStateSettings settings_;

  mutable std::mutex tokens_mu_;
  std::unordered_map<std::string, Cached, TextHash, std::equal_to<>> tokens_;

  mutable std::mutex revoked_mu_;
  std::unordered_map<std::string, Revoked> revoked_;
  std::mutex poll_mu_;    // one poll at a time
  int64_t seen_seq_ = 0;  // highest session_revocations.seq read (under poll_mu_)

  mutable std::mutex activity_mu_;
  std::unordered_map<std::string, int64_t> activity_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hf::service
