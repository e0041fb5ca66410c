#include "service/code_guess_limit.hpp"

#include <algorithm>
#include <optional>

#include "store/user_repository.hpp"

namespace hf::service {
namespace {

Error too_many(int64_t until, int64_t now) {
  const int seconds = static_cast<int>(std::max<int64_t>(1, (until - now + 999) / 1000));
  return Error::rate_limited(
      "Too many unknown prescription codes. Check the code and try again in " + std::to_string(seconds) + " s.",
      seconds);
}

}  // namespace

std::vector<CodeAllowance> code_allowances(const http::Request& req, const std::string& pharmacy_id) {
  return {{"verify:user:" + req.caller.id, kCodeMissesPerPharmacist},
          {"verify:pharmacy:" + pharmacy_id, kCodeMissesPerPharmacy},
          {"verify:ip:" + req.remote_ip, kCodeMissesPerAddress}};
}

Status count_code_attempt(store::Connection& c, const std::vector<CodeAllowance>& allowances, int64_t now) {
  // Every allowance counts the attempt, even once one refuses: an attempt refused with 429 is still
  // a guess, and hammering on lengthens the lock.
  std::optional<int64_t> refused_until;
  for (const auto& a : allowances) {
    auto t = store::count_attempt(c, a.key, now, kCodeMissWindowMs);
    if (!t) return t.error();
    int64_t until = t->locked_until;
    if (t->failures > a.free) {
      // Exponential back-off from 5 s, at most 15 minutes.
      const int64_t lock = now + std::min<int64_t>(kCodeMissWindowMs, 5000LL << std::min(t->failures - a.free - 1, 8));
      if (auto s = store::lock_throttle(c, a.key, lock); !s) return s;
      until = std::max(until, lock);
    }
    if (until > now) refused_until = std::max(refused_until.value_or(0), until);
  }
  if (refused_until) return too_many(*refused_until, now);
  return ok_status();
}

void refund_code_attempt(store::Connection& c, const std::vector<CodeAllowance>& allowances) {
  for (const auto& a : allowances) (void)store::refund_attempt(c, a.key);
}

}  // namespace hf::service
