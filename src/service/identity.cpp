#include "service/identity.hpp"

#include <algorithm>
#include <cmath>

#include "security/digest.hpp"
#include "security/encoding.hpp"
#include "security/jwt.hpp"
#include "security/random.hpp"
#include "security/totp.hpp"
#include "service/audit_log.hpp"
#include "store/api_key_repository.hpp"

namespace hf::service {
namespace {

namespace jwt = security::jwt;
constexpr const char* kAudience = "healthflow-api";
constexpr int64_t kRefreshLifetimeMs = 12LL * 3600 * 1000;
constexpr int64_t kTouchEveryMs = 30 * 1000;  // session activity is written at most this often
constexpr int kAccountFreeFailures = 5;       // then back-off: 30 s, 60 s, ... up to 15 min
constexpr int kAddressFreeFailures = 20;
constexpr int64_t kMaxLockMs = 15 * 60 * 1000;
constexpr int kEnrolmentTokenSeconds = 600;

const char* kBadCredentials = "The username or password is wrong.";

security::ByteView key_of(const app::App& app) {
  return security::as_bytes(app.config.jwt_secret);
}

Error mfa_error(const char* suffix, const char* message) {
  Error e = Error::unauthorized(message);
  e.type_suffix = suffix;
  return e;
}

int64_t lock_for(int failures, int free_failures) {
  if (failures < free_failures) return 0;
  const int doublings = std::min(failures - free_failures, 10);
  return std::min<int64_t>(kMaxLockMs, 30000LL << doublings);
}

// Counts a failure against both keys; the caller has answered 401 already.
void record_failure(app::App& app, const std::string& user_key, const std::string& ip_key, int64_t now) {
  auto lease = app.db->acquire();
  if (!lease) return;
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return;
  for (const auto& [key, free] : {std::pair{user_key, kAccountFreeFailures}, std::pair{ip_key, kAddressFreeFailures}}) {
    auto t = store::get_throttle(**lease, key);
    if (!t) return;
    store::Throttle next{t->failures + 1, 0};
    const int64_t lock = lock_for(next.failures, free);
    next.locked_until = lock ? now + lock : 0;
    if (!store::put_throttle(**lease, key, next, now)) return;
  }
  (void)tx->commit();
}

Status check_throttle(store::Connection& c, const std::string& user_key, const std::string& ip_key, int64_t now) {
  int64_t until = 0;
  for (const auto& key : {user_key, ip_key}) {
    auto t = store::get_throttle(c, key);
    if (!t) return t.error();
    until = std::max(until, t->locked_until);
  }
  if (until > now) {
    const int seconds = static_cast<int>((until - now + 999) / 1000);
    return Error::rate_limited("Too many failed log-ins. Try again in " + std::to_string(seconds) + " seconds.",
                               seconds);
  }
  return ok_status();
}

struct AccessToken {
  std::string token;
  int expires_in = 0;
};

// The claims carry what a request needs to know of its caller (role, facilities, patient record),
// so no request reads them from the database. The token lives no longer than the idle timeout
// (activity since the token was issued is what refresh checks against it) and never past the
// session's absolute end.
Result<AccessToken> access_token(const app::App& app, const store::UserRecord& u, const std::string& sid,
                                 int64_t session_started_ms, int64_t now_ms) {
  const int64_t now_s = now_ms / 1000;
  jwt::Claims c;
  c.sub = u.id;
  c.role = u.role;
  c.sid = sid;
  c.iss = app.config.issuer;
  c.aud = kAudience;
  c.typ = jwt::TokenType::access;
  c.jti = security::uuid_v4();
  c.iat = now_s;
  c.nbf = now_s;
  c.exp = std::min({now_s + app.config.access_token_ttl_seconds, now_s + app.config.session_idle_seconds,
                    session_started_ms / 1000 + app.config.session_max_seconds});
  c.pid = u.patient_id;
  c.fac = u.facility_ids;
  auto token = jwt::sign(c, key_of(app));
  if (!token) return token.error();
  return AccessToken{std::move(token).value(), static_cast<int>(c.exp - now_s)};
}

// New refresh token for a session; the plain token leaves only in the answer.
Result<std::string> new_refresh(store::Connection& c, const store::UserRecord& u, const std::string& sid,
                                int64_t started, int64_t now) {
  const std::string token = security::random_token("hfr_");
  store::RefreshRecord r{security::uuid_v4(), u.id, sid, now + kRefreshLifetimeMs, false, false};
  if (auto s = store::insert_refresh(c, r, security::sha256_hex(token), started, now); !s) return s.error();
  return token;
}

// Activity reaches the database in batches (service/session_state.hpp): this copy's newest
// unwritten activity counts too.
bool session_expired(const app::App& app, const store::SessionRecord& s, int64_t now) {
  const int64_t last_active = std::max(s.last_active_at, app.sessions->unflushed_activity(s.id));
  return s.revoked || now - last_active > static_cast<int64_t>(app.config.session_idle_seconds) * 1000 ||
         now - s.started_at > static_cast<int64_t>(app.config.session_max_seconds) * 1000;
}

void audit_quietly(app::App& app, const AuditEntry& e) {
  if (auto s = app.audit->append(e, now_ms()); !s) {
    app.log->error("audit append failed", {{"action", e.action}, {"error", s.error().message}});
  }
}

http::Caller caller_of(const jwt::Claims& claims) {
  http::Caller c;
  c.kind = "user";
  c.id = claims.sub;
  c.role = claims.role;
  c.session_id = claims.sid;
  c.patient_id = claims.pid;
  c.facility_ids = claims.fac.value_or(std::vector<std::string>{});
  return c;
}

Result<http::Caller> authenticate_api_key(app::App& app, std::string_view api_key, int64_t now) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto key = store::find_api_key_by_hash(**lease, security::sha256_hex(api_key));
  if (!key) return key.error();
  if (!*key || (*key)->revoked) return Error::unauthorized("This API key is not valid or has been revoked.");
  if (now - (*key)->last_used_at > kTouchEveryMs) (void)store::touch_api_key(**lease, (*key)->id, now);
  http::Caller c;
  c.kind = "api_key";
  c.id = (*key)->id;
  c.role = "integrator";
  c.facility_ids = {(*key)->facility_id};
  c.permissions = (*key)->permissions;
  return c;
}

// The claims of a valid access token: checked once per server copy, then found by the token's
// exact text (its expiry is still checked on every use).
Result<jwt::Claims> access_claims(app::App& app, std::string_view token, int64_t now_s) {
  if (auto known = app.sessions->verified(token)) {
    if (now_s - jwt::kDefaultLeewaySeconds >= known->exp) return Error::unauthorized("token expired");
    return std::move(*known);
  }
  auto claims = jwt::verify(token, key_of(app), {app.config.issuer, kAudience, jwt::TokenType::access}, now_s);
  if (!claims) return claims.error();
  // Tokens issued before the claims carried the caller's facilities: sign in again (refresh).
  if (!claims->fac) return Error::unauthorized("token from an earlier version");
  app.sessions->remember(token, *claims, now_s);
  return claims;
}

}  // namespace

bool mfa_required_for(const app::Config& c, const std::string& role) {
  return std::find(c.mfa_required_roles.begin(), c.mfa_required_roles.end(), role) != c.mfa_required_roles.end();
}

Result<LoginOutcome> login(app::App& app, const LoginRequest& in, const http::Request& req) {
  const int64_t now = now_ms();
  const std::string user_key = "user:" + in.username;
  const std::string ip_key = "ip:" + req.remote_ip;
  AuditEntry audit = audit_entry(req, "auth.login", "failure");
  audit.reason = "username " + in.username.substr(0, 64);

  std::optional<store::UserRecord> user;
  {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    if (auto s = check_throttle(**lease, user_key, ip_key, now); !s) {
      audit.outcome = "denied";
      audit.reason += "; throttled";
      audit_quietly(app, audit);
      return s.error();
    }
    auto found = store::find_user_by_username(**lease, in.username);
    if (!found) return found.error();
    user = std::move(found).value();
  }
  // Same work and the same answer whether or not the user exists (API.md).
  Status pw =
      user ? app.hasher->verify(user->password_hash, in.password) : app.hasher->verify_unknown_user(in.password);
  if (!pw) {
    if (pw.error().kind == ErrorKind::unavailable) return pw.error();
    record_failure(app, user_key, ip_key, now);
    if (user) {
      audit.actor_id = user->id;
      audit.actor_role = user->role;
    }
    audit_quietly(app, audit);
    return Error::unauthorized(kBadCredentials);
  }
  audit.actor_id = user->id;
  audit.actor_role = user->role;
  if (user->status != "active") {
    // The same answer, throttling and work (the password was checked above) as a wrong password:
    // a different answer would confirm the password to whoever guessed it (OWASP ASVS V2.2.1).
    record_failure(app, user_key, ip_key, now);
    audit.outcome = "denied";
    audit.reason += "; account suspended";
    audit_quietly(app, audit);
    return Error::unauthorized(kBadCredentials);
  }

  const bool needs_mfa = user->totp_enabled || mfa_required_for(app.config, user->role);
  std::optional<int64_t> step;
  if (needs_mfa) {
    if (!user->totp_enabled) {
      jwt::Claims c;
      c.sub = user->id;
      c.role = user->role;
      c.iss = app.config.issuer;
      c.aud = kAudience;
      c.typ = jwt::TokenType::enrol;
      c.jti = security::uuid_v4();
      c.iat = now / 1000;
      c.exp = now / 1000 + kEnrolmentTokenSeconds;
      auto token = jwt::sign(c, key_of(app));
      if (!token) return token.error();
      LoginOutcome out;
      out.kind = LoginOutcome::Kind::mfa_enrollment_required;
      out.enrollment_token = *token;
      audit.outcome = "denied";
      audit.reason += "; second factor not enrolled";
      audit_quietly(app, audit);
      return out;
    }
    if (!in.totp || in.totp->empty()) {
      LoginOutcome out;
      out.kind = LoginOutcome::Kind::mfa_required;
      return out;
    }
    auto secret = security::base32_decode(user->totp_secret);
    if (!secret) return Error::internal("stored TOTP secret is not base32");
    auto matched = security::verify_totp(*secret, *in.totp, now / 1000, user->totp_last_step);
    if (!matched) {
      record_failure(app, user_key, ip_key, now);
      audit.reason += "; wrong or reused second-factor code";
      audit_quietly(app, audit);
      return mfa_error("mfa-invalid", "The second-factor code is wrong or was already used.");
    }
    step = *matched;
  }

  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (step) {
    if (auto s = store::set_totp_last_step(**lease, user->id, *step); !s) return s.error();
  }
  if (app.hasher->needs_rehash(user->password_hash)) {
    // The policy was raised since this hash was made: upgrade it now that we know the password.
    auto h = app.hasher->hash(in.password);
    if (h) {
      if (auto s = store::set_password_hash(**lease, user->id, *h, now); !s) return s.error();
    }
  }
  const std::string sid = security::uuid_v4();
  if (auto s = store::insert_session(**lease, {sid, user->id, now, now, false}); !s) return s.error();
  auto refresh_token = new_refresh(**lease, *user, sid, now, now);
  if (!refresh_token) return refresh_token.error();
  if (auto s = store::clear_throttle(**lease, user_key); !s) return s.error();
  audit.outcome = "success";
  audit.reason.clear();
  audit.record_type = "session";
  audit.record_id = sid;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  auto token = access_token(app, *user, sid, now, now);
  if (!token) return token.error();
  LoginOutcome out;
  out.tokens = Tokens{token->token, *refresh_token, token->expires_in, *user};
  return out;
}

Result<Tokens> refresh(app::App& app, const std::string& refresh_token, const http::Request& req) {
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto found = store::find_refresh(**lease, security::sha256_hex(refresh_token));
  if (!found) return found.error();
  if (!*found) return Error::unauthorized("This refresh token is not valid. Sign in again.");
  const auto& r = **found;
  auto session = store::find_session(**lease, r.session_id);
  if (!session) return session.error();
  AuditEntry audit = audit_entry(req, "auth.refresh", "denied");
  audit.actor_id = r.user_id;
  audit.record_type = "session";
  audit.record_id = r.session_id;
  auto used = store::mark_refresh_used(**lease, r.id, now);
  if (!used) return used.error();
  if (!*used || r.revoked) {
    // A rotated token came back: someone holds a copy. End the whole session (family).
    constexpr const char* kReuse = "refresh token reuse";
    if (auto s = store::revoke_session(**lease, r.session_id, kReuse, now, app.sessions->publish_until(now)); !s)
      return s.error();
    audit.reason = "refresh token reuse; session revoked";
    if (auto s = append_audit(**lease, audit, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    app.sessions->revoke_here(r.session_id, kReuse, now);
    return Error::unauthorized("This refresh token was already used; the session has been ended. Sign in again.");
  }
  if (!*session || session_expired(app, **session, now) || r.expires_at < now) {
    return Error::unauthorized("The session has ended. Sign in again.");
  }
  auto user = store::find_user_by_id(**lease, r.user_id);
  if (!user) return user.error();
  if (!*user || (*user)->status != "active") {
    audit.reason = "account suspended";
    if (auto s = append_audit(**lease, audit, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return Error::unauthorized("This account is suspended. Contact your administrator.");
  }
  auto next = new_refresh(**lease, **user, r.session_id, (*session)->started_at, now);
  if (!next) return next.error();
  if (auto s = store::touch_session(**lease, r.session_id, now); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  auto token = access_token(app, **user, r.session_id, (*session)->started_at, now);
  if (!token) return token.error();
  return Tokens{token->token, *next, token->expires_in, **user};
}

Status logout(app::App& app, const http::Request& req) {
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  const std::string& sid = req.caller.session_id;
  if (auto s = store::revoke_session(**lease, sid, "logout", now, app.sessions->publish_until(now)); !s) return s;
  auto audit = audit_entry(req, "auth.logout");
  audit.record_type = "session";
  audit.record_id = sid;
  if (auto s = append_audit(**lease, audit, now); !s) return s;
  if (auto s = tx->commit(); !s) return s;
  app.sessions->revoke_here(sid, "logout", now);
  return ok_status();
}

Result<http::Caller> authenticate_request(app::App& app, const http::Request& req) {
  const int64_t now = now_ms();
  const auto api_key = req.header("x-api-key");
  if (!api_key.empty()) return authenticate_api_key(app, api_key, now);
  const auto auth = req.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
    return Error::unauthorized("Sign in first: send Authorization: Bearer <access token>.");
  }
  // Nothing here reads the database: the signature and claims are checked in memory, and
  // revocations made on any server copy reach this one within a poll (service/session_state.hpp).
  auto claims = access_claims(app, auth.substr(kBearer.size()), now / 1000);
  if (!claims) return Error::unauthorized("The access token is not valid or has expired. Sign in again.");
  if (auto reason = app.sessions->revoked(claims->sid)) {
    if (*reason == kSuspendedRevocation) {
      // A suspended account is refused on its very next request, whatever tokens it holds.
      auto audit = audit_entry(req, "auth.token_refused", "denied");
      audit.actor_id = claims->sub;
      audit.actor_role = claims->role;
      audit.reason = std::string(kSuspendedRevocation);
      (void)app.audit->append(audit, now);
      return Error::unauthorized("This account is suspended. Contact your administrator.");
    }
    return Error::unauthorized("The session has ended. Sign in again.");
  }
  app.sessions->seen(claims->sid, now);
  return caller_of(*claims);
}

Result<store::UserRecord> user_for_enrolment(app::App& app, const http::Request& req) {
  const auto auth = req.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
    return Error::unauthorized("Send the enrolment token (or an access token) as Authorization: Bearer.");
  }
  const auto token = auth.substr(kBearer.size());
  const int64_t now_s = now_ms() / 1000;
  std::string user_id;
  if (auto enrol = jwt::verify(token, key_of(app), {app.config.issuer, kAudience, jwt::TokenType::enrol}, now_s)) {
    user_id = enrol->sub;
  } else {
    auto caller = authenticate_request(app, req);
    if (!caller) return caller.error();
    user_id = caller->id;
  }
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto user = store::find_user_by_id(**lease, user_id);
  if (!user) return user.error();
  if (!*user || (*user)->status != "active") return Error::unauthorized("This account cannot enrol a second factor.");
  return **user;
}

Result<Enrolment> start_totp_enrolment(app::App& app, const http::Request& req) {
  auto user = user_for_enrolment(app, req);
  if (!user) return user.error();
  if (user->totp_enabled) return Error::conflict("A second factor is already enrolled for this account.");
  const std::string secret = security::generate_totp_secret();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  if (auto s = store::set_totp_pending(**lease, user->id, secret); !s) return s.error();
  return Enrolment{secret, security::otpauth_uri(user->username, secret)};
}

Status confirm_totp_enrolment(app::App& app, const http::Request& req, const std::string& code) {
  auto user = user_for_enrolment(app, req);
  if (!user) return user.error();
  if (user->totp_enabled) return Error::conflict("A second factor is already enrolled for this account.");
  if (user->totp_pending_secret.empty())
    return Error::conflict("Start the enrolment first (POST /api/v1/auth/totp/enroll).");
  auto secret = security::base32_decode(user->totp_pending_secret);
  if (!secret) return Error::internal("pending TOTP secret is not base32");
  const int64_t now = now_ms();
  auto step = security::verify_totp(*secret, code, now / 1000, std::nullopt);
  if (!step)
    return Error::rule("The code does not match. Check the time on your phone and try the current code.",
                       {{"totp", "does not match"}});
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::enable_totp(**lease, user->id, user->totp_pending_secret, *step); !s) return s;
  auto audit = audit_entry(req, "auth.totp_enrolled");
  audit.actor_id = user->id;
  audit.actor_role = user->role;
  if (auto s = append_audit(**lease, audit, now); !s) return s;
  return tx->commit();
}

}  // namespace hf::service
