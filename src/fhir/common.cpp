#include "fhir/common.hpp"

#include <algorithm>
#include <charconv>

#include "domain/date.hpp"
#include "http/problem.hpp"

namespace hf::fhir {
namespace {

const char* issue_code(int status) {
  switch (status) {
    case 400:
      return "invalid";
    case 401:
      return "login";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "not-supported";
    case 409:
      return "conflict";
    case 413:
      return "too-costly";
    case 415:
      return "not-supported";
    case 422:
      return "business-rule";
    case 429:
      return "throttled";
    case 503:
      return "transient";
    default:
      return "exception";
  }
}

std::string percent_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '|' || c == ':' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<int> small_int(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string page_url(const http::Request& req, int offset, int count) {
  std::string url = base_url(req) + req.path.substr(std::string("/fhir/r4").size());
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "_offset" || k == "_count") continue;
    q += (q.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
  }
  q += (q.empty() ? "" : "&") + std::string("_count=") + std::to_string(count);
  if (offset > 0) q += "&_offset=" + std::to_string(offset);
  return url + "?" + q;
}

}  // namespace

http::Response resource_response(int status, const json::value& resource) {
  http::Response r;
  r.status = status;
  r.content_type = kFhirJson;
  r.body = json::serialize(resource);
  return r;
}

http::Response outcome(int status, const std::string& diagnostics, const std::string& code) {
  json::object issue{{"severity", status >= 500 ? "fatal" : "error"},
                     {"code", code.empty() ? issue_code(status) : code},
                     {"diagnostics", diagnostics}};
  auto r = resource_response(status, json::object{{"resourceType", "OperationOutcome"}, {"issue", json::array{issue}}});
  if (status == 401) r.set_header("WWW-Authenticate", "Bearer");
  return r;
}

http::Response outcome(const Error& e, const std::string& expression_prefix) {
  const int status = http::status_of(e.kind);
  json::array issues;
  const char* code = issue_code(status);
  issues.push_back(json::object{{"severity", status >= 500 ? "fatal" : "error"},
                                {"code", code},
                                {"diagnostics", status >= 500 ? "An unexpected error occurred." : e.message}});
  for (const auto& f : e.fields) {
    issues.push_back(json::object{{"severity", "error"},
                                  {"code", code},
                                  {"diagnostics", f.field + ": " + f.message},
                                  {"expression", json::array{expression_prefix + f.field}}});
  }
  auto r = resource_response(status, json::object{{"resourceType", "OperationOutcome"}, {"issue", std::move(issues)}});
  if (status >= 500) r.internal_detail = e.message;
  if (e.retry_after_seconds > 0) r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

bool is_key(const http::Caller& c) {
  return c.kind == "api_key";
}

std::string key_facility(const http::Caller& c) {
  return is_key(c) && !c.facility_ids.empty() ? c.facility_ids.front() : std::string();
}

Result<Paging> read_paging(const http::Request& req, std::initializer_list<const char*> known) {
  Paging p;
  for (const auto& [k, v] : req.query) {
    if (k == "_count") {
      auto n = small_int(v);
      if (!n || *n < 1 || *n > 100) return Error::invalid("_count must be a whole number from 1 to 100.");
      p.count = *n;
    } else if (k == "_offset") {
      auto n = small_int(v);
      if (!n || *n < 0 || *n > 100000) return Error::invalid("_offset must be a whole number from 0 to 100000.");
      p.offset = *n;
    } else if (k != "_format" &&
               std::none_of(known.begin(), known.end(), [&](const char* name) { return k == name; })) {
      return Error::invalid("The search parameter " + k + " is not supported here (see /fhir/r4/metadata).");
    }
  }
  return p;
}

json::object searchset(const http::Request& req, std::vector<json::object> resources, const Paging& p) {
  const bool more = resources.size() > static_cast<size_t>(p.count);
  if (more) resources.resize(p.count);
  json::array links{json::object{{"relation", "self"}, {"url", page_url(req, p.offset, p.count)}}};
  if (more) links.push_back(json::object{{"relation", "next"}, {"url", page_url(req, p.offset + p.count, p.count)}});
  if (p.offset > 0) {
    links.push_back(
        json::object{{"relation", "previous"}, {"url", page_url(req, std::max(0, p.offset - p.count), p.count)}});
  }
  json::array entries;
  const auto base = base_url(req);
  for (auto& r : resources) {
    std::string full = base + "/" + std::string(r["resourceType"].as_string()) + "/" + std::string(r["id"].as_string());
    entries.push_back(
        json::object{{"fullUrl", full}, {"resource", std::move(r)}, {"search", json::object{{"mode", "match"}}}});
  }
  json::object b{{"resourceType", "Bundle"}, {"type", "searchset"}, {"link", std::move(links)}};
  // total only when this page shows everything: counting every match would cost a second query.
  if (!more && p.offset == 0) b["total"] = static_cast<int64_t>(entries.size());
  b["entry"] = std::move(entries);
  return b;
}

std::string base_url(const http::Request& req) {
  std::string host(req.header("host"));
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) host = "localhost";
  return std::string(req.behind_tls ? "https://" : "http://") + host + "/fhir/r4";
}

std::string instant(int64_t epoch_ms) {
  return domain::to_rfc3339(epoch_ms);
}

json::object reference(const std::string& type, const std::string& id, const std::string& display) {
  json::object r{{"reference", type + "/" + id}};
  if (!display.empty()) r["display"] = display;
  return r;
}

std::string reference_id(const std::string& given, const std::string& type) {
  const std::string prefix = type + "/";
  if (given.rfind(prefix, 0) == 0) return given.substr(prefix.size());
  if (given.find('/') == std::string::npos) return given;
  return {};
}

Status check_id_param(const char* name, const std::string& id) {
  // 8-4-4-4-12 lower-case hexadecimal digits, as security::uuid_v4 writes them and ids are compared.
  bool ok = id.size() == 36;
  for (size_t i = 0; ok && i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    ok = dash ? id[i] == '-' : (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f');
  }
  if (ok) return ok_status();
  return Error::invalid(std::string("The search parameter ") + name + " must name a record by its id (a UUID).",
                        {{name, "must be an id (UUID)"}});
}

std::optional<std::string> token_value(const std::string& given, const std::string& system) {
  const auto bar = given.find('|');
  if (bar == std::string::npos) return given;
  if (bar > 0 && given.substr(0, bar) != system) return std::nullopt;
  return given.substr(bar + 1);
}

}  // namespace hf::fhir
