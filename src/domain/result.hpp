#pragma once
// Errors as values at the domain and service boundary (STYLE.md "Errors").
// An Error carries a kind the HTTP edge maps to a status, a message safe to show a client,
// and optional per-field messages. Internal detail (SQL, library text) never goes in here.

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hf {

enum class ErrorKind {
  invalid,       // 400: malformed input, wrong types
  unauthorized,  // 401
  forbidden,     // 403
  not_found,     // 404
  conflict,      // 409: state conflict, duplicate, over-dispense
  rule_broken,   // 422: valid input that breaks a domain rule
  rate_limited,  // 429
  unavailable,   // 503: database or dependency down
  internal,      // 500: a bug; never for bad input
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;             // safe for the client
  std::vector<FieldError> fields;  // per-field problems, may be empty
  std::string type_suffix;         // problem "type" suffix, e.g. "mfa-required"; empty = from kind
  int retry_after_seconds = 0;     // > 0: sent as Retry-After (429, 503)

  static Error invalid(std::string m, std::vector<FieldError> f = {}) {
    return {ErrorKind::invalid, std::move(m), std::move(f), {}, 0};
  }
  static Error rule(std::string m, std::vector<FieldError> f = {}) {
    return {ErrorKind::rule_broken, std::move(m), std::move(f), {}, 0};
  }
  static Error not_found(std::string m) { return {ErrorKind::not_found, std::move(m), {}, {}, 0}; }
  static Error conflict(std::string m) { return {ErrorKind::conflict, std::move(m), {}, {}, 0}; }
  static Error forbidden(std::string m) { return {ErrorKind::forbidden, std::move(m), {}, {}, 0}; }
  static Error unauthorized(std::string m) { return {ErrorKind::unauthorized, std::move(m), {}, {}, 0}; }
  static Error unavailable(std::string m) { return {ErrorKind::unavailable, std::move(m), {}, {}, 0}; }
  static Error rate_limited(std::string m, int retry_after) {
    return {ErrorKind::rate_limited, std::move(m), {}, {}, retry_after};
  }
  static Error internal(std::string m) { return {ErrorKind::internal, std::move(m), {}, {}, 0}; }
};

// A value or an Error. Deliberately small: std::expected needs C++23 (STYLE.md).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// For operations that succeed with nothing to return.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() {
  return Done{};
}

}  // namespace hf
