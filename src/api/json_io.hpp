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

// 415 unless Content-Type is application/json; 400 for malformed JSON, a non-object, or a key
// given twice in one object at any depth (api/json_duplicates.hpp), naming the key.
Result<json::object> parse_object(const http::Request& req);
// For an endpoint that takes no fields: no body, or a JSON object without keys ({}); anything else
// is refused like an unknown field rather than ignored.
Status read_no_fields(const http::Request& req);
http::Response json_response(int status, const json::value& v);

// Typed field readers that collect field errors instead of throwing. Nothing in a body is ignored
// silently: a key that no reader has asked for by the time ok(), errors() or error() is called is
// an error of its own ("is not a field of this request"), so read every field before asking.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o), read_(o.size(), false) {}
  std::optional<std::string> text(const char* name, bool required, size_t max_len = 1000);
  std::optional<int64_t> integer(const char* name, bool required, int64_t lo, int64_t hi);
  std::optional<double> number(const char* name, bool required, double lo, double hi);
  std::optional<bool> boolean(const char* name, bool required);
  const json::array* array(const char* name, bool required, size_t max_items);
  std::vector<std::string> text_list(const char* name, bool required, size_t max_items, size_t max_len = 200);
  // The value as given (nullptr if absent), for a field the typed readers cannot read.
  const json::value* raw(const char* name);
  void fail(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  void set_prefix(std::string p) { prefix_ = std::move(p); }
  bool ok() {
    report_unknown();
    return errors_.empty();
  }
  std::vector<FieldError>& errors() {
    report_unknown();
    return errors_;
  }
  // 400 for type errors and unknown fields is what API.md asks; we use 422 only for rule breaks by
  // callers.
  Error error();

 private:
  std::string name_of(const char* n) const { return prefix_ + n; }
  const json::value* get(const char* name);
  void report_unknown();
  const json::object& o_;
  std::vector<bool> read_;  // by position in o_
  std::string prefix_;
  std::vector<FieldError> errors_;
};

}  // namespace hf::api
