#include "api/identity_json.hpp"

#include "domain/date.hpp"
#include "domain/national_id.hpp"

namespace hf::api {

boost::json::object governorate_json(const std::string& code) {
  int n = 0;
  try {
    n = std::stoi(code);
  } catch (const std::exception&) {
    n = 0;
  }
  if (const auto* g = domain::find_governorate(n)) {
    return {{"code", code}, {"name", std::string(g->name_en)}, {"name_ar", std::string(g->name_ar)}};
  }
  return {{"code", code}, {"name", code}, {"name_ar", code}};
}

boost::json::object user_json(const store::UserRecord& u) {
  boost::json::array facilities;
  for (const auto& f : u.facility_ids) facilities.emplace_back(f);
  boost::json::object o{{"id", u.id},
                        {"role", u.role},
                        {"username", u.username},
                        {"full_name", u.full_name},
                        {"status", u.status},
                        {"facility_ids", std::move(facilities)},
                        {"mfa_enabled", u.totp_enabled},
                        {"created_at", domain::to_rfc3339(u.created_at)}};
  if (!u.full_name_ar.empty()) o["full_name_ar"] = u.full_name_ar;
  if (!u.license_no.empty()) o["license_no"] = u.license_no;
  if (!u.phone.empty()) o["phone"] = u.phone;
  if (!u.patient_id.empty()) o["patient_id"] = u.patient_id;
  if (!u.national_id.empty()) o["national_id_masked"] = domain::mask_national_id(u.national_id);
  return o;
}

boost::json::object facility_json(const store::FacilityRecord& f) {
  return {{"id", f.id},
          {"type", f.type},
          {"name", f.name},
          {"name_ar", f.name_ar},
          {"license_no", f.license_no},
          {"governorate", governorate_json(f.governorate)},
          {"address", f.address},
          {"status", f.status},
          {"created_at", domain::to_rfc3339(f.created_at)}};
}

boost::json::object api_key_json(const store::ApiKeyRecord& k) {
  boost::json::array perms;
  for (const auto& p : k.permissions) perms.emplace_back(p);
  boost::json::object o{{"id", k.id},
                        {"name", k.name},
                        {"facility_id", k.facility_id},
                        {"key_prefix", k.key_prefix},
                        {"permissions", std::move(perms)},
                        {"created_at", domain::to_rfc3339(k.created_at)},
                        {"revoked", k.revoked}};
  o["last_used_at"] = k.last_used_at ? boost::json::value(domain::to_rfc3339(k.last_used_at)) : nullptr;
  return o;
}

}  // namespace hf::api
