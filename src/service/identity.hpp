#pragma once
// Identity use cases (API.md "Identity"): log-in with a second factor, token rotation,
// log-out, and resolving the caller of every request from a bearer token or an API key.

#include <optional>
#include <string>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/user_repository.hpp"

namespace hf::service {

struct LoginRequest {
  std::string username;
  std::string password;
  std::optional<std::string> totp;
};

struct Tokens {
  std::string access_token;
  std::string refresh_token;
  int expires_in = 0;
  store::UserRecord user;
};

// A second factor is needed before tokens are issued.
struct LoginOutcome {
  enum class Kind { tokens, mfa_required, mfa_enrollment_required } kind = Kind::tokens;
  Tokens tokens;
  std::string enrollment_token;  // for mfa_enrollment_required
};

Result<LoginOutcome> login(app::App& app, const LoginRequest& in, const http::Request& req);
Result<Tokens> refresh(app::App& app, const std::string& refresh_token, const http::Request& req);
Status logout(app::App& app, const http::Request& req);

// Bearer access token or X-API-Key; checks the user is active and the session alive.
Result<http::Caller> authenticate_request(app::App& app, const http::Request& req);

// The user named by an access token or an enrolment token (TOTP enrolment endpoints).
Result<store::UserRecord> user_for_enrolment(app::App& app, const http::Request& req);
struct Enrolment {
  std::string secret;
  std::string otpauth_uri;
};
Result<Enrolment> start_totp_enrolment(app::App& app, const http::Request& req);
Status confirm_totp_enrolment(app::App& app, const http::Request& req, const std::string& code);

bool mfa_required_for(const app::Config& c, const std::string& role);

}  // namespace hf::service
