#include "http/problem.hpp"

#include <boost/json.hpp>

namespace hf::http {
namespace {

const char* title_of(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 408:
      return "Request timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Unprocessable content";
    case 429:
      return "Too many requests";
    case 431:
      return "Request header fields too large";
    case 501:
      return "Not implemented";
    case 503:
      return "Service unavailable";
    default:
      return "Internal server error";
  }
}

const char* slug_of(int status) {
  switch (status) {
    case 400:
      return "bad-request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 408:
      return "request-timeout";
    case 409:
      return "conflict";
    case 413:
      return "payload-too-large";
    case 415:
      return "unsupported-media-type";
    case 422:
      return "validation-failed";
    case 429:
      return "rate-limited";
    case 431:
      return "headers-too-large";
    case 501:
      return "not-implemented";
    case 503:
      return "unavailable";
    default:
      return "internal-error";
  }
}

}  // namespace

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid:
      return 400;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::rule_broken:
      return 422;
    case ErrorKind::rate_limited:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

Response problem(int status, const std::string& detail, const std::string& slug,
                 const std::vector<FieldError>& fields) {
  boost::json::object o;
  o["type"] = std::string(kProblemBase) + (slug.empty() ? slug_of(status) : slug);
  o["title"] = title_of(status);
  o["status"] = status;
  o["detail"] = detail;
  if (!fields.empty()) {
    boost::json::array errs;
    for (const auto& f : fields) errs.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(errs);
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = boost::json::serialize(o);
  if (status == 503) r.set_header("Retry-After", "5");
  return r;
}

Response problem(const Error& e) {
  const int status = e.type_suffix == "unsupported-media-type" ? 415 : status_of(e.kind);
  // Internal detail stays in the log (the caller logs it); the client gets a generic sentence.
  const std::string detail = e.kind == ErrorKind::internal
                                 ? "An unexpected error occurred; it has been logged with the request id."
                                 : e.message;
  auto r = problem(status, detail, e.type_suffix, e.fields);
  if (status >= 500) r.internal_detail = e.message;
  if (e.retry_after_seconds > 0) {
    for (auto& [k, v] : r.headers)
      if (k == "Retry-After") v = std::to_string(e.retry_after_seconds);
    if (status != 503) r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
  }
  return r;
}

}  // namespace hf::http
