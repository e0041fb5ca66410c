#pragma once
// Reading JSON bodies and writing JSON answers at the HTTP edge. Boost.JSON throws on bad
// input; these helpers turn that into 400/415 problems so nothing escapes as a 500.

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "domain/result.hpp"
#include "http/message.hpp"

namespace hf::api {

namespace json = boost::json;

// 415 unless Content-Type is application/json; 400 for malformed JSON or a non-object.
Result<json::object> parse_object(const http::Request& req);
http::Response json_response(int status, const json::value& v);

// Typed field readers that collect field errors instead of throwing.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  std::optional<std::string> text(const char* name, bool required, size_t max_len = 1000);
  std::optional<int64_t> integer(const char* name, bool required, int64_t lo, int64_t hi);
  std::optional<double> number(const char* name, bool required, double lo, double hi);
  std::optional<bool> boolean(const char* name, bool required);
  const json::array* array(const char* name, bool required, size_t max_items);
  std::vector<std::string> text_list(const char* name, bool required, size_t max_items, size_t max_len = 200);
  void fail(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  void set_prefix(std::string p) { prefix_ = std::move(p); }
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }
  // 400 for type errors is what API.md asks; we use 422 only for rule breaks by callers.
  Error error() const { return Error::invalid("Some fields are missing or have the wrong type.", errors_); }

 private:
  std::string name_of(const char* n) const { return prefix_ + n; }
  const json::object& o_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

}  // namespace hf::api
