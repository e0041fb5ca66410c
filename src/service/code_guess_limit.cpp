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

// The back-off once `failures` misses exhausted an allowance of `free`: 5 s, doubling, at most the window.
int64_t lock_after(int failures, int free, int64_t now) {
  return now + std::min<int64_t>(kCodeMissWindowMs, 5000LL << std::min(failures - free, 8));
}

}  // namespace

std::vector<CodeAllowance> code_allowances(const std::string& pharmacist_id, const std::string& pharmacy_id,
                                           const std::string& client_address) {
  return {{"verify:user:" + pharmacist_id, kCodeMissesPerPharmacist},
          {"verify:pharmacy:" + pharmacy_id, kCodeMissesPerPharmacy},
          {"verify:ip:" + client_address, kCodeMissesPerAddress}};
}

Result<CodeGuessReservation> CodeGuessGate::reserve(store::Connection& c, std::vector<CodeAllowance> allowances,
                                                    int64_t now) {
  std::lock_guard lock(mu_);
  std::optional<int64_t> refused_until;
  for (const auto& a : allowances) {
    auto t = store::current_throttle(c, a.key, now, kCodeMissWindowMs);
    if (!t) return t.error();
    const auto it = in_flight_.find(a.key);
    const int in_flight = it == in_flight_.end() ? 0 : it->second;
    if (t->locked_until > now) {
      refused_until = std::max(refused_until.value_or(0), t->locked_until);
    } else if (t->failures + in_flight >= a.free && !(t->failures >= a.free && in_flight == 0)) {
      // Every place is taken by misses and attempts in flight; past the allowance, one attempt at a
      // time once the lock ran out. The attempts in flight end in well under a second.
      refused_until = std::max(refused_until.value_or(0), now + 1000);
    }
  }
  if (refused_until) return too_many(*refused_until, now);
  for (const auto& a : allowances) ++in_flight_[a.key];
  return CodeGuessReservation(this, std::move(allowances), now);
}

void CodeGuessGate::release(const std::vector<CodeAllowance>& allowances) {
  std::lock_guard lock(mu_);
  for (const auto& a : allowances) {
    if (--in_flight_[a.key] <= 0) in_flight_.erase(a.key);
  }
}

CodeGuessReservation::~CodeGuessReservation() {
  if (gate_) gate_->release(allowances_);
}

store::WriteUnit CodeGuessReservation::miss_unit() const {
  return [allowances = allowances_, now = now_](store::Connection& c) -> Status {
    for (const auto& a : allowances) {
      auto t = store::count_attempt(c, a.key, now, kCodeMissWindowMs);
      if (!t) return t.error();
      if (t->failures >= a.free) {
        if (auto s = store::lock_throttle(c, a.key, lock_after(t->failures, a.free, now)); !s) return s;
      }
    }
    return ok_status();
  };
}

}  // namespace hf::service
