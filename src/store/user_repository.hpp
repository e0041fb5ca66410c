#pragma once
// Users, their facilities and sessions: the SQL of identity, as named queries.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct UserRecord {
  std::string id;
  std::string role;
  std::string username;
  std::string password_hash;
  std::string full_name;
  std::string full_name_ar;
  std::string national_id;
  std::string license_no;
  std::string phone;
  std::string patient_id;
  std::string status = "active";
  std::string totp_secret;
  bool totp_enabled = false;
  int64_t totp_last_step = 0;
  std::string totp_pending_secret;
  int64_t created_at = 0;
  std::vector<std::string> facility_ids;
};

struct SessionRecord {
  std::string id;
  std::string user_id;
  int64_t started_at = 0;
  int64_t last_active_at = 0;
  bool revoked = false;
};

Result<std::optional<UserRecord>> find_user_by_username(Connection& c, const std::string& username);
Result<std::optional<UserRecord>> find_user_by_id(Connection& c, const std::string& id);
Status insert_user(Connection& c, const UserRecord& u, int64_t now);
// Who suspended an account and at which level of authority: "national" (admin) or "facility"
// (facility_admin); only that level or a higher one lifts it (migration 0010).
struct Suspension {
  std::string by;  // user id
  std::string level;
};
// `suspension` is recorded with status "suspended" and cleared (nullopt) on reactivation.
Status set_user_status(Connection& c, const std::string& id, const std::string& status,
                       const std::optional<Suspension>& suspension, int64_t now);
// nullopt when the account is not suspended.
Result<std::optional<Suspension>> find_suspension(Connection& c, const std::string& id);
Status set_password_hash(Connection& c, const std::string& id, const std::string& hash, int64_t now);
Status set_totp_pending(Connection& c, const std::string& id, const std::string& secret);
Status enable_totp(Connection& c, const std::string& id, const std::string& secret, int64_t step);
Status set_totp_last_step(Connection& c, const std::string& id, int64_t step);
// Admin listing with optional filters; keyset paging on (created_at, id).
struct UserFilter {
  std::string role, facility_id, status;
  std::vector<std::string> within_facilities;  // facility_admin: only these facilities' staff
  int limit = 20;
  std::string after_id;  // cursor
};
Result<std::vector<UserRecord>> list_users(Connection& c, const UserFilter& f);

Status insert_session(Connection& c, const SessionRecord& s);
Result<std::optional<SessionRecord>> find_session(Connection& c, const std::string& id);
Status touch_session(Connection& c, const std::string& id, int64_t now);
// Last activity of many sessions (each copy's batch of the last few seconds), in one statement for
// up to kTouchBatch sessions; a time never moves backwards.
struct SessionSeen {
  std::string id;
  int64_t at = 0;
};
inline constexpr size_t kTouchBatch = 64;
Status touch_sessions(Connection& c, const std::vector<SessionSeen>& seen);
// Revoking a session also publishes it in session_revocations (same transaction), so every
// server copy refuses its access tokens within one poll; the row is kept until `publish_until`
// (when the last access token of the session has expired). Sessions already revoked are skipped.
Status revoke_session(Connection& c, const std::string& id, const std::string& reason, int64_t now,
                      int64_t publish_until);
// The ids of the sessions revoked.
Result<std::vector<std::string>> revoke_user_sessions(Connection& c, const std::string& user_id,
                                                      const std::string& reason, int64_t now, int64_t publish_until);
struct SessionRevocation {
  int64_t seq = 0;
  std::string session_id, user_id, reason;
  int64_t expires_at = 0;
};
// Published revocations still in force at `now` with seq > after_seq, or created after
// `created_after` (a PostgreSQL transaction can commit a lower seq after a higher one is seen).
Result<std::vector<SessionRevocation>> session_revocations_since(Connection& c, int64_t after_seq,
                                                                 int64_t created_after, int64_t now);
Status prune_session_revocations(Connection& c, int64_t expired_before);

// Refresh tokens, stored as SHA-256 hashes.
struct RefreshRecord {
  std::string id, user_id, session_id;
  int64_t expires_at = 0;
  bool used = false;
  bool revoked = false;
};
Status insert_refresh(Connection& c, const RefreshRecord& r, const std::string& token_hash, int64_t session_started,
                      int64_t now);
Result<std::optional<RefreshRecord>> find_refresh(Connection& c, const std::string& token_hash);
// Marks it used only if it was unused: false means someone used it first (reuse).
Result<bool> mark_refresh_used(Connection& c, const std::string& id, int64_t now);

// Failed log-in counters per key ("user:NAME", "ip:ADDR").
struct Throttle {
  int failures = 0;
  int64_t locked_until = 0;
};
Result<Throttle> get_throttle(Connection& c, const std::string& key);
Status put_throttle(Connection& c, const std::string& key, const Throttle& t, int64_t now);
Status clear_throttle(Connection& c, const std::string& key);
// Adds one attempt and answers the count and lock after it, in one statement (atomic under
// concurrency); a counter untouched for window_ms and not locked starts again.
Result<Throttle> count_attempt(Connection& c, const std::string& key, int64_t now, int64_t window_ms);
// The counted attempts and lock as they stand now (a counter untouched for window_ms and not locked
// counts none).
Result<Throttle> current_throttle(Connection& c, const std::string& key, int64_t now, int64_t window_ms);
// Raises the lock to `until` (never shortens it).
Status lock_throttle(Connection& c, const std::string& key, int64_t until);

}  // namespace hf::store
