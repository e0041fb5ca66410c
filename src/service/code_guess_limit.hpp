#pragma once
// Typed prescription codes can be guessed, so every typed-code verification counts against three
// allowances in a sliding window (docs/architecture/rate-limits.md "Prescription codes"): the
// pharmacist, the pharmacy (several pharmacists) and the client address (pharmacists of several
// pharmacies behind one address). The attempt is counted before the code is looked up, in one
// statement per allowance, so a burst sent at once cannot slip past the count; a found code gives
// its attempt back, so only misses stay counted. QR tokens are signed and not counted.

#include <string>
#include <vector>

#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/database.hpp"

namespace hf::service {

inline constexpr int kCodeMissesPerPharmacist = 10;
inline constexpr int kCodeMissesPerPharmacy = 30;
inline constexpr int kCodeMissesPerAddress = 30;
inline constexpr int64_t kCodeMissWindowMs = 15 * 60 * 1000;

struct CodeAllowance {
  std::string key;  // login_throttle key
  int free = 0;     // misses allowed before 429
};

std::vector<CodeAllowance> code_allowances(const http::Request& req, const std::string& pharmacy_id);
// Error::rate_limited (429, Retry-After) when this attempt is past an allowance or one is locked.
Status count_code_attempt(store::Connection& c, const std::vector<CodeAllowance>& allowances, int64_t now);
// The code was found: the attempt was not a miss (best effort; a failure only over-counts).
void refund_code_attempt(store::Connection& c, const std::vector<CodeAllowance>& allowances);

}  // namespace hf::service
