#include "api/idempotency.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "http/problem.hpp"
#include "security/digest.hpp"
#include "service/audit_log.hpp"

namespace hf::api {
namespace {

constexpr const char* kClaim =
    "INSERT INTO idempotency_keys (caller, idem_key, request_hash, status, response, created_at) "
    "VALUES ($1, $2, $3, 0, '', $4)";
constexpr const char* kFind =
    "SELECT request_hash, status, response, created_at, result_path FROM idempotency_keys "
    "WHERE caller = $1 AND idem_key = $2";
constexpr const char* kStore =
    "UPDATE idempotency_keys SET status = $3, response = $4 WHERE caller = $1 AND idem_key = $2";
constexpr const char* kRelease = "DELETE FROM idempotency_keys WHERE caller = $1 AND idem_key = $2";
// A claim still in progress this long after it was made was left by a process that died in the
// middle of the request (kill -9, a crash, a lost machine): no request runs that long, so a retry
// takes it over instead of waiting for an answer that will never come.
constexpr int64_t kAbandonedAfterMs = 60 * 1000;
constexpr const char* kTakeOver =
    "DELETE FROM idempotency_keys WHERE caller = $1 AND idem_key = $2 AND status = 0 AND created_at = $3";

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 200) return false;
  for (char c : k)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

http::Response replay(const std::string& stored, int status) {
  boost::system::error_code ec;
  auto v = boost::json::parse(stored, ec);
  http::Response r;
  r.status = status;
  if (!ec && v.is_object()) {
    r.content_type = std::string(v.at("content_type").as_string());
    r.body = std::string(v.at("body").as_string());
  }
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

void store_answer(store::Connection& c, const std::string& caller, const std::string& key, const http::Response& res) {
  const std::string stored =
      boost::json::serialize(boost::json::object{{"content_type", res.content_type}, {"body", res.body}});
  (void)c.query(kStore, {store::param(caller), store::param(key), store::param(res.status), store::param(stored)});
}

http::Response completed_without_answer(store::Connection& c, const std::string& caller, const std::string& key,
                                        const std::string& result_path) {
  auto res = http::problem(409,
                           "This request was carried out, but the server stopped before answering it. Nothing was "
                           "done twice; the result is at " +
                               result_path + ".",
                           "idempotency-key-completed");
  res.set_header("Location", result_path);
  store_answer(c, caller, key, res);  // later retries get the same answer
  return res;
}

}  // namespace

http::Response with_idempotency(app::App& app, http::Request& req, const std::function<http::Response()>& run) {
  const auto key = req.header("idempotency-key");
  if (key.empty()) return run();
  if (!valid_key(key)) {
    return http::problem(400, "Idempotency-Key must be 1 to 200 visible ASCII characters.");
  }
  const std::string caller = req.caller.kind + ":" + req.caller.id;
  const std::string k(key);
  const std::string hash = security::sha256_hex(req.method + " " + req.path + "\n" + req.body);
  {
    auto lease = app.db->acquire();
    if (!lease) return http::problem(lease.error());
    // Seen before: the same request replays, another body is refused, one in flight waits; a key
    // released after a 5xx, or abandoned by a dead process, is claimed again.
    bool claimed = false;
    for (int attempt = 0; attempt < 50 && !claimed; ++attempt) {
      auto claim = (*lease)->query(
          kClaim, {store::param(caller), store::param(k), store::param(hash), store::param(service::now_ms())});
      if (claim) {
        claimed = true;
        break;
      }
      if (claim.error().kind != ErrorKind::conflict) return http::problem(claim.error());
      auto found = (*lease)->query(kFind, {store::param(caller), store::param(k)});
      if (!found) return http::problem(found.error());
      if (found->empty()) continue;  // released meanwhile: claim it
      const auto& row = found->first();
      if (row.text(0) != hash) {
        return http::problem(422, "This Idempotency-Key was used for a different request.", "idempotency-key-reused");
      }
      const int status = static_cast<int>(row.integer(1));
      if (status != 0) return replay(row.text(2), status);
      const int64_t claimed_at = row.integer(3);
      if (service::now_ms() - claimed_at > kAbandonedAfterMs) {
        // The process died after the write committed but before its answer was stored: the write
        // is done, so say where its result is instead of doing it a second time.
        if (!row.is_null(4) && !row.text(4).empty()) return completed_without_answer(**lease, caller, k, row.text(4));
        auto taken = (*lease)->query(kTakeOver, {store::param(caller), store::param(k), store::param(claimed_at)});
        if (!taken) return http::problem(taken.error());
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!claimed) return http::problem(409, "The same request is still being processed; retry shortly.");
  }
  req.idempotency_caller = caller;
  req.idempotency_key = k;
  http::Response res = run();
  // Fault tests only: die between the write's commit and storing its answer.
  if (app.config.test_hooks && req.header("x-test-crash") == "after-commit") std::_Exit(137);
  auto lease = app.db->acquire();
  if (!lease) return res;
  if (res.status >= 500) {
    (void)(*lease)->query(kRelease, {store::param(caller), store::param(k)});
  } else {
    store_answer(**lease, caller, k, res);
  }
  return res;
}

}  // namespace hf::api
