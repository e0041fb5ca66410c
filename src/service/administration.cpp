#include "service/administration.hpp"

#include <algorithm>
#include <cctype>

#include "domain/national_id.hpp"
#include "security/digest.hpp"
#include "security/password_policy.hpp"
#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "service/events.hpp"
#include "service/idempotent_result.hpp"

namespace hf::service {
namespace {

constexpr const char* kPatientExists = "SELECT 1 FROM patients WHERE id = $1";
constexpr const char* kPatientLinked = "SELECT 1 FROM users WHERE patient_id = $1";

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

AuditEntry entry_for(const http::Request* req, const char* action) {
  if (req) return audit_entry(*req, action);
  AuditEntry e;
  e.actor_id = "cli";
  e.actor_role = "operator";
  e.action = action;
  return e;
}

// Levels of authority over an account's suspension (DOMAIN.md roles): the ministry's national
// administrators above facility administrators.
int authority_rank(const std::string& level) {
  return level == "national" ? 2 : level == "facility" ? 1 : 0;
}

std::string authority_of(const std::string& role) {
  return role == "admin" ? "national" : role == "facility_admin" ? "facility" : "";
}

bool valid_username(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '-';
  });
}

}  // namespace

const std::vector<std::string>& api_key_permissions() {
  static const std::vector<std::string> kPermissions{
      "drugs:read",         "patients:read",       "patients:write", "prescriptions:read", "prescriptions:write",
      "dispensations:read", "dispensations:write", "fhir:read",      "fhir:write",         "events:read"};
  return kPermissions;
}

std::optional<std::string> governorate_code(const std::string& given) {
  const std::string g = lower(given);
  for (const auto& gov : domain::governorates()) {
    char code[3];
    std::snprintf(code, sizeof code, "%02d", gov.code);
    if (g == code || g == lower(std::string(gov.name_en)) || given == gov.name_ar) return std::string(code);
  }
  return std::nullopt;
}

Result<store::FacilityRecord> create_facility(app::App& app, const http::Request& req, store::FacilityRecord f) {
  const int64_t now = now_ms();
  f.id = security::uuid_v4();
  f.created_at = now;
  f.status = "active";
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::insert_facility(**lease, f); !s) {
    if (s.error().kind == ErrorKind::conflict) return Error::conflict("A facility with this licence number exists.");
    return s.error();
  }
  auto audit = audit_entry(req, "facility.create");
  audit.record_type = "facility";
  audit.record_id = f.id;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (auto s =
          record_event(**lease, "facility.created", {{"facility_id", f.id}, {"type", f.type}}, now, event_for({f.id}));
      !s)
    return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return f;
}

Result<std::vector<store::FacilityRecord>> list_facilities(app::App& app, const std::string& type, int limit,
                                                           const std::string& after) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_facilities(**lease, type, limit, after);
}

Result<store::UserRecord> create_user(app::App& app, const http::Request* req, NewUser in) {
  auto& u = in.user;
  std::vector<FieldError> errors;
  if (!has(roles(), u.role))
    errors.push_back({"role", "must be one of doctor, pharmacist, patient, facility_admin, admin, regulator"});
  if (!valid_username(u.username))
    errors.push_back({"username", "3 to 64 characters: lower-case letters, digits, dot, dash, underscore"});
  if ((u.role == "doctor" || u.role == "pharmacist") && u.license_no.empty())
    errors.push_back({"license_no", "is required for " + u.role + "s (syndicate registration number)"});
  if ((u.role == "doctor" || u.role == "pharmacist" || u.role == "facility_admin") && u.facility_ids.empty())
    errors.push_back({"facility_ids", "a " + u.role + " works at one or more facilities"});
  if (u.role == "pharmacist" && u.facility_ids.size() > 1)
    errors.push_back({"facility_ids", "a pharmacist works at one pharmacy"});
  if (u.role == "patient" && u.patient_id.empty())
    errors.push_back({"patient_id", "a patient account is linked to a patient record"});
  if (u.role != "patient" && !u.patient_id.empty())
    errors.push_back({"patient_id", "only patient accounts link to a patient"});
  if (auto s = security::check_password_policy(in.password, app.breached_passwords); !s) {
    errors.push_back({"password", s.error().message});
  }
  if (!errors.empty()) return Error::rule("The account cannot be created as given.", errors);

  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  for (size_t i = 0; i < u.facility_ids.size(); ++i) {
    auto f = store::find_facility(**lease, u.facility_ids[i]);
    if (!f) return f.error();
    const std::string field = "facility_ids[" + std::to_string(i) + "]";
    if (!*f) return Error::rule("Unknown facility.", {{field, "no facility has this id"}});
    if (u.role == "pharmacist" && (*f)->type != "pharmacy")
      return Error::rule("A pharmacist works at a pharmacy.", {{field, "is not a pharmacy"}});
    if (u.role == "doctor" && (*f)->type == "pharmacy")
      return Error::rule("A doctor works at a clinic or hospital.", {{field, "is a pharmacy"}});
  }
  if (u.role == "patient") {
    auto p = (*lease)->query(kPatientExists, {store::param(u.patient_id)});
    if (!p) return p.error();
    if (p->empty()) return Error::rule("Unknown patient.", {{"patient_id", "no patient has this id"}});
    auto linked = (*lease)->query(kPatientLinked, {store::param(u.patient_id)});
    if (!linked) return linked.error();
    if (!linked->empty()) return Error::conflict("This patient already has an account.");
  }
  auto hash = app.hasher->hash(in.password);
  if (!hash) return hash.error();
  u.id = security::uuid_v4();
  u.password_hash = *hash;
  u.status = "active";
  u.created_at = now;
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::insert_user(**lease, u, now); !s) {
    if (s.error().kind == ErrorKind::conflict) return Error::conflict("This username is taken.");
    return s.error();
  }
  auto audit = entry_for(req, "user.create");
  audit.record_type = "user";
  audit.record_id = u.id;
  audit.patient_id = u.patient_id;
  audit.reason = "role " + u.role;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (auto s =
          record_event(**lease, "user.created", {{"user_id", u.id}, {"role", u.role}}, now, event_for(u.facility_ids));
      !s)
    return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return u;
}

Result<store::UserRecord> set_user_status(app::App& app, const http::Request& req, const std::string& id,
                                          const std::string& status) {
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_user_by_id(**lease, id);
  if (!found) return found.error();
  if (!*found) return Error::not_found("There is no such user.");
  auto user = **found;
  if (req.caller.role == "facility_admin") {
    // Only staff of their own facilities, and never an administrator (DOMAIN.md roles); an
    // attempt on anyone else is recorded.
    auto denied = audit_entry(req, "user.status");
    denied.record_type = "user";
    denied.record_id = id;
    denied.reason = "to " + status;
    const bool shares = std::any_of(user.facility_ids.begin(), user.facility_ids.end(),
                                    [&](const std::string& f) { return has(req.caller.facility_ids, f); });
    if (!shares) {
      lease->release();
      return refuse_and_audit(*app.audit, std::move(denied), Error::not_found("There is no such user."));
    }
    if (user.role == "admin" || user.role == "facility_admin" || user.role == "regulator") {
      lease->release();
      return refuse_and_audit(*app.audit, std::move(denied),
                              Error::forbidden("A facility administrator manages staff accounts only."));
    }
  }
  if (user.id == req.caller.id) return Error::rule("You cannot change your own account's status.");
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  // A suspension is lifted (or kept) only by the level of authority that imposed it, or a higher
  // one: a facility administrator cannot undo the ministry's national suspension.
  const std::string level = authority_of(req.caller.role);
  auto current = store::find_suspension(**lease, id);
  if (!current) return current.error();
  if (*current && authority_rank(level) < authority_rank((*current)->level)) {
    return Error::forbidden(
        "This account was suspended by a national administrator; only a national administrator can change that.");
  }
  std::optional<store::Suspension> suspension;
  if (status == "suspended") suspension = store::Suspension{req.caller.id, level};
  if (auto s = store::set_user_status(**lease, id, status, suspension, now); !s) return s.error();
  std::vector<std::string> revoked;
  if (status == "suspended") {
    auto ended = store::revoke_user_sessions(**lease, id, std::string(kSuspendedRevocation), now,
                                             app.sessions->publish_until(now));
    if (!ended) return ended.error();
    revoked = std::move(ended).value();
  }
  auto audit = audit_entry(req, "user.status");
  audit.record_type = "user";
  audit.record_id = id;
  audit.reason = user.status + " -> " + status;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (status != user.status) {
    const char* type = status == "suspended" ? "user.deactivated" : "user.reactivated";
    if (auto s = record_event(**lease, type, {{"user_id", id}, {"role", user.role}}, now, event_for(user.facility_ids));
        !s)
      return s.error();
  }
  if (auto s = tx->commit(); !s) return s.error();
  // In force on this copy at once; the others read it from session_revocations within a poll.
  for (const auto& sid : revoked) app.sessions->revoke_here(sid, std::string(kSuspendedRevocation), now);
  user.status = status;
  return user;
}

Result<std::vector<store::UserRecord>> list_users(app::App& app, const http::Request& req, store::UserFilter f) {
  if (req.caller.role == "facility_admin") {
    if (!f.facility_id.empty() && !has(req.caller.facility_ids, f.facility_id)) return std::vector<store::UserRecord>{};
    f.within_facilities = req.caller.facility_ids;
    if (f.within_facilities.empty()) return std::vector<store::UserRecord>{};
  }
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_users(**lease, f);
}

Result<IssuedKey> create_api_key(app::App& app, const http::Request& req, store::ApiKeyRecord k) {
  std::vector<FieldError> errors;
  for (size_t i = 0; i < k.permissions.size(); ++i) {
    if (!has(api_key_permissions(), k.permissions[i]))
      errors.push_back({"permissions[" + std::to_string(i) + "]", "unknown permission"});
  }
  if (k.permissions.empty()) errors.push_back({"permissions", "name at least one permission"});
  if (!errors.empty()) return Error::rule("The key cannot be created as given.", errors);
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto f = store::find_facility(**lease, k.facility_id);
  if (!f) return f.error();
  if (!*f) return Error::rule("Unknown facility.", {{"facility_id", "no facility has this id"}});
  IssuedKey out;
  out.key = security::random_token("hfk_");
  k.id = security::uuid_v4();
  k.key_prefix = out.key.substr(0, 10);
  k.created_by = req.caller.id;
  k.created_at = now;
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::insert_api_key(**lease, k, security::sha256_hex(out.key)); !s) return s.error();
  if (auto s = record_idempotent_result(**lease, req, "/api/v1/api-keys/" + k.id); !s) return s.error();
  auto audit = audit_entry(req, "api_key.create");
  audit.record_type = "api_key";
  audit.record_id = k.id;
  if (auto s = append_audit(**lease, audit, now); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  out.record = k;
  return out;
}

Result<std::vector<store::ApiKeyRecord>> list_api_keys(app::App& app) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_api_keys(**lease);
}

Status revoke_api_key(app::App& app, const http::Request& req, const std::string& id) {
  const int64_t now = now_ms();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto r = store::revoke_api_key(**lease, id, now);
  if (!r) return r.error();
  if (!*r) return Error::not_found("There is no active API key with this id.");
  auto audit = audit_entry(req, "api_key.revoke");
  audit.record_type = "api_key";
  audit.record_id = id;
  if (auto s = append_audit(**lease, audit, now); !s) return s;
  return tx->commit();
}

}  // namespace hf::service
