#include "domain/prescription.hpp"

#include <array>
#include <initializer_list>
#include <string>

#include "domain/date.hpp"

namespace hf::domain {

namespace {

struct StatusName {
  PrescriptionStatus status;
  std::string_view name;   // API and storage
  std::string_view words;  // in messages
};

constexpr std::array<StatusName, 8> kNames = {{
    {PrescriptionStatus::draft, "draft", "a draft"},
    {PrescriptionStatus::pending_approval, "pending_approval", "pending approval"},
    {PrescriptionStatus::active, "active", "active"},
    {PrescriptionStatus::partially_dispensed, "partially_dispensed", "partially dispensed"},
    {PrescriptionStatus::dispensed, "dispensed", "dispensed"},
    {PrescriptionStatus::expired, "expired", "expired"},
    {PrescriptionStatus::cancelled, "cancelled", "cancelled"},
    {PrescriptionStatus::rejected, "rejected", "rejected"},
}};

constexpr std::size_t kMaxReasonBytes = 1000;

// "prescription is cancelled; it cannot be dispensed" (DOMAIN.md: name the current state).
Error refused(PrescriptionStatus current, std::string_view action) {
  return Error::conflict("prescription is " + std::string(kNames[static_cast<std::size_t>(current)].words) +
                         "; it cannot " + std::string(action));
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::optional<Error> bad_reason(std::string_view reason) {
  if (is_blank(reason)) return Error::invalid("a reason is required", {{"reason", "a reason is required"}});
  if (reason.size() > kMaxReasonBytes) {
    return Error::invalid("the reason is too long", {{"reason", "the reason must be at most 1000 bytes"}});
  }
  return std::nullopt;
}

bool is_one_of(PrescriptionStatus s, std::initializer_list<PrescriptionStatus> set) {
  for (auto x : set) {
    if (x == s) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(PrescriptionStatus status) {
  return kNames[static_cast<std::size_t>(status)].name;
}

std::optional<PrescriptionStatus> prescription_status_from_string(std::string_view text) {
  for (const auto& n : kNames) {
    if (n.name == text) return n.status;
  }
  return std::nullopt;
}

bool is_final(PrescriptionStatus status) {
  return is_one_of(status, {PrescriptionStatus::dispensed, PrescriptionStatus::expired, PrescriptionStatus::cancelled,
                            PrescriptionStatus::rejected});
}

bool is_dispensable(PrescriptionStatus effective) {
  return is_one_of(effective, {PrescriptionStatus::active, PrescriptionStatus::partially_dispensed});
}

PrescriptionStatus effective_status(PrescriptionStatus stored, std::int64_t expires_at_ms, std::int64_t now_ms) {
  const bool can_expire = is_one_of(stored, {PrescriptionStatus::pending_approval, PrescriptionStatus::active,
                                             PrescriptionStatus::partially_dispensed});
  return can_expire && now_ms >= expires_at_ms ? PrescriptionStatus::expired : stored;
}

std::int64_t compute_expires_at(std::int64_t issued_at_ms, bool has_controlled_item, const ValidityPolicy& policy) {
  const int days = has_controlled_item ? policy.controlled_days : policy.default_days;
  return issued_at_ms + std::int64_t{days} * kMillisPerDay;
}

Status validate_item_count(std::size_t count) {
  if (count >= 1 && count <= 10) return ok_status();
  return Error::invalid("a prescription has 1 to 10 items", {{"items", "a prescription has 1 to 10 items"}});
}

Result<PrescriptionStatus> sign(PrescriptionStatus current, bool needs_approval) {
  // DOMAIN.md: a signed prescription is never edited, so only a draft can be signed.
  if (current != PrescriptionStatus::draft) return refused(current, "be signed");
  return needs_approval ? PrescriptionStatus::pending_approval : PrescriptionStatus::active;
}

Result<PrescriptionStatus> approve(PrescriptionStatus current) {
  if (current != PrescriptionStatus::pending_approval) return refused(current, "be approved");
  return PrescriptionStatus::active;
}

Result<PrescriptionStatus> reject(PrescriptionStatus current, std::string_view reason) {
  if (current != PrescriptionStatus::pending_approval) return refused(current, "be rejected");
  if (auto e = bad_reason(reason)) return *e;
  return PrescriptionStatus::rejected;
}

Result<PrescriptionStatus> cancel(PrescriptionStatus current, std::string_view reason) {
  if (!is_one_of(current, {PrescriptionStatus::pending_approval, PrescriptionStatus::active,
                           PrescriptionStatus::partially_dispensed})) {
    return refused(current, "be cancelled");
  }
  if (auto e = bad_reason(reason)) return *e;
  return PrescriptionStatus::cancelled;
}

Result<PrescriptionStatus> record_dispense(PrescriptionStatus current, bool nothing_remains) {
  if (!is_dispensable(current)) return refused(current, "be dispensed");
  return nothing_remains ? PrescriptionStatus::dispensed : PrescriptionStatus::partially_dispensed;
}

Result<PrescriptionStatus> expire(PrescriptionStatus current) {
  if (!is_one_of(current, {PrescriptionStatus::pending_approval, PrescriptionStatus::active,
                           PrescriptionStatus::partially_dispensed})) {
    return refused(current, "expire");
  }
  return PrescriptionStatus::expired;
}

}  // namespace hf::domain
