#pragma once
// Typed prescription codes can be guessed, so every typed-code verification counts against three
// allowances in a sliding window (docs/architecture/rate-limits.md "Prescription codes"): the
// pharmacist, the pharmacy (several pharmacists) and the client address (pharmacists of several
// pharmacies behind one address).
//
// An attempt reserves a place in each allowance before the code is looked up: misses already
// counted in the database plus attempts still in flight in this process may not exceed it, so a
// burst sent at once cannot slip past the count. Only a miss writes (its count commits with its
// audit entry, in the same group commit); a found code writes nothing, so the counter costs the
// common case one read per allowance and no write. Past an allowance, one attempt at a time is let
// through once the back-off lock has run out (5 s, doubling up to 15 minutes). QR tokens are
// signed and not counted.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"
#include "store/write_queue.hpp"

namespace hf::service {

inline constexpr int kCodeMissesPerPharmacist = 10;
inline constexpr int kCodeMissesPerPharmacy = 30;
inline constexpr int kCodeMissesPerAddress = 30;
inline constexpr int64_t kCodeMissWindowMs = 15 * 60 * 1000;

struct CodeAllowance {
  std::string key;  // login_throttle key
  int free = 0;     // misses allowed before the back-off lock
};

std::vector<CodeAllowance> code_allowances(const std::string& pharmacist_id, const std::string& pharmacy_id,
                                           const std::string& client_address);

class CodeGuessGate;

// One attempt's places in its allowances, given back when it goes out of scope. A miss is counted
// by running miss_unit() in a write (with the attempt's audit entry) before the reservation ends.
class CodeGuessReservation {
 public:
  CodeGuessReservation(CodeGuessGate* gate, std::vector<CodeAllowance> allowances, int64_t now)
      : gate_(gate), allowances_(std::move(allowances)), now_(now) {}
  CodeGuessReservation(CodeGuessReservation&& o) noexcept
      : gate_(o.gate_), allowances_(std::move(o.allowances_)), now_(o.now_) {
    o.gate_ = nullptr;
  }
  CodeGuessReservation& operator=(CodeGuessReservation&&) = delete;
  CodeGuessReservation(const CodeGuessReservation&) = delete;
  ~CodeGuessReservation();
  // Counts the miss against every allowance and starts or lengthens the lock of those exhausted.
  store::WriteUnit miss_unit() const;

 private:
  CodeGuessGate* gate_;
  std::vector<CodeAllowance> allowances_;
  int64_t now_;
};

class CodeGuessGate {
 public:
  // 429 (Retry-After) when an allowance is locked or fully taken by misses and attempts in flight.
  Result<CodeGuessReservation> reserve(store::Connection& c, std::vector<CodeAllowance> allowances, int64_t now);

 private:
  friend class CodeGuessReservation;
  void release(const std::vector<CodeAllowance>& allowances);

  // Held across the read of the counted misses and the reservation, so two attempts never both
  // take the last place; the database read is a few point lookups.
  std::mutex mu_;
  std::unordered_map<std::string, int> in_flight_;
};

}  // namespace hf::service
