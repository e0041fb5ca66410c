#include "api/idempotency.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "http/problem.hpp"
#include "security/digest.hpp"
#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "store/idempotency_repository.hpp"

namespace hf::api {
namespace {

constexpr const char* kClaim =
    "INSERT INTO idempotency_keys (caller, idem_key, request_hash, status, response, created_at, claim_id) "
    "VALUES ($1, $2, $3, 0, '', $4, $5)";
constexpr const char* kFind =
    "SELECT request_hash, status, response, created_at, result_path, claim_id FROM idempotency_keys "
    "WHERE caller = $1 AND idem_key = $2";
// Only this request's own claim: after a takeover the old request must not answer for the new one.
constexpr const char* kStore =
    "UPDATE idempotency_keys SET status = $3, response = $4 WHERE caller = $1 AND idem_key = $2 AND claim_id = $5";
// A claim whose write committed (result_path set) is never released: a retry must not write again.
constexpr const char* kRelease =
    "DELETE FROM idempotency_keys WHERE caller = $1 AND idem_key = $2 AND claim_id = $3 AND result_path IS NULL";
// A claim still in progress this long after it was made was left by a process that died in the
// middle of the request (kill -9, a crash, a lost machine): no request runs that long, so a retry
// takes it over instead of waiting for an answer that will never come. Never one whose write
// committed (PostgreSQL re-checks the condition after the writer's commit releases the row).
constexpr int64_t kAbandonedAfterMs = 60 * 1000;
constexpr const char* kTakeOver =
    "DELETE FROM idempotency_keys WHERE caller = $1 AND idem_key = $2 AND status = 0 AND created_at = $3 "
    "AND result_path IS NULL";

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
    if (const auto* location = v.as_object().if_contains("location"); location && location->is_string())
      r.set_header("Location", std::string(location->as_string()));
  }
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

using Claim = store::IdempotencyClaim;

std::string location_of(const http::Response& res) {
  for (const auto& [name, value] : res.headers)
    if (name == "Location") return value;
  return {};
}

void store_answer(store::Connection& c, const Claim& claim, const http::Response& res) {
  boost::json::object answer{{"content_type", res.content_type}, {"body", res.body}};
  if (auto location = location_of(res); !location.empty()) answer["location"] = location;
  (void)c.query(kStore, {store::param(claim.caller), store::param(claim.key), store::param(res.status),
                         store::param(boost::json::serialize(answer)), store::param(claim.id)});
}

http::Response completed_without_answer(store::Connection& c, const Claim& claim, const std::string& result_path) {
  auto res = http::problem(409,
                           "This request was carried out, but the server stopped before answering it. Nothing was "
                           "done twice; the result is at " +
                               result_path + ".",
                           "idempotency-key-completed");
  res.set_header("Location", result_path);
  store_answer(c, claim, res);  // later retries get the same answer
  return res;
}

}  // namespace

http::Response with_idempotency(app::App& app, http::Request& req, const std::function<http::Response()>& run) {
  const auto key = req.header("idempotency-key");
  if (key.empty()) return run();
  if (!valid_key(key)) {
    return http::problem(400, "Idempotency-Key must be 1 to 200 visible ASCII characters.");
  }
  const Claim mine{req.caller.kind + ":" + req.caller.id, std::string(key), security::uuid_v4()};
  const std::string hash = security::sha256_hex(req.method + " " + req.path + "\n" + req.body);
  {
    auto lease = app.db->acquire();
    if (!lease) return http::problem(lease.error());
    // Seen before: the same request replays, another body is refused, one in flight waits; a key
    // released after a 5xx, or abandoned by a dead process, is claimed again.
    bool claimed = false;
    for (int attempt = 0; attempt < 50 && !claimed; ++attempt) {
      auto claim = (*lease)->query(kClaim, {store::param(mine.caller), store::param(mine.key), store::param(hash),
                                            store::param(service::now_ms()), store::param(mine.id)});
      if (claim) {
        claimed = true;
        break;
      }
      if (claim.error().kind != ErrorKind::conflict) return http::problem(claim.error());
      auto found = (*lease)->query(kFind, {store::param(mine.caller), store::param(mine.key)});
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
        if (!row.is_null(4) && !row.text(4).empty()) {
          return completed_without_answer(**lease, {mine.caller, mine.key, row.text(5)}, row.text(4));
        }
        auto taken =
            (*lease)->query(kTakeOver, {store::param(mine.caller), store::param(mine.key), store::param(claimed_at)});
        if (!taken) return http::problem(taken.error());
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!claimed) return http::problem(409, "The same request is still being processed; retry shortly.");
  }
  req.idempotency_caller = mine.caller;
  req.idempotency_key = mine.key;
  req.idempotency_claim_id = mine.id;
  http::Response res = run();
  // Fault tests only: die, or fail with a 5xx, between the write's commit and storing its answer.
  if (app.config.test_hooks && req.header("x-test-crash") == "after-commit") std::_Exit(137);
  if (app.config.test_hooks && req.header("x-test-crash") == "fail-after-commit") {
    res = http::problem(500, "Test hook: a failure after the write committed.");
  }
  auto lease = app.db->acquire();
  if (!lease) return res;
  if (res.status < 500) {
    store_answer(**lease, mine, res);
    return res;
  }
  // A 5xx is released so that the client may retry, unless the write had committed before it
  // failed (an audit append or a lost COMMIT answer after the write): then a retry is told where
  // the result is instead of writing again.
  auto released = (*lease)->query(kRelease, {store::param(mine.caller), store::param(mine.key), store::param(mine.id)});
  if (released && released->affected == 0) {
    auto found = (*lease)->query(kFind, {store::param(mine.caller), store::param(mine.key)});
    if (found && !found->empty() && found->first().text(5) == mine.id && !found->first().text(4).empty()) {
      (void)completed_without_answer(**lease, mine, found->first().text(4));
    }
  }
  return res;
}

}  // namespace hf::api
