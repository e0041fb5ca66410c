#include "security/password_policy.hpp"

#include <string>

#include "security/utf8.hpp"

namespace hf::security {

namespace {

Status refuse(std::string message) {
  return Error::rule("password refused", {{"password", std::move(message)}});
}

}  // namespace

Status check_password_policy(std::string_view password, const BreachedPasswords& breached) {
  // A code point is at most 4 bytes: anything longer is over the limit without decoding it, which
  // keeps a multi-megabyte "password" from costing us more than a size comparison.
  if (password.size() > kPasswordMaxCodePoints * 4) return refuse("must be at most 128 characters");
  const auto length = utf8_code_points(password);
  if (!length) return refuse("must be valid UTF-8 text");
  if (*length > kPasswordMaxCodePoints) return refuse("must be at most 128 characters");
  if (*length < kPasswordMinCodePoints) return refuse("must be at least 12 characters");
  if (breached.contains(password)) return refuse("is too common: it appears in lists of breached passwords");
  return ok_status();
}

}  // namespace hf::security
