#include "domain/dispensing.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace hf::domain {
namespace {

constexpr std::int64_t kDay = kMillisPerDay;
constexpr std::int64_t kT0 = 1'764'374'400'000;  // 2025-11-29T00:00:00Z

struct Scenario {
  std::string name;
  ItemSupply supply;
  std::vector<Fill> previous;
  int requested;
  std::int64_t now;
  ErrorKind kind;       // ErrorKind::internal means "expect ok"
  std::string message;  // exact message when refused
};

constexpr ErrorKind kOk = ErrorKind::internal;
const ItemSupply kMonthly{2, 2, 30};  // 2 packs, 2 repeats, 30 days apart: 6 packs in all

const std::vector<Scenario> kScenarios = {
    {"original supply in one fill", kMonthly, {}, 2, kT0, kOk, ""},
    {"original supply in part", kMonthly, {}, 1, kT0, kOk, ""},
    {"finishing the original needs no interval", kMonthly, {{1, kT0}}, 1, kT0 + kDay, kOk, ""},
    {"repeat exactly at the interval", kMonthly, {{2, kT0}}, 2, kT0 + 30 * kDay, kOk, ""},
    {"repeat after the interval", kMonthly, {{2, kT0}}, 1, kT0 + 45 * kDay, kOk, ""},
    {"second repeat after interval", kMonthly, {{2, kT0}, {2, kT0 + 30 * kDay}}, 2, kT0 + 60 * kDay, kOk, ""},
    {"last pack", kMonthly, {{2, kT0}, {2, kT0 + 30 * kDay}, {1, kT0 + 60 * kDay}}, 1, kT0 + 61 * kDay, kOk, ""},
    {"repeat one millisecond early",
     kMonthly,
     {{2, kT0}},
     2,
     kT0 + 30 * kDay - 1,
     ErrorKind::conflict,
     "next repeat not before 2025-12-29 00:00 UTC"},
    {"repeat a day early",
     kMonthly,
     {{2, kT0}},
     1,
     kT0 + 29 * kDay,
     ErrorKind::conflict,
     "next repeat not before 2025-12-29 00:00 UTC"},
    {"original and repeat together",
     kMonthly,
     {},
     3,
     kT0,
     ErrorKind::conflict,
     "only 2 packs can be dispensed now; next repeat not before 2025-12-29 00:00 UTC"},
    {"rest of original and repeat together",
     kMonthly,
     {{1, kT0}},
     2,
     kT0 + 40 * kDay,
     ErrorKind::conflict,
     "only 1 pack can be dispensed now; next repeat not before 2026-02-07 00:00 UTC"},
    {"interval counts from the latest fill",
     kMonthly,
     {{1, kT0}, {1, kT0 + 10 * kDay}},
     2,
     kT0 + 35 * kDay,
     ErrorKind::conflict,
     "next repeat not before 2026-01-08 00:00 UTC"},
    {"interval from the latest fill met", kMonthly, {{1, kT0}, {1, kT0 + 10 * kDay}}, 2, kT0 + 40 * kDay, kOk, ""},
    {"fills in any order",
     kMonthly,
     {{2, kT0 + 30 * kDay}, {2, kT0}},
     2,
     kT0 + 59 * kDay,
     ErrorKind::conflict,
     "next repeat not before 2026-01-28 00:00 UTC"},
    {"more than the whole item", kMonthly, {}, 7, kT0, ErrorKind::conflict, "only 6 packs remain"},
    {"more than remains",
     kMonthly,
     {{2, kT0}, {2, kT0 + 30 * kDay}, {1, kT0 + 60 * kDay}},
     2,
     kT0 + 90 * kDay,
     ErrorKind::conflict,
     "only 1 pack remains"},
    {"nothing remains",
     kMonthly,
     {{2, kT0}, {2, kT0 + 30 * kDay}, {2, kT0 + 60 * kDay}},
     1,
     kT0 + 90 * kDay,
     ErrorKind::conflict,
     "nothing remains of this item"},
    {"zero packs", kMonthly, {}, 0, kT0, ErrorKind::invalid, "dispense at least 1 pack"},
    {"negative packs", kMonthly, {}, -1, kT0, ErrorKind::invalid, "dispense at least 1 pack"},
    {"no repeats: whole quantity", {3, 0, 0}, {}, 3, kT0, kOk, ""},
    {"no repeats: one too many", {3, 0, 0}, {}, 4, kT0, ErrorKind::conflict, "only 3 packs remain"},
    {"no repeats: after a partial fill", {3, 0, 0}, {{2, kT0}}, 2, kT0, ErrorKind::conflict, "only 1 pack remains"},
    {"zero interval lets repeats go together", {2, 2, 0}, {}, 6, kT0, kOk, ""},
    {"time shown rounds up to the minute",
     {1, 1, 1},
     {{1, kT0 + 1}},
     1,
     kT0 + 2,
     ErrorKind::conflict,
     "next repeat not before 2025-11-30 00:01 UTC"},
};

TEST(Dispensing, ScenarioTable) {
  for (const auto& s : kScenarios) {
    auto st = check_fill(s.supply, s.previous, s.requested, s.now);
    if (s.kind == kOk) {
      EXPECT_TRUE(st.ok()) << s.name << ": " << st.error().message;
    } else {
      ASSERT_FALSE(st.ok()) << s.name;
      EXPECT_EQ(st.error().kind, s.kind) << s.name;
      EXPECT_EQ(st.error().message, s.message) << s.name;
    }
  }
}

TEST(Dispensing, DispenseRefusesMoreThanRemains) {
  const ItemSupply supply{2, 1, 0};
  for (int done = 0; done <= 4; ++done) {
    const std::vector<Fill> previous = done > 0 ? std::vector<Fill>{{done, kT0}} : std::vector<Fill>{};
    EXPECT_EQ(remaining(supply, previous), 4 - done);
    for (int req = 1; req <= 6; ++req) {
      EXPECT_EQ(check_fill(supply, previous, req, kT0 + kDay).ok(), req <= 4 - done) << done << "+" << req;
    }
  }
}

TEST(Dispensing, RepeatBeforeIntervalIsRefused) {
  const ItemSupply supply{1, 5, 28};
  std::vector<Fill> fills = {{1, kT0}};
  for (int r = 1; r <= 5; ++r) {
    const std::int64_t due = fills.back().at_ms + 28 * kDay;
    auto early = check_fill(supply, fills, 1, due - 1);
    ASSERT_FALSE(early.ok()) << r;
    EXPECT_NE(early.error().message.find("next repeat not before"), std::string::npos);
    ASSERT_TRUE(check_fill(supply, fills, 1, due).ok()) << r;
    fills.push_back({1, due});
  }
  EXPECT_EQ(remaining(supply, fills), 0);
  EXPECT_FALSE(check_fill(supply, fills, 1, kT0 + 1000 * kDay).ok());
}

TEST(Dispensing, AllowedTotalIsQuantityTimesOnePlusRepeats) {
  for (int q = 1; q <= 5; ++q) {
    for (int r = 0; r <= 5; ++r) EXPECT_EQ(allowed_total({q, r, 7}), q * (1 + r));
  }
  EXPECT_EQ(remaining({2, 0, 0}, std::vector<Fill>{{5, kT0}}), 0);  // never negative
  EXPECT_EQ(dispensed_total(std::vector<Fill>{{1, kT0}, {2, kT0}, {3, kT0}}), 6);
}

TEST(Dispensing, FillWindowSaysWhenTheNextRepeatIsDue) {
  auto w = fill_window(kMonthly, std::vector<Fill>{{2, kT0}}, kT0 + kDay);
  EXPECT_EQ(w.packs, 0);
  EXPECT_EQ(w.next_repeat_at_ms, kT0 + 30 * kDay);
  w = fill_window(kMonthly, std::vector<Fill>{{2, kT0}}, kT0 + 30 * kDay);
  EXPECT_EQ(w.packs, 2);
  EXPECT_EQ(w.next_repeat_at_ms, kT0 + 60 * kDay);
  w = fill_window(kMonthly, std::vector<Fill>{{2, kT0}, {2, kT0 + 30 * kDay}, {2, kT0 + 60 * kDay}}, kT0);
  EXPECT_EQ(w.packs, 0);
  EXPECT_EQ(w.next_repeat_at_ms, std::nullopt);
  w = fill_window(kMonthly, std::vector<Fill>{{2, kT0}, {2, kT0 + 30 * kDay}}, kT0 + 60 * kDay);
  EXPECT_EQ(w.packs, 2);
  EXPECT_EQ(w.next_repeat_at_ms, std::nullopt);
}

// The rule straight from its definition: a request of r packs after d packs is fine iff r <= what
// remains and every repeat block it starts (pack b*q + 1, b >= 1) is either its first pack and due
// since the latest fill, or (when it follows earlier packs of the same request) the interval is 0.
bool reference_allows(const ItemSupply& s, const std::vector<Fill>& prev, int r, std::int64_t now) {
  int d = 0;
  std::int64_t last = INT64_MIN;
  for (const auto& f : prev) {
    d += f.quantity;
    last = std::max(last, f.at_ms);
  }
  if (r <= 0 || d + r > s.quantity * (1 + s.repeats)) return false;
  for (int pack = d + 1; pack <= d + r; ++pack) {
    const bool starts_repeat = pack > s.quantity && (pack - 1) % s.quantity == 0;
    if (!starts_repeat) continue;
    if (pack > d + 1 && s.repeat_interval_days > 0) return false;
    if (pack == d + 1 && now - last < std::int64_t{s.repeat_interval_days} * kDay) return false;
  }
  return true;
}

TEST(Dispensing, CheckFillAgreesWithTheDefinitionExhaustively) {
  int compared = 0;
  for (int q = 1; q <= 3; ++q) {
    for (int reps = 0; reps <= 3; ++reps) {
      for (int interval : {0, 1, 3}) {
        const ItemSupply s{q, reps, interval};
        const int total = q * (1 + reps);
        // Histories: up to two earlier fills of any size at day 0 and day g.
        for (int a = 0; a <= total; ++a) {
          for (int b = 0; a + b <= total; ++b) {
            for (int g : {0, 1, 2, 3}) {
              std::vector<Fill> prev;
              if (a > 0) prev.push_back({a, kT0});
              if (b > 0) prev.push_back({b, kT0 + g * kDay});
              for (int req = -1; req <= total + 1; ++req) {
                for (std::int64_t now : {kT0 + g * kDay, kT0 + (g + 1) * kDay - 1, kT0 + (g + 1) * kDay,
                                         kT0 + (g + 3) * kDay, kT0 + (g + 4) * kDay}) {
                  ASSERT_EQ(check_fill(s, prev, req, now).ok(), reference_allows(s, prev, req, now))
                      << "q=" << q << " repeats=" << reps << " interval=" << interval << " a=" << a << " b=" << b
                      << " g=" << g << " req=" << req << " now=+" << (now - kT0);
                  ++compared;
                }
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 10000);
}

TEST(Dispensing, RandomFillSequencesNeverBreakTheRules) {
  std::mt19937 rng(7);
  for (int run = 0; run < 3000; ++run) {
    const ItemSupply s{1 + static_cast<int>(rng() % 4), static_cast<int>(rng() % 6), static_cast<int>(rng() % 4)};
    std::vector<Fill> fills;
    std::int64_t now = kT0;
    for (int step = 0; step < 20; ++step) {
      now += static_cast<std::int64_t>(rng() % (s.repeat_interval_days + 2)) * kDay / 2;
      const int req = 1 + static_cast<int>(rng() % (allowed_total(s) + 1));
      if (!check_fill(s, fills, req, now).ok()) continue;
      const int before = dispensed_total(fills);
      // DOMAIN.md: a repeat never starts before the interval since the previous fill.
      for (int pack = before + 1; pack <= before + req; ++pack) {
        if (pack > s.quantity && (pack - 1) % s.quantity == 0) {
          const std::int64_t previous = pack == before + 1 ? fills.back().at_ms : now;
          ASSERT_GE(now - previous, std::int64_t{s.repeat_interval_days} * kDay);
        }
      }
      fills.push_back({req, now});
      // DOMAIN.md: never more than quantity * (1 + repeats).
      ASSERT_LE(dispensed_total(fills), allowed_total(s));
    }
  }
}

TEST(Dispensing, WholeItemCanBeDispensedByWaitingForEachRepeat) {
  for (int q = 1; q <= 4; ++q) {
    for (int reps = 0; reps <= 5; ++reps) {
      const ItemSupply s{q, reps, 30};
      std::vector<Fill> fills;
      std::int64_t now = kT0;
      while (remaining(s, fills) > 0) {
        const FillWindow w = fill_window(s, fills, now);
        if (w.packs == 0) {
          ASSERT_TRUE(w.next_repeat_at_ms.has_value());
          now = *w.next_repeat_at_ms;
          continue;
        }
        ASSERT_TRUE(check_fill(s, fills, w.packs, now).ok());
        fills.push_back({w.packs, now});
      }
      EXPECT_EQ(static_cast<int>(fills.size()), 1 + reps);
      EXPECT_EQ(fills.back().at_ms, kT0 + reps * 30 * kDay);
    }
  }
}

TEST(Dispensing, SupplyValidation) {
  struct Case {
    ItemSupply supply;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {{1, 0, 0}, {}},
      {{100, 5, 365}, {}},
      {{2, 3, 30}, {}},
      {{0, 0, 0}, {"quantity"}},
      {{101, 0, 0}, {"quantity"}},
      {{1, -1, 0}, {"repeats"}},
      {{1, 6, 30}, {"repeats"}},
      {{1, 2, 0}, {"repeat_interval_days"}},
      {{1, 2, 366}, {"repeat_interval_days"}},
      {{1, 0, -1}, {"repeat_interval_days"}},
      {{0, 9, 0}, {"quantity", "repeats", "repeat_interval_days"}},
  };
  for (const auto& c : cases) {
    auto st = validate_supply(c.supply);
    std::vector<std::string> got;
    if (!st.ok()) {
      EXPECT_EQ(st.error().kind, ErrorKind::invalid);
      for (const auto& f : st.error().fields) got.push_back(f.field);
    }
    EXPECT_EQ(got, c.fields) << c.supply.quantity << "/" << c.supply.repeats << "/" << c.supply.repeat_interval_days;
  }
}

const ProductComposition kAmoxil{"amoxil-500", {{"amoxicillin", 500, "mg"}}, "capsule"};
const ProductComposition kAugmentin{
    "augmentin-1g", {{"amoxicillin", 875, "mg"}, {"clavulanic acid", 125, "mg"}}, "film-coated tablet"};

TEST(Dispensing, SubstitutionTable) {
  struct Case {
    std::string name;
    bool allowed;
    ProductComposition prescribed;
    ProductComposition offered;
    std::vector<std::string> reasons;  // empty = ok
  };
  const std::vector<Case> cases = {
      {"the prescribed product itself", false, kAmoxil, kAmoxil, {}},
      {"same composition", true, kAmoxil, {"e-mox-500", {{"amoxicillin", 500, "mg"}}, "capsule"}, {}},
      {"case and spacing", true, kAmoxil, {"x", {{" Amoxicillin ", 500, "MG"}}, "Capsule"}, {}},
      {"grams equal milligrams", true, kAmoxil, {"x", {{"amoxicillin", 0.5, "g"}}, "capsule"}, {}},
      {"micrograms equal milligrams",
       true,
       {"a", {{"digoxin", 0.25, "mg"}}, "tablet"},
       {"b", {{"digoxin", 250, "mcg"}}, "tablet"},
       {}},
      {"ingredients in another order",
       true,
       kAugmentin,
       {"x", {{"clavulanic acid", 125, "mg"}, {"amoxicillin", 875, "mg"}}, "film-coated tablet"},
       {}},
      {"substitution not allowed",
       false,
       kAmoxil,
       {"e-mox-500", {{"amoxicillin", 500, "mg"}}, "capsule"},
       {"substitution is not allowed for this item"}},
      {"other strength",
       true,
       kAmoxil,
       {"x", {{"amoxicillin", 250, "mg"}}, "capsule"},
       {"the substitute's strength differs (amoxicillin 500 mg prescribed, amoxicillin 250 mg offered)"}},
      {"other unit", true, kAmoxil, {"x", {{"amoxicillin", 500, "mL"}}, "capsule"}, {"strength differs"}},
      {"other ingredient",
       true,
       kAmoxil,
       {"x", {{"ampicillin", 500, "mg"}}, "capsule"},
       {"the substitute has different active ingredients (prescribed amoxicillin, offered ampicillin)"}},
      {"extra ingredient",
       true,
       kAmoxil,
       {"x", {{"amoxicillin", 500, "mg"}, {"clavulanic acid", 125, "mg"}}, "capsule"},
       {"different active ingredients"}},
      {"missing ingredient",
       true,
       kAugmentin,
       {"x", {{"amoxicillin", 875, "mg"}}, "film-coated tablet"},
       {"different active ingredients"}},
      {"other form",
       true,
       kAmoxil,
       {"x", {{"amoxicillin", 500, "mg"}}, "tablet"},
       {"the substitute's dosage form differs (capsule prescribed, tablet offered)"}},
      {"strength and form",
       true,
       kAmoxil,
       {"x", {{"amoxicillin", 250, "mg"}}, "suspension"},
       {"strength differs", "dosage form differs"}},
      {"one of two strengths",
       true,
       kAugmentin,
       {"x", {{"amoxicillin", 875, "mg"}, {"clavulanic acid", 62.5, "mg"}}, "film-coated tablet"},
       {"clavulanic acid 125 mg prescribed, clavulanic acid 62.5 mg offered"}},
  };
  for (const auto& c : cases) {
    auto st = check_substitution(c.allowed, c.prescribed, c.offered);
    if (c.reasons.empty()) {
      EXPECT_TRUE(st.ok()) << c.name << ": " << st.error().message;
      continue;
    }
    ASSERT_FALSE(st.ok()) << c.name;
    EXPECT_EQ(st.error().kind, ErrorKind::rule_broken) << c.name;
    ASSERT_EQ(st.error().fields.size(), 1u);
    EXPECT_EQ(st.error().fields[0].field, "dispensed_drug_id");
    for (const auto& r : c.reasons) {
      EXPECT_NE(st.error().message.find(r), std::string::npos) << c.name << ": " << st.error().message;
    }
  }
}

TEST(Dispensing, ControlledItemsRequirePatientIdChecked) {
  struct Case {
    bool controlled;
    bool checked;
    bool ok;
  };
  for (const Case& c :
       {Case{false, false, true}, Case{false, true, true}, Case{true, true, true}, Case{true, false, false}}) {
    auto st = check_patient_id_checked(c.controlled, c.checked);
    EXPECT_EQ(st.ok(), c.ok);
    if (!st.ok()) {
      EXPECT_EQ(st.error().kind, ErrorKind::rule_broken);
      EXPECT_EQ(st.error().fields.at(0).field, "patient_id_checked");
    }
  }
}

}  // namespace
}  // namespace hf::domain
