#pragma once
// The structured sig of a prescription item (API.md "Prescriptions") and the directions written
// out from it in English (`sig_en`) and Arabic (`sig_ar`), for labels and the patient's screen.
// Numbers follow ISMP safe notation: a leading zero (0.5, never .5), no trailing zero (1, never
// 1.0), "mL" (never "cc"); frequencies in words, never abbreviations such as "tid".

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace hf::domain {

enum class DoseUnit { tablet, capsule, mL, mg, drop, puff, sachet, unit, application };

std::string_view to_string(DoseUnit unit);  // the API spelling: "tablet", "mL", ...
// Case-insensitive ("ml" -> mL); nullopt for anything else, "cc" included.
std::optional<DoseUnit> dose_unit_from_string(std::string_view text);

struct Sig {
  double dose_amount = 0;
  std::string dose_unit;  // as received; validate_sig() checks it against DoseUnit
  int times_per_day = 0;
  int duration_days = 0;
  std::string route;         // optional: empty or a CONVENTIONS.md route ("oral", "topical", ...)
  std::string instructions;  // optional free text, e.g. "after meals", written into both texts as given
};

// ok, or ErrorKind::invalid with one field error per problem ("dose_amount", "dose_unit",
// "times_per_day", "duration_days", "route", "instructions"):
//  - dose_amount finite, > 0, at most a sane single dose for the unit, at least one step of the
//    unit and a whole number of its steps (tablets in quarters, sachets in halves, mL in 0.1 mL,
//    mg in 0.001 mg; capsules, drops, puffs, units and applications whole), so the smallest dose
//    is 0.25 tablet, 0.5 sachet, 0.1 mL, 0.001 mg or 1 of the others;
//  - times_per_day 1-24; duration_days 1-365; dose_unit and route from their lists.
Status validate_sig(const Sig& sig);

enum class ArabicDigits { western, arabic_indic };

struct SigText {
  std::string en;  // "Take 1 tablet by mouth 3 times a day for 7 days, after meals"
  std::string ar;  // "قرص واحد عن طريق الفم 3 مرات يومياً لمدة 7 أيام، after meals"
};

// Validates (as validate_sig) and writes both texts.
Result<SigText> write_sig(const Sig& sig, ArabicDigits digits = ArabicDigits::western);

// ISMP notation for a dose: up to 3 decimals, leading zero, no trailing zeros ("0.5", "1", "2.25").
std::string format_dose_amount(double amount);

// Replaces ASCII digits with Arabic-Indic ones and "." with the Arabic decimal separator "٫".
std::string to_arabic_indic_digits(std::string_view text);

}  // namespace hf::domain
