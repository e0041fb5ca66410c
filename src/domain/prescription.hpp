#pragma once
// The prescription lifecycle of DOMAIN.md as pure transitions:
//
//  (draft) --sign--> active --dispense some--> partially_dispensed --dispense rest--> dispensed
//     |                 |  `--- expiry ---> expired <--- expiry ---'
//     |                 `--cancel (reason)--> cancelled  (also from partially_dispensed)
//     `--sign, needs approval--> pending_approval --approve--> active
//                                      |  `--reject (reason)--> rejected
//                                      `--cancel / expiry--> cancelled / expired
//
// Every other transition is refused with ErrorKind::conflict naming the current state
// ("prescription is cancelled; it cannot be dispensed"). Pass the *effective* status
// (effective_status()) so that a prescription past its expiry is treated as expired.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/result.hpp"

namespace hf::domain {

enum class PrescriptionStatus {
  draft,
  pending_approval,
  active,
  partially_dispensed,
  dispensed,
  expired,
  cancelled,
  rejected,
};

std::string_view to_string(PrescriptionStatus status);  // "pending_approval", as stored and in the API
std::optional<PrescriptionStatus> prescription_status_from_string(std::string_view text);

// No transition leaves these.
bool is_final(PrescriptionStatus status);
// DOMAIN.md "Dispensing": only an active or partially dispensed (unexpired, uncancelled) one.
bool is_dispensable(PrescriptionStatus effective);

// The status as of `now`: a prescription still waiting (pending_approval) or dispensable (active,
// partially_dispensed) whose validity has run out (now >= expires_at) is expired, even before a
// job has written that down. Validity is the half-open interval [issued_at, expires_at).
PrescriptionStatus effective_status(PrescriptionStatus stored, std::int64_t expires_at_ms, std::int64_t now_ms);

// DOMAIN.md: default validity 30 days, controlled substances 7 days; both are settings.
struct ValidityPolicy {
  int default_days = 30;
  int controlled_days = 7;
};
std::int64_t compute_expires_at(std::int64_t issued_at_ms, bool has_controlled_item, const ValidityPolicy& policy = {});

// DOMAIN.md: 1-10 items. ErrorKind::invalid on field "items".
Status validate_item_count(std::size_t count);

// draft -> active, or pending_approval when an item requires approval (DOMAIN.md "Approval").
Result<PrescriptionStatus> sign(PrescriptionStatus current, bool needs_approval);
// pending_approval -> active (regulator).
Result<PrescriptionStatus> approve(PrescriptionStatus current);
// pending_approval -> rejected (regulator); a reason is required (field "reason").
Result<PrescriptionStatus> reject(PrescriptionStatus current, std::string_view reason);
// pending_approval, active, partially_dispensed -> cancelled (prescriber); a reason is required.
Result<PrescriptionStatus> cancel(PrescriptionStatus current, std::string_view reason);
// active, partially_dispensed -> dispensed when nothing remains on any item, else partially_dispensed.
Result<PrescriptionStatus> record_dispense(PrescriptionStatus current, bool nothing_remains);
// pending_approval, active, partially_dispensed -> expired.
Result<PrescriptionStatus> expire(PrescriptionStatus current);

}  // namespace hf::domain
