#include "api/json_io.hpp"

#include <algorithm>
#include <cmath>

#include "api/json_duplicates.hpp"
#include "security/utf8.hpp"

namespace hf::api {
namespace {

constexpr const char* kUnknownField = "is not a field of this request";

}  // namespace

Result<json::object> parse_object(const http::Request& req) {
  const auto ct = req.header("content-type");
  const auto semi = ct.find(';');
  std::string base(ct.substr(0, semi));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (base != "application/json") {
    // 415 (API.md): problem() maps this suffix to 415.
    return Error{ErrorKind::invalid,
                 "Send the body as JSON with Content-Type: application/json.",
                 {},
                 "unsupported-media-type",
                 0};
  }
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 32;
  json::value v = json::parse(req.body, ec, {}, opt);
  if (ec) return Error::invalid("The body is not valid JSON: " + ec.message() + ".");
  if (!v.is_object()) return Error::invalid("The body must be a JSON object.");
  if (auto dup = first_duplicate_key(req.body)) {
    return Error::invalid("The body gives " + *dup + " more than once.", {{*dup, "is given more than once"}});
  }
  return std::move(v.as_object());
}

Status read_no_fields(const http::Request& req) {
  if (req.body.empty()) return ok_status();
  auto body = parse_object(req);
  if (!body) return body.error();
  Fields f(*body);
  if (!f.ok()) return f.error();
  return ok_status();
}

http::Response json_response(int status, const json::value& v) {
  http::Response r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

const json::value* Fields::get(const char* name) {
  const auto it = o_.find(name);
  if (it == o_.end()) return nullptr;
  read_[static_cast<size_t>(it - o_.begin())] = true;
  return &it->value();
}

const json::value* Fields::raw(const char* name) {
  return get(name);
}

void Fields::report_unknown() {
  size_t i = 0;
  for (auto it = o_.begin(); it != o_.end(); ++it, ++i) {
    if (read_[i]) continue;
    read_[i] = true;  // reported once
    const std::string field = prefix_ + std::string(it->key());
    // A caller that already refused this key (with its own message) has said enough.
    const bool named =
        std::any_of(errors_.begin(), errors_.end(), [&](const FieldError& e) { return e.field == field; });
    if (!named) {
      errors_.push_back({field, kUnknownField});
    }
  }
}

Error Fields::error() {
  report_unknown();
  // Unknown keys of nested objects come here through fail() with the same message.
  std::string names;
  size_t unknown = 0;
  for (const auto& e : errors_) {
    if (e.message != kUnknownField) continue;
    names += (names.empty() ? "" : ", ") + e.field;
    ++unknown;
  }
  if (unknown == 0) return Error::invalid("Some fields are missing or have the wrong type.", errors_);
  const char* lead = unknown == errors_.size() ? "The body has fields this request does not take: "
                                               : "Some fields are unknown, missing or have the wrong type; "
                                                 "unknown: ";
  return Error::invalid(lead + names + ".", errors_);
}

std::optional<std::string> Fields::text(const char* name, bool required, size_t max_len) {
  const auto* v = get(name);
  if (!v || v->is_null()) {
    if (required) fail(name_of(name), "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    fail(name_of(name), "must be a string");
    return std::nullopt;
  }
  std::string s(v->as_string());
  const auto points = security::utf8_code_points(s);
  if (!points) {
    fail(name_of(name), "must be valid UTF-8");
    return std::nullopt;
  }
  if (*points > max_len) {
    fail(name_of(name), "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    fail(name_of(name), "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> Fields::integer(const char* name, bool required, int64_t lo, int64_t hi) {
  const auto* v = get(name);
  if (!v || v->is_null()) {
    if (required) fail(name_of(name), "is required");
    return std::nullopt;
  }
  int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v->as_uint64());
  } else if (v->is_double() && std::floor(v->as_double()) == v->as_double() && std::fabs(v->as_double()) < 1e15) {
    n = static_cast<int64_t>(v->as_double());
  } else {
    fail(name_of(name), "must be a whole number");
    return std::nullopt;
  }
  if (n < lo || n > hi) {
    fail(name_of(name), "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

std::optional<double> Fields::number(const char* name, bool required, double lo, double hi) {
  const auto* v = get(name);
  if (!v || v->is_null()) {
    if (required) fail(name_of(name), "is required");
    return std::nullopt;
  }
  if (!v->is_number()) {
    fail(name_of(name), "must be a number");
    return std::nullopt;
  }
  const double d = v->to_number<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    fail(name_of(name), "is out of range");
    return std::nullopt;
  }
  return d;
}

std::optional<bool> Fields::boolean(const char* name, bool required) {
  const auto* v = get(name);
  if (!v || v->is_null()) {
    if (required) fail(name_of(name), "is required");
    return std::nullopt;
  }
  if (!v->is_bool()) {
    fail(name_of(name), "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

const json::array* Fields::array(const char* name, bool required, size_t max_items) {
  const auto* v = get(name);
  if (!v || v->is_null()) {
    if (required) fail(name_of(name), "is required");
    return nullptr;
  }
  if (!v->is_array()) {
    fail(name_of(name), "must be an array");
    return nullptr;
  }
  if (v->as_array().size() > max_items) {
    fail(name_of(name), "must have at most " + std::to_string(max_items) + " entries");
    return nullptr;
  }
  return &v->as_array();
}

std::vector<std::string> Fields::text_list(const char* name, bool required, size_t max_items, size_t max_len) {
  std::vector<std::string> out;
  const auto* a = array(name, required, max_items);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& e = (*a)[i];
    const std::string field = name_of(name) + "[" + std::to_string(i) + "]";
    if (!e.is_string()) {
      fail(field, "must be a string");
      continue;
    }
    std::string s(e.as_string());
    const auto points = security::utf8_code_points(s);
    if (!points || *points > max_len || s.empty()) {
      fail(field, "must be non-empty text of at most " + std::to_string(max_len) + " characters");
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace hf::api
