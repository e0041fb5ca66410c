#include "api/pipeline.hpp"

#include <algorithm>
#include <chrono>

#include "http/problem.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"
#include "service/rate_limit_policy.hpp"
#include "store/database.hpp"

namespace hf::api {
namespace {

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

bool is_api_path(const std::string& p) {
  return p.rfind("/api/", 0) == 0 || p == "/api" || p.rfind("/fhir/", 0) == 0;
}

constexpr const char* kPageCsp =
    "default-src 'self'; object-src 'none'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src "
    "'self'; "
    "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'";
constexpr const char* kApiCsp = "default-src 'none'; frame-ancestors 'none'";

std::string request_id_prefix() {
  const std::string hex = security::hex_encode(security::random_bytes(8));
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-';
}

}  // namespace

Pipeline::Pipeline(app::App& app, http::Router router)
    : app_(app), request_id_prefix_(request_id_prefix()), router_(std::move(router)), files_(app.config.web_root) {}

std::string Pipeline::next_request_id() {
  // UUID-shaped (8-4-4-4-12 hex): 64 random bits per process, then a 64-bit sequence.
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t n = request_seq_.fetch_add(1, std::memory_order_relaxed) + 1;
  std::string id = request_id_prefix_;  // "xxxxxxxx-xxxx-xxxx-"
  id.resize(36);
  for (size_t i = 35; i >= 19; --i) {
    if (i == 23) continue;
    id[i] = kHex[n & 0xF];
    n >>= 4;
  }
  id[23] = '-';
  return id;
}

bool Pipeline::prepare(http::Request& req) {
  const auto given = req.header("x-request-id");
  req.request_id = valid_request_id(given) ? std::string(given) : next_request_id();
  const auto m = router_.find(req);
  if (!m.route && m.path_known) req.route = "(method-not-allowed)";
  return m.route ? m.route->blocking : false;
}

http::Response Pipeline::handle(http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const uint64_t statements_before = store::statements_on_this_thread();
  http::Response res;
  if (req.matched) {
    try {
      res = req.matched->handler(req);
    } catch (const std::exception& e) {
      // A bug, not bad input: log the detail with the request id, tell the client nothing more.
      app_.log->error("unhandled exception",
                      {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
      res = http::problem(500, "An unexpected error occurred; it has been logged with the request id.");
    }
  } else if (req.route == "(method-not-allowed)") {
    res = http::problem(405, "This path does not accept " + req.method + ".");
  } else if ((req.method == "GET" || req.method == "HEAD") && !is_api_path(req.path)) {
    if (auto file = files_.serve(req)) {
      res = std::move(*file);
      req.route = "(static)";
    } else {
      res = http::problem(404, "There is no page at this address.");
    }
  } else {
    res = http::problem(404, "There is no such endpoint. See /docs for the API reference.");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  finish(req, res, seconds, static_cast<int64_t>(store::statements_on_this_thread() - statements_before));
  return res;
}

http::Response Pipeline::reject(int status, const std::string& detail, const std::string& remote_ip) {
  http::Request req;
  req.request_id = next_request_id();
  req.remote_ip = remote_ip;
  req.method = "-";
  req.route = "(unreadable)";
  auto res = http::problem(status, detail);
  finish(req, res, 0);
  return res;
}

void Pipeline::finish(const http::Request& req, http::Response& res, double seconds, int64_t statements) {
  res.set_header("X-Request-Id", req.request_id);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  const bool page = res.content_type.rfind("text/html", 0) == 0;
  res.set_header("Content-Security-Policy", page ? kPageCsp : kApiCsp);
  if (page) res.set_header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  const bool has_cache_control =
      std::any_of(res.headers.begin(), res.headers.end(), [](const auto& h) { return h.first == "Cache-Control"; });
  if ((is_api_path(req.path) || req.route == "(unreadable)") && !has_cache_control) {
    res.set_header("Cache-Control", "no-store");
  }
  if (req.behind_tls) res.set_header("Strict-Transport-Security", "max-age=63072000; includeSubDomains");

  // API.md "Conventions": the caller's quota on every API answer.
  if (auto quota = service::rate_limit_standing(app_, req)) {
    res.set_header("X-RateLimit-Limit", std::to_string(quota->limit));
    res.set_header("X-RateLimit-Remaining", std::to_string(quota->remaining));
    res.set_header("X-RateLimit-Reset", std::to_string(quota->reset_seconds));
  }

  const std::string route = req.route.empty() ? "(unmatched)" : req.route;
  if (!res.internal_detail.empty()) {
    app_.log->error(
        "request failed",
        {{"request_id", req.request_id}, {"route", route}, {"status", res.status}, {"error", res.internal_detail}});
  }
  app_.metrics.observe_request(route, req.method, res.status, seconds);
  if (app_.log->enabled(obs::Level::info)) {
    app_.log->info("request", {{"method", req.method},
                               {"route", route},
                               {"status", res.status},
                               {"duration_ms", seconds * 1000.0},
                               {"statements", statements},
                               {"request_id", req.request_id},
                               {"remote_ip", req.remote_ip}});
  }
}

}  // namespace hf::api
