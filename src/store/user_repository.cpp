#include "store/user_repository.hpp"

#include <algorithm>

#include "store/protected_columns.hpp"

namespace hf::store {
namespace {

constexpr const char* kUserByUsername =
    "SELECT id, role, username, password_hash, full_name, full_name_ar, national_id, license_no, phone, patient_id, "
    "status, totp_secret, totp_enabled, totp_last_step, totp_pending_secret, created_at FROM users WHERE username = $1";
constexpr const char* kUserById =
    "SELECT id, role, username, password_hash, full_name, full_name_ar, national_id, license_no, phone, patient_id, "
    "status, totp_secret, totp_enabled, totp_last_step, totp_pending_secret, created_at FROM users WHERE id = $1";
constexpr const char* kFacilitiesOf = "SELECT facility_id FROM user_facilities WHERE user_id = $1 ORDER BY facility_id";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, role, username, password_hash, full_name, full_name_ar, national_id, license_no, phone, "
    "patient_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)";
constexpr const char* kInsertUserFacility = "INSERT INTO user_facilities (user_id, facility_id) VALUES ($1, $2)";
constexpr const char* kSetStatus =
    "UPDATE users SET status = $2, suspended_by = $3, suspension_level = $4, updated_at = $5 WHERE id = $1";
constexpr const char* kSuspension = "SELECT status, suspended_by, suspension_level FROM users WHERE id = $1";
constexpr const char* kSuspensionForUpdate =
    "SELECT status, suspended_by, suspension_level FROM users WHERE id = $1 FOR UPDATE";
constexpr const char* kSetHash = "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1";
constexpr const char* kSetPending = "UPDATE users SET totp_pending_secret = $2 WHERE id = $1";
constexpr const char* kEnableTotp =
    "UPDATE users SET totp_secret = $2, totp_enabled = 1, totp_last_step = $3, totp_pending_secret = NULL WHERE id = "
    "$1";
constexpr const char* kSetLastStep = "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2";
constexpr const char* kListUsers =
    "SELECT id, role, username, password_hash, full_name, full_name_ar, national_id, license_no, phone, patient_id, "
    "status, totp_secret, totp_enabled, totp_last_step, totp_pending_secret, created_at FROM users u "
    "WHERE ($1 = '' OR role = $1) AND ($2 = '' OR status = $2) AND ($3 = '' OR id > $3) "
    "AND ($4 = '' OR EXISTS (SELECT 1 FROM user_facilities f WHERE f.user_id = u.id AND f.facility_id = $4)) "
    "ORDER BY id LIMIT $5";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, user_id, started_at, last_active_at) VALUES ($1, $2, $3, $4)";
constexpr const char* kFindSession =
    "SELECT id, user_id, started_at, last_active_at, revoked_at FROM sessions WHERE id = $1";
constexpr const char* kTouchSession = "UPDATE sessions SET last_active_at = $2 WHERE id = $1";
constexpr const char* kPublishSession =
    "INSERT INTO session_revocations (session_id, user_id, reason, created_at, expires_at) "
    "SELECT id, user_id, $2, $3, $4 FROM sessions WHERE id = $1 AND revoked_at IS NULL";
constexpr const char* kRevokeSession =
    "UPDATE sessions SET revoked_at = $3, revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL";
constexpr const char* kPublishUserSessions =
    "INSERT INTO session_revocations (session_id, user_id, reason, created_at, expires_at) "
    "SELECT id, user_id, $2, $3, $4 FROM sessions WHERE user_id = $1 AND revoked_at IS NULL";
constexpr const char* kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = $3, revoke_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id";
constexpr const char* kRevocationsSince =
    "SELECT seq, session_id, user_id, reason, expires_at FROM session_revocations "
    "WHERE (seq > $1 OR created_at > $2) AND expires_at > $3 ORDER BY seq";
constexpr const char* kPruneRevocations = "DELETE FROM session_revocations WHERE expires_at < $1";
constexpr const char* kInsertRefresh =
    "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, session_started_at, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* kFindRefresh =
    "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1";
constexpr const char* kUseRefresh = "UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL";
constexpr const char* kGetThrottle = "SELECT failures, locked_until FROM login_throttle WHERE throttle_key = $1";
constexpr const char* kPutThrottle =
    "INSERT INTO login_throttle (throttle_key, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (throttle_key) DO UPDATE SET failures = $2, locked_until = $3, updated_at = $4";
constexpr const char* kClearThrottle = "DELETE FROM login_throttle WHERE throttle_key = $1";
// One statement that counts and reads, so concurrent attempts (any server copy, either backend)
// each see a distinct count. A counter idle for the window and not locked starts again from 1.
constexpr const char* kCountAttempt =
    "INSERT INTO login_throttle (throttle_key, failures, locked_until, updated_at) VALUES ($1, 1, 0, $2) "
    "ON CONFLICT (throttle_key) DO UPDATE SET "
    "failures = CASE WHEN login_throttle.updated_at < $3 AND login_throttle.locked_until <= $2 THEN 1 "
    "ELSE login_throttle.failures + 1 END, "
    "locked_until = CASE WHEN login_throttle.updated_at < $3 AND login_throttle.locked_until <= $2 THEN 0 "
    "ELSE login_throttle.locked_until END, "
    "updated_at = $2 RETURNING failures, locked_until";
constexpr const char* kCurrentThrottle =
    "SELECT CASE WHEN updated_at < $3 AND locked_until <= $2 THEN 0 ELSE failures END, locked_until "
    "FROM login_throttle WHERE throttle_key = $1";
constexpr const char* kLockAtLeast =
    "UPDATE login_throttle SET locked_until = $2 WHERE throttle_key = $1 AND locked_until < $2";

Param opt(const std::string& s) {
  return s.empty() ? Param{nullptr} : param(s);
}

// National ID, phone and the TOTP seeds are sealed at rest (store/protected_columns.hpp).
Result<UserRecord> user_from(const Connection& c, const Row& r) {
  UserRecord u;
  u.id = r.text(0);
  u.role = r.text(1);
  u.username = r.text(2);
  u.password_hash = r.text(3);
  u.full_name = r.text(4);
  u.full_name_ar = r.text(5);
  u.license_no = r.text(7);
  u.patient_id = r.text(9);
  u.status = r.text(10);
  u.totp_enabled = r.flag(12);
  u.totp_last_step = r.integer(13);
  u.created_at = r.integer(15);
  const std::pair<std::string*, std::pair<std::string_view, size_t>> sealed[] = {
      {&u.national_id, {columns::kUserNationalId, 6}},
      {&u.phone, {columns::kUserPhone, 8}},
      {&u.totp_secret, {columns::kUserTotpSecret, 11}},
      {&u.totp_pending_secret, {columns::kUserTotpPending, 14}}};
  for (const auto& [target, where] : sealed) {
    auto v = columns::opened(c, where.first, r, where.second);
    if (!v) return v.error();
    *target = std::move(v).value();
  }
  return u;
}

Status facilities_into(Connection& c, UserRecord& u) {
  auto f = c.query(kFacilitiesOf, {param(u.id)});
  if (!f) return f.error();
  for (const auto& row : f->rows) u.facility_ids.push_back(row.text(0));
  return ok_status();
}

Result<std::optional<UserRecord>> one_user(Connection& c, const char* sql, const std::string& key) {
  auto r = c.query(sql, {param(key)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<UserRecord>{};
  auto u = user_from(c, r->first());
  if (!u) return u.error();
  if (auto s = facilities_into(c, *u); !s) return s.error();
  return std::optional<UserRecord>{std::move(u).value()};
}

Status done(const Result<QueryResult>& r) {
  if (!r) return r.error();
  return ok_status();
}

}  // namespace

Result<std::optional<UserRecord>> find_user_by_username(Connection& c, const std::string& username) {
  return one_user(c, kUserByUsername, username);
}
Result<std::optional<UserRecord>> find_user_by_id(Connection& c, const std::string& id) {
  return one_user(c, kUserById, id);
}

Status insert_user(Connection& c, const UserRecord& u, int64_t now) {
  auto national_id = columns::sealed(c, columns::kUserNationalId, u.national_id);
  if (!national_id) return national_id.error();
  auto phone = columns::sealed(c, columns::kUserPhone, u.phone);
  if (!phone) return phone.error();
  auto r = c.query(kInsertUser, {param(u.id), param(u.role), param(u.username), param(u.password_hash),
                                 param(u.full_name), opt(u.full_name_ar), *national_id, opt(u.license_no), *phone,
                                 opt(u.patient_id), param(u.status), param(now)});
  if (!r) return r.error();
  for (const auto& f : u.facility_ids) {
    if (auto s = done(c.query(kInsertUserFacility, {param(u.id), param(f)})); !s) return s;
  }
  return ok_status();
}

Status set_user_status(Connection& c, const std::string& id, const std::string& status,
                       const std::optional<Suspension>& suspension, int64_t now) {
  return done(c.query(kSetStatus, {param(id), param(status), suspension ? param(suspension->by) : Param{nullptr},
                                   suspension ? param(suspension->level) : Param{nullptr}, param(now)}));
}
Result<std::optional<Suspension>> find_suspension(Connection& c, const std::string& id) {
  // PostgreSQL: the row stays locked until the caller's transaction ends, so a suspension and a
  // reactivation decided at the same time run one after the other (SQLite's write lock already does).
  auto r = c.query(c.dialect() == Dialect::postgres ? kSuspensionForUpdate : kSuspension, {param(id)});
  if (!r) return r.error();
  if (r->empty() || r->first().text(0) != "suspended") return std::optional<Suspension>{};
  const auto& row = r->first();
  // Suspended before the level was recorded (migration 0010 marks those national).
  return std::optional<Suspension>{Suspension{row.text(1), row.is_null(2) ? "national" : row.text(2)}};
}
Status set_password_hash(Connection& c, const std::string& id, const std::string& hash, int64_t now) {
  return done(c.query(kSetHash, {param(id), param(hash), param(now)}));
}
Status set_totp_pending(Connection& c, const std::string& id, const std::string& secret) {
  auto sealed = columns::sealed(c, columns::kUserTotpPending, secret);
  if (!sealed) return sealed.error();
  return done(c.query(kSetPending, {param(id), *sealed}));
}
Status enable_totp(Connection& c, const std::string& id, const std::string& secret, int64_t step) {
  auto sealed = columns::sealed(c, columns::kUserTotpSecret, secret);
  if (!sealed) return sealed.error();
  return done(c.query(kEnableTotp, {param(id), *sealed, param(step)}));
}
Status set_totp_last_step(Connection& c, const std::string& id, int64_t step) {
  auto r = c.query(kSetLastStep, {param(id), param(step)});
  if (!r) return r.error();
  // Zero rows: another request used this step (or a later one) first; one use per code.
  if (r->affected == 0) return Error::unauthorized("This code was already used; wait for the next one.");
  return ok_status();
}

Result<std::vector<UserRecord>> list_users(Connection& c, const UserFilter& f) {
  std::vector<UserRecord> out;
  // facility_admin: one query per facility keeps the SQL static; admins pass none.
  std::vector<std::string> facilities = f.within_facilities;
  if (facilities.empty()) facilities.push_back(f.facility_id);
  for (const auto& fac : facilities) {
    if (!f.within_facilities.empty() && !f.facility_id.empty() && fac != f.facility_id) continue;
    auto r = c.query(kListUsers, {param(f.role), param(f.status), param(f.after_id), param(fac), param(f.limit)});
    if (!r) return r.error();
    for (const auto& row : r->rows) {
      auto opened = user_from(c, row);
      if (!opened) return opened.error();
      auto u = std::move(opened).value();
      if (auto s = facilities_into(c, u); !s) return s.error();
      bool seen = false;
      for (const auto& o : out) seen = seen || o.id == u.id;
      if (!seen) out.push_back(std::move(u));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  if (out.size() > static_cast<size_t>(f.limit)) out.resize(static_cast<size_t>(f.limit));
  return out;
}

Status insert_session(Connection& c, const SessionRecord& s) {
  return done(c.query(kInsertSession, {param(s.id), param(s.user_id), param(s.started_at), param(s.last_active_at)}));
}

Result<std::optional<SessionRecord>> find_session(Connection& c, const std::string& id) {
  auto r = c.query(kFindSession, {param(id)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<SessionRecord>{};
  const auto& row = r->first();
  return std::optional<SessionRecord>{
      SessionRecord{row.text(0), row.text(1), row.integer(2), row.integer(3), !row.is_null(4)}};
}

Status touch_session(Connection& c, const std::string& id, int64_t now) {
  return done(c.query(kTouchSession, {param(id), param(now)}));
}

// UPDATE sessions SET last_active_at = GREATEST(last_active_at, CASE id WHEN $1 THEN $2 ... END)
// WHERE id IN ($1, ...). The list is padded (repeating the last pair) to one of a few sizes, so
// each connection prepares at most three texts.
std::string touch_sessions_sql(Dialect d, size_t pairs) {
  std::string sql = "UPDATE sessions SET last_active_at = ";
  sql += d == Dialect::postgres ? "GREATEST" : "MAX";
  sql += "(last_active_at, CASE id";
  for (size_t i = 0; i < pairs; ++i) {
    sql += " WHEN $" + std::to_string(2 * i + 1) + " THEN CAST($" + std::to_string(2 * i + 2) + " AS BIGINT)";
  }
  sql += " ELSE last_active_at END) WHERE id IN (";
  for (size_t i = 0; i < pairs; ++i) sql += (i ? ", $" : "$") + std::to_string(2 * i + 1);
  sql += ")";
  return sql;
}

Status touch_sessions(Connection& c, const std::vector<SessionSeen>& seen) {
  for (size_t start = 0; start < seen.size(); start += kTouchBatch) {
    const size_t n = std::min(kTouchBatch, seen.size() - start);
    const size_t padded = n <= 1 ? 1 : n <= 8 ? 8 : kTouchBatch;
    std::vector<Param> params;
    params.reserve(2 * padded);
    for (size_t i = 0; i < padded; ++i) {
      const auto& s = seen[start + std::min(i, n - 1)];
      params.push_back(param(s.id));
      params.push_back(param(s.at));
    }
    if (auto s = done(c.query(touch_sessions_sql(c.dialect(), padded), params)); !s) return s;
  }
  return ok_status();
}

Status revoke_session(Connection& c, const std::string& id, const std::string& reason, int64_t now,
                      int64_t publish_until) {
  if (auto s = done(c.query(kPublishSession, {param(id), param(reason), param(now), param(publish_until)})); !s)
    return s;
  return done(c.query(kRevokeSession, {param(id), param(reason), param(now)}));
}

Result<std::vector<std::string>> revoke_user_sessions(Connection& c, const std::string& user_id,
                                                      const std::string& reason, int64_t now, int64_t publish_until) {
  if (auto s = done(c.query(kPublishUserSessions, {param(user_id), param(reason), param(now), param(publish_until)}));
      !s)
    return s.error();
  auto r = c.query(kRevokeUserSessions, {param(user_id), param(reason), param(now)});
  if (!r) return r.error();
  std::vector<std::string> ids;
  for (const auto& row : r->rows) ids.push_back(row.text(0));
  return ids;
}

Result<std::vector<SessionRevocation>> session_revocations_since(Connection& c, int64_t after_seq,
                                                                 int64_t created_after, int64_t now) {
  auto r = c.query(kRevocationsSince, {param(after_seq), param(created_after), param(now)});
  if (!r) return r.error();
  std::vector<SessionRevocation> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) {
    out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4)});
  }
  return out;
}

Status prune_session_revocations(Connection& c, int64_t expired_before) {
  return done(c.query(kPruneRevocations, {param(expired_before)}));
}

Status insert_refresh(Connection& c, const RefreshRecord& r, const std::string& token_hash, int64_t session_started,
                      int64_t now) {
  return done(c.query(kInsertRefresh, {param(r.id), param(r.user_id), param(r.session_id), param(token_hash),
                                       param(session_started), param(now), param(r.expires_at)}));
}

Result<std::optional<RefreshRecord>> find_refresh(Connection& c, const std::string& token_hash) {
  auto r = c.query(kFindRefresh, {param(token_hash)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<RefreshRecord>{};
  const auto& row = r->first();
  return std::optional<RefreshRecord>{
      RefreshRecord{row.text(0), row.text(1), row.text(2), row.integer(3), !row.is_null(4), !row.is_null(5)}};
}

Result<bool> mark_refresh_used(Connection& c, const std::string& id, int64_t now) {
  auto r = c.query(kUseRefresh, {param(id), param(now)});
  if (!r) return r.error();
  return r->affected == 1;
}

Result<Throttle> get_throttle(Connection& c, const std::string& key) {
  auto r = c.query(kGetThrottle, {param(key)});
  if (!r) return r.error();
  if (r->empty()) return Throttle{};
  return Throttle{static_cast<int>(r->first().integer(0)), r->first().integer(1)};
}
Status put_throttle(Connection& c, const std::string& key, const Throttle& t, int64_t now) {
  return done(c.query(kPutThrottle, {param(key), param(t.failures), param(t.locked_until), param(now)}));
}
Status clear_throttle(Connection& c, const std::string& key) {
  return done(c.query(kClearThrottle, {param(key)}));
}
Result<Throttle> count_attempt(Connection& c, const std::string& key, int64_t now, int64_t window_ms) {
  auto r = c.query(kCountAttempt, {param(key), param(now), param(now - window_ms)});
  if (!r) return r.error();
  if (r->empty()) return Error::internal("the attempt counter answered nothing");
  return Throttle{static_cast<int>(r->first().integer(0)), r->first().integer(1)};
}
Result<Throttle> current_throttle(Connection& c, const std::string& key, int64_t now, int64_t window_ms) {
  auto r = c.query(kCurrentThrottle, {param(key), param(now), param(now - window_ms)});
  if (!r) return r.error();
  if (r->empty()) return Throttle{};
  return Throttle{static_cast<int>(r->first().integer(0)), r->first().integer(1)};
}
Status lock_throttle(Connection& c, const std::string& key, int64_t until) {
  return done(c.query(kLockAtLeast, {param(key), param(until)}));
}

}  // namespace hf::store
