#include "domain/prescription.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace hf::domain {
namespace {

using S = PrescriptionStatus;
const std::vector<S> kAll = {S::draft,     S::pending_approval, S::active,    S::partially_dispensed,
                             S::dispensed, S::expired,          S::cancelled, S::rejected};

TEST(Prescription, StatusNamesRoundTrip) {
  const std::map<S, std::string> names = {{S::draft, "draft"},         {S::pending_approval, "pending_approval"},
                                          {S::active, "active"},       {S::partially_dispensed, "partially_dispensed"},
                                          {S::dispensed, "dispensed"}, {S::expired, "expired"},
                                          {S::cancelled, "cancelled"}, {S::rejected, "rejected"}};
  for (S s : kAll) {
    EXPECT_EQ(to_string(s), names.at(s));
    EXPECT_EQ(prescription_status_from_string(names.at(s)), s);
  }
  EXPECT_EQ(prescription_status_from_string("Active"), std::nullopt);
  EXPECT_EQ(prescription_status_from_string("pending approval"), std::nullopt);
  EXPECT_EQ(prescription_status_from_string(""), std::nullopt);
}

struct Action {
  std::string name;
  std::string refusal;  // "it cannot ..."
  std::function<Result<S>(S)> apply;
  std::map<S, S> allowed;  // from -> to; everything else is refused
};

// DOMAIN.md "Prescription lifecycle": the drawn arrows, and only those.
const std::vector<Action>& actions() {
  static const std::vector<Action> kActions = {
      {"sign", "it cannot be signed", [](S s) { return sign(s, false); }, {{S::draft, S::active}}},
      {"sign needing approval",
       "it cannot be signed",
       [](S s) { return sign(s, true); },
       {{S::draft, S::pending_approval}}},
      {"approve", "it cannot be approved", [](S s) { return approve(s); }, {{S::pending_approval, S::active}}},
      {"reject",
       "it cannot be rejected",
       [](S s) { return reject(s, "not covered"); },
       {{S::pending_approval, S::rejected}}},
      {"cancel",
       "it cannot be cancelled",
       [](S s) { return cancel(s, "wrong dose"); },
       {{S::pending_approval, S::cancelled}, {S::active, S::cancelled}, {S::partially_dispensed, S::cancelled}}},
      {"dispense some",
       "it cannot be dispensed",
       [](S s) { return record_dispense(s, false); },
       {{S::active, S::partially_dispensed}, {S::partially_dispensed, S::partially_dispensed}}},
      {"dispense rest",
       "it cannot be dispensed",
       [](S s) { return record_dispense(s, true); },
       {{S::active, S::dispensed}, {S::partially_dispensed, S::dispensed}}},
      {"expire",
       "it cannot expire",
       [](S s) { return expire(s); },
       {{S::pending_approval, S::expired}, {S::active, S::expired}, {S::partially_dispensed, S::expired}}},
  };
  return kActions;
}

TEST(Prescription, EveryDrawnTransitionIsAllowedAndEveryOtherIsRefusedNamingTheState) {
  int allowed = 0, refused = 0;
  for (const auto& a : actions()) {
    for (S from : kAll) {
      auto r = a.apply(from);
      auto it = a.allowed.find(from);
      if (it != a.allowed.end()) {
        ASSERT_TRUE(r.ok()) << a.name << " from " << to_string(from) << ": " << r.error().message;
        EXPECT_EQ(*r, it->second) << a.name << " from " << to_string(from);
        ++allowed;
      } else {
        ASSERT_FALSE(r.ok()) << a.name << " from " << to_string(from) << " gave " << to_string(*r);
        EXPECT_EQ(r.error().kind, ErrorKind::conflict);
        EXPECT_NE(r.error().message.find(a.refusal), std::string::npos) << r.error().message;
        std::string state(to_string(from));
        for (auto& c : state) c = c == '_' ? ' ' : c;
        EXPECT_NE(r.error().message.find(state), std::string::npos) << r.error().message;
        ++refused;
      }
    }
  }
  EXPECT_EQ(allowed, 14);
  EXPECT_EQ(refused, 8 * 8 - 14);
}

TEST(Prescription, CancelledPrescriptionCannotBeDispensed) {
  auto r = record_dispense(S::cancelled, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "prescription is cancelled; it cannot be dispensed");
}

TEST(Prescription, DispensedPrescriptionCannotBeCancelled) {
  auto r = cancel(S::dispensed, "changed my mind");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.error().message, "prescription is dispensed; it cannot be cancelled");
}

TEST(Prescription, SignedPrescriptionCannotBeSignedAgain) {
  auto r = sign(S::active, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "prescription is active; it cannot be signed");
}

TEST(Prescription, PendingApprovalCannotBeDispensed) {
  auto r = record_dispense(S::pending_approval, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "prescription is pending approval; it cannot be dispensed");
}

TEST(Prescription, CancelAndRejectRequireAReason) {
  for (const char* blank : {"", "   ", "\t\n"}) {
    auto c = cancel(S::active, blank);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().kind, ErrorKind::invalid);
    ASSERT_EQ(c.error().fields.size(), 1u);
    EXPECT_EQ(c.error().fields[0].field, "reason");
    auto r = reject(S::pending_approval, blank);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().fields.at(0).field, "reason");
  }
  EXPECT_FALSE(cancel(S::active, std::string(1001, 'x')).ok());
  EXPECT_TRUE(cancel(S::active, std::string(1000, 'x')).ok());
}

TEST(Prescription, StateConflictIsReportedBeforeAMissingReason) {
  auto r = cancel(S::expired, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::conflict);
}

TEST(Prescription, FinalAndDispensableStates) {
  for (S s : kAll) {
    const bool final_state = s == S::dispensed || s == S::expired || s == S::cancelled || s == S::rejected;
    EXPECT_EQ(is_final(s), final_state) << to_string(s);
    EXPECT_EQ(is_dispensable(s), s == S::active || s == S::partially_dispensed) << to_string(s);
    if (final_state) {
      for (const auto& a : actions()) EXPECT_FALSE(a.apply(s).ok()) << a.name << " from " << to_string(s);
    }
  }
}

constexpr std::int64_t kIssued = 1'764'378'088'000;  // 2025-11-29T01:01:28Z

TEST(Prescription, ActivePastExpiryIsEffectivelyExpired) {
  const std::int64_t expires = compute_expires_at(kIssued, false);
  struct Case {
    S stored;
    std::int64_t now;
    S effective;
  };
  const std::vector<Case> cases = {
      {S::active, kIssued, S::active},
      {S::active, expires - 1, S::active},
      {S::active, expires, S::expired},
      {S::active, expires + kMillisPerDay, S::expired},
      {S::partially_dispensed, expires - 1, S::partially_dispensed},
      {S::partially_dispensed, expires, S::expired},
      {S::pending_approval, expires - 1, S::pending_approval},
      {S::pending_approval, expires, S::expired},
      {S::dispensed, expires + 1, S::dispensed},
      {S::cancelled, expires + 1, S::cancelled},
      {S::rejected, expires + 1, S::rejected},
      {S::expired, kIssued, S::expired},
      {S::draft, expires + 1, S::draft},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(effective_status(c.stored, expires, c.now), c.effective)
        << to_string(c.stored) << " at " << to_rfc3339(c.now);
  }
}

TEST(Prescription, ExpiredPrescriptionCannotBeDispensedEvenIfStoredActive) {
  const std::int64_t expires = compute_expires_at(kIssued, false);
  auto r = record_dispense(effective_status(S::active, expires, expires + 1), false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "prescription is expired; it cannot be dispensed");
  EXPECT_TRUE(record_dispense(effective_status(S::active, expires, expires - 1), false).ok());
}

TEST(Prescription, ValidityIsThirtyDaysOrSevenForControlledAndBothAreSettings) {
  EXPECT_EQ(compute_expires_at(kIssued, false), kIssued + 30 * kMillisPerDay);
  EXPECT_EQ(compute_expires_at(kIssued, true), kIssued + 7 * kMillisPerDay);
  EXPECT_EQ(to_rfc3339(compute_expires_at(kIssued, false)), "2025-12-29T01:01:28.000Z");
  EXPECT_EQ(to_rfc3339(compute_expires_at(kIssued, true)), "2025-12-06T01:01:28.000Z");
  const ValidityPolicy policy{.default_days = 60, .controlled_days = 3};
  EXPECT_EQ(compute_expires_at(kIssued, false, policy), kIssued + 60 * kMillisPerDay);
  EXPECT_EQ(compute_expires_at(kIssued, true, policy), kIssued + 3 * kMillisPerDay);
}

TEST(Prescription, HasOneToTenItems) {
  for (std::size_t n = 0; n <= 12; ++n) {
    auto st = validate_item_count(n);
    EXPECT_EQ(st.ok(), n >= 1 && n <= 10) << n;
    if (!st.ok()) {
      EXPECT_EQ(st.error().fields.at(0).field, "items");
    }
  }
}

}  // namespace
}  // namespace hf::domain
