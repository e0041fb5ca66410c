#include "api/staff.hpp"

#include "api/identity_json.hpp"
#include "api/json_io.hpp"
#include "api/paging.hpp"
#include "http/problem.hpp"
#include "security/utf8.hpp"
#include "service/administration.hpp"

namespace hf::api::staff {
namespace {

http::Response no_content() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

http::Response create_facility(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  store::FacilityRecord rec;
  auto type = f.text("type", true, 20);
  auto name = f.text("name", true, 200);
  auto name_ar = f.text("name_ar", true, 200);
  auto license = f.text("license_no", true, 50);
  auto gov = f.text("governorate", true, 50);
  auto address = f.text("address", true, 500);
  if (!f.ok()) return http::problem(f.error());
  if (*type != "clinic" && *type != "hospital" && *type != "pharmacy")
    f.fail("type", "must be clinic, hospital or pharmacy");
  auto code = service::governorate_code(*gov);
  if (!code) f.fail("governorate", "must be a governorate code (e.g. 01) or its English or Arabic name");
  if (!f.ok()) return http::problem(Error::rule("The facility cannot be created as given.", f.errors()));
  rec.type = *type;
  rec.name = *name;
  rec.name_ar = *name_ar;
  rec.license_no = *license;
  rec.governorate = *code;
  rec.address = *address;
  auto out = service::create_facility(app, req, rec);
  if (!out) return http::problem(out.error());
  return json_response(201, facility_json(*out));
}

http::Response list_facilities(app::App& app, http::Request& req) {
  auto page = read_page(req);
  if (!page) return http::problem(page.error());
  const std::string type = req.query_param("type").value_or("");
  auto out = service::list_facilities(app, type, page->limit + 1, page->after);
  if (!out) return http::problem(out.error());
  json::array items;
  const bool more = out->size() > static_cast<size_t>(page->limit);
  if (more) out->pop_back();
  for (const auto& fac : *out) items.push_back(facility_json(fac));
  json::value next = more ? json::value(make_cursor(out->back().id)) : nullptr;
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

http::Response create_user(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  service::NewUser in;
  auto role = f.text("role", true, 20);
  auto username = f.text("username", true, 64);
  auto password = f.text("password", true, 4096);
  auto full_name = f.text("full_name", true, 200);
  auto full_name_ar = f.text("full_name_ar", false, 200);
  auto national_id = f.text("national_id", false, 40);
  auto license = f.text("license_no", false, 50);
  auto phone = f.text("phone", false, 30);
  auto patient_id = f.text("patient_id", false, 64);
  auto facilities = f.text_list("facility_ids", false, 20, 64);
  if (!f.ok()) return http::problem(f.error());
  if (security::utf8_code_points(*password).value_or(0) > 128) {
    return http::problem(Error::invalid("The password is longer than 128 characters.",
                                        {{"password", "must be at most 128 characters"}}));
  }
  in.user.role = *role;
  in.user.username = *username;
  in.user.full_name = *full_name;
  in.user.full_name_ar = full_name_ar.value_or("");
  in.user.national_id = national_id.value_or("");
  in.user.license_no = license.value_or("");
  in.user.phone = phone.value_or("");
  in.user.patient_id = patient_id.value_or("");
  in.user.facility_ids = facilities;
  in.password = *password;
  auto out = service::create_user(app, &req, std::move(in));
  if (!out) return http::problem(out.error());
  return json_response(201, user_json(*out));
}

http::Response update_user(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto status = f.text("status", true, 20);
  for (const auto& kv : *body) {
    if (kv.key() != "status") f.fail(std::string(kv.key()), "cannot be changed here; only status can");
  }
  if (!f.ok()) return http::problem(f.error());
  if (*status != "active" && *status != "suspended") f.fail("status", "must be active or suspended");
  if (!f.ok()) return http::problem(Error::rule("The change is not allowed.", f.errors()));
  auto out = service::set_user_status(app, req, req.param("id"), *status);
  if (!out) return http::problem(out.error());
  return json_response(200, user_json(*out));
}

http::Response list_users(app::App& app, http::Request& req) {
  auto page = read_page(req);
  if (!page) return http::problem(page.error());
  store::UserFilter filter;
  filter.role = req.query_param("role").value_or("");
  filter.facility_id = req.query_param("facility_id").value_or("");
  filter.status = req.query_param("status").value_or("");
  filter.limit = page->limit + 1;
  filter.after_id = page->after;
  auto out = service::list_users(app, req, filter);
  if (!out) return http::problem(out.error());
  const bool more = out->size() > static_cast<size_t>(page->limit);
  if (more) out->pop_back();
  json::array items;
  for (const auto& u : *out) items.push_back(user_json(u));
  json::value next = more ? json::value(make_cursor(out->back().id)) : nullptr;
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

http::Response create_api_key(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto name = f.text("name", true, 100);
  auto facility = f.text("facility_id", true, 64);
  auto perms = f.text_list("permissions", true, 20, 40);
  if (!f.ok()) return http::problem(f.error());
  store::ApiKeyRecord k;
  k.name = *name;
  k.facility_id = *facility;
  k.permissions = perms;
  auto out = service::create_api_key(app, req, k);
  if (!out) return http::problem(out.error());
  auto o = api_key_json(out->record);
  o["key"] = out->key;
  return json_response(201, o);
}

http::Response list_api_keys(app::App& app, http::Request&) {
  auto out = service::list_api_keys(app);
  if (!out) return http::problem(out.error());
  json::array items;
  for (const auto& k : *out) items.push_back(api_key_json(k));
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response revoke_api_key(app::App& app, http::Request& req) {
  if (auto s = service::revoke_api_key(app, req, req.param("id")); !s) return http::problem(s.error());
  return no_content();
}

}  // namespace hf::api::staff
