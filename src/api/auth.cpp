// POST /api/v1/auth/login, /refresh, /logout, /totp/enroll, /totp/confirm; GET /api/v1/me.
#include "api/auth.hpp"

#include "api/identity_json.hpp"
#include "api/json_io.hpp"
#include "http/problem.hpp"
#include "security/utf8.hpp"
#include "service/identity.hpp"

namespace hf::api::auth {
namespace {

http::Response tokens_json(const service::Tokens& t) {
  return json_response(200, json::object{{"access_token", t.access_token},
                                         {"refresh_token", t.refresh_token},
                                         {"token_type", "Bearer"},
                                         {"expires_in", t.expires_in},
                                         {"user", user_json(t.user)}});
}

}  // namespace

http::Response login(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto username = f.text("username", true, 64);
  auto password = f.text("password", true, 4096);
  auto totp = f.text("totp", false, 16);
  if (!f.ok()) return http::problem(f.error());
  // Longer than policy allows: refuse at once, before any hashing work.
  if (security::utf8_code_points(*password).value_or(0) > 128) {
    return http::problem(Error::invalid("The password is longer than 128 characters.",
                                        {{"password", "must be at most 128 characters"}}));
  }
  service::LoginRequest in{*username, *password, totp};
  auto out = service::login(app, in, req);
  if (!out) return http::problem(out.error());
  using Kind = service::LoginOutcome::Kind;
  if (out->kind == Kind::mfa_required) {
    return http::problem(401, "Enter the 6-digit code from your authenticator app.", "mfa-required");
  }
  if (out->kind == Kind::mfa_enrollment_required) {
    auto res = http::problem(401, "Your role must use a second factor. Enrol an authenticator app to continue.",
                             "mfa-enrollment-required");
    auto o = json::parse(res.body).as_object();
    o["enrollment_token"] = out->enrollment_token;
    o["enroll_url"] = "/api/v1/auth/totp/enroll";
    res.body = json::serialize(o);
    return res;
  }
  return tokens_json(out->tokens);
}

http::Response refresh(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto token = f.text("refresh_token", true, 200);
  if (!f.ok()) return http::problem(f.error());
  auto out = service::refresh(app, *token, req);
  if (!out) return http::problem(out.error());
  return tokens_json(*out);
}

http::Response logout(app::App& app, http::Request& req) {
  if (auto s = read_no_fields(req); !s) return http::problem(s.error());
  if (auto s = service::logout(app, req); !s) return http::problem(s.error());
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

http::Response me(app::App& app, http::Request& req) {
  auto lease = app.db->acquire();
  if (!lease) return http::problem(lease.error());
  auto user = store::find_user_by_id(**lease, req.caller.id);
  if (!user) return http::problem(user.error());
  if (!*user) return http::problem(404, "There is no such user.");
  auto o = user_json(**user);
  json::array facilities;
  for (const auto& id : (*user)->facility_ids) {
    auto f = store::find_facility(**lease, id);
    if (f && *f) facilities.push_back(facility_json(**f));
  }
  o["facilities"] = std::move(facilities);
  o["mfa_required"] = service::mfa_required_for(app.config, (*user)->role);
  return json_response(200, o);
}

http::Response totp_enroll(app::App& app, http::Request& req) {
  if (auto s = read_no_fields(req); !s) return http::problem(s.error());
  auto out = service::start_totp_enrolment(app, req);
  if (!out) return http::problem(out.error());
  return json_response(200, json::object{{"otpauth_uri", out->otpauth_uri}, {"secret", out->secret}});
}

http::Response totp_confirm(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto code = f.text("totp", true, 16);
  if (!f.ok()) return http::problem(f.error());
  if (auto s = service::confirm_totp_enrolment(app, req, *code); !s) return http::problem(s.error());
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace hf::api::auth
