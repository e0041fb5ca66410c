#include "domain/sig.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace hf::domain {

namespace {

// Per unit: the largest sane single dose and the smallest step it can be measured in. A dose above
// the maximum is almost always a unit mix-up (mg typed as tablets); the steps say what can really
// be given: tablets split to quarters, sachets to halves, capsules/drops/puffs not at all.
struct UnitRule {
  DoseUnit unit;
  std::string_view name;
  double max;
  double step;
  std::string_view step_reason;
  // English singular/plural; Arabic: singular, dual, plural (3-10), counted singular (11-99),
  // feminine?  mL and mg are symbols: same word for every count.
  std::string_view en_one, en_many;
  std::string_view ar_one, ar_two, ar_few, ar_many;
  bool ar_feminine;
};

constexpr std::array<UnitRule, 9> kUnits = {{
    {DoseUnit::tablet, "tablet", 10, 0.25, "tablets can be split into quarters at most", "tablet", "tablets", "قرص",
     "قرصين", "أقراص", "قرصاً", false},
    {DoseUnit::capsule, "capsule", 10, 1, "capsules cannot be split", "capsule", "capsules", "كبسولة", "كبسولتين",
     "كبسولات", "كبسولة", true},
    {DoseUnit::mL, "mL", 100, 0.1, "mL doses are measured to 0.1 mL", "mL", "mL", "مل", "مل", "مل", "مل", false},
    {DoseUnit::mg, "mg", 5000, 0.001, "mg doses are given to 0.001 mg at most", "mg", "mg", "مجم", "مجم", "مجم", "مجم",
     false},
    {DoseUnit::drop, "drop", 40, 1, "drops cannot be split", "drop", "drops", "نقطة", "نقطتين", "نقاط", "نقطة", true},
    {DoseUnit::puff, "puff", 10, 1, "puffs cannot be split", "puff", "puffs", "بخة", "بختين", "بخات", "بخة", true},
    {DoseUnit::sachet, "sachet", 4, 0.5, "sachets can be halved at most", "sachet", "sachets", "كيس", "كيسين", "أكياس",
     "كيساً", false},
    {DoseUnit::unit, "unit", 100000, 1, "units are whole numbers", "unit", "units", "وحدة", "وحدتين", "وحدات", "وحدة",
     true},
    {DoseUnit::application, "application", 10, 1, "applications are whole numbers", "application", "applications",
     "دهنة", "دهنتين", "دهنات", "دهنة", true},
}};

struct RouteRule {
  std::string_view name;
  std::string_view en_verb;
  std::string_view en_phrase;
  std::string_view ar_phrase;
};

// CONVENTIONS.md route list.
constexpr std::array<RouteRule, 12> kRoutes = {{
    {"oral", "Take", "by mouth", "عن طريق الفم"},
    {"iv", "Inject", "into a vein", "في الوريد"},
    {"im", "Inject", "into a muscle", "في العضل"},
    {"sc", "Inject", "under the skin", "تحت الجلد"},
    {"topical", "Apply", "to the skin", "على الجلد"},
    {"ophthalmic", "Use", "in the eye", "في العين"},
    {"otic", "Use", "in the ear", "في الأذن"},
    {"nasal", "Use", "in the nose", "في الأنف"},
    {"inhalation", "Inhale", "", "بالاستنشاق"},
    {"rectal", "Insert", "rectally", "عن طريق الشرج"},
    {"vaginal", "Insert", "vaginally", "عن طريق المهبل"},
    {"sublingual", "Place", "under the tongue", "تحت اللسان"},
}};

const UnitRule& rule_for(DoseUnit unit) {
  return kUnits[static_cast<std::size_t>(unit)];
}

const RouteRule* find_route(std::string_view name) {
  for (const auto& r : kRoutes) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_multiple_of(double amount, double step) {
  const double n = amount / step;
  return std::fabs(n - std::round(n)) < 1e-6;
}

// CLDR plural categories for Arabic, applied to whole numbers written in digits.
enum class ArabicPlural { one, two, few, many, other };
ArabicPlural arabic_plural(int n) {
  if (n == 1) return ArabicPlural::one;
  if (n == 2) return ArabicPlural::two;
  const int r = n % 100;
  if (r >= 3 && r <= 10) return ArabicPlural::few;
  if (r >= 11 && r <= 99) return ArabicPlural::many;
  return ArabicPlural::other;
}

// "قرص واحد", "قرصين", "3 أقراص", "11 قرصاً", "100 قرص".
std::string arabic_count(int n, std::string_view one, std::string_view two, std::string_view few, std::string_view many,
                         bool feminine) {
  const std::string num = std::to_string(n);
  switch (arabic_plural(n)) {
    case ArabicPlural::one:
      return std::string(one) + (feminine ? " واحدة" : " واحد");
    case ArabicPlural::two:
      return std::string(two);
    case ArabicPlural::few:
      return num + " " + std::string(few);
    case ArabicPlural::many:
      return num + " " + std::string(many);
    case ArabicPlural::other:
      break;
  }
  return num + " " + std::string(one);
}

std::string english_dose(double amount, const UnitRule& u) {
  // "0.5 tablet", "1 tablet", "1.5 tablets": the noun is singular up to one.
  return format_dose_amount(amount) + " " + std::string(amount <= 1 ? u.en_one : u.en_many);
}

std::string arabic_dose(double amount, const UnitRule& u) {
  const bool symbol = u.unit == DoseUnit::mL || u.unit == DoseUnit::mg;
  if (symbol) return format_dose_amount(amount) + " " + std::string(u.ar_one);
  const double whole_d = std::floor(amount + 1e-9);
  const int whole = static_cast<int>(whole_d);
  const double frac = amount - whole_d;
  std::string_view frac_word;
  if (std::fabs(frac - 0.25) < 1e-6) frac_word = "ربع";
  if (std::fabs(frac - 0.5) < 1e-6) frac_word = "نصف";
  if (std::fabs(frac - 0.75) < 1e-6) frac_word = "ثلاثة أرباع";
  if (frac < 1e-6) return arabic_count(whole, u.ar_one, u.ar_two, u.ar_few, u.ar_many, u.ar_feminine);
  if (frac_word.empty()) return format_dose_amount(amount) + " " + std::string(u.ar_one);
  // "نصف قرص", "قرص ونصف", "قرصين وربع", "3 أقراص ونصف".
  if (whole == 0) return std::string(frac_word) + " " + std::string(u.ar_one);
  const std::string whole_part =
      whole == 1 ? std::string(u.ar_one) : arabic_count(whole, u.ar_one, u.ar_two, u.ar_few, u.ar_many, u.ar_feminine);
  return whole_part + " و" + std::string(frac_word);
}

std::string english_frequency(int n) {
  if (n == 1) return "once a day";
  if (n == 2) return "twice a day";
  return std::to_string(n) + " times a day";
}

std::string arabic_frequency(int n) {
  return arabic_count(n, "مرة", "مرتين", "مرات", "مرة", true) + " يومياً";
}

std::string english_duration(int n) {
  return "for " + std::to_string(n) + (n == 1 ? " day" : " days");
}

std::string arabic_duration(int n) {
  return "لمدة " + arabic_count(n, "يوم", "يومين", "أيام", "يوماً", false);
}

std::string_view default_verb(DoseUnit unit) {
  switch (unit) {
    case DoseUnit::application:
      return "Apply";
    case DoseUnit::puff:
      return "Inhale";
    case DoseUnit::drop:
      return "Use";
    default:
      return "Take";
  }
}

}  // namespace

std::string_view to_string(DoseUnit unit) {
  return rule_for(unit).name;
}

std::optional<DoseUnit> dose_unit_from_string(std::string_view text) {
  for (const auto& u : kUnits) {
    if (equals_ignoring_case(u.name, text)) return u.unit;
  }
  return std::nullopt;
}

std::string format_dose_amount(double amount) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", amount);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string to_arabic_indic_digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += '\xD9';
      out += static_cast<char>(0xA0 + (c - '0'));
    } else if (c == '.') {
      out += "\xD9\xAB";  // U+066B ARABIC DECIMAL SEPARATOR
    } else {
      out += c;
    }
  }
  return out;
}

Status validate_sig(const Sig& sig) {
  std::vector<FieldError> fields;
  const auto unit = dose_unit_from_string(sig.dose_unit);
  if (!unit) {
    if (equals_ignoring_case(sig.dose_unit, "cc")) {
      fields.push_back({"dose_unit", "write mL, never cc (ISMP: cc is mistaken for u or 00)"});
    } else {
      fields.push_back(
          {"dose_unit", "dose_unit must be one of tablet, capsule, mL, mg, drop, puff, sachet, unit, application"});
    }
  }
  const double a = sig.dose_amount;
  if (!std::isfinite(a) || a <= 0) {
    fields.push_back({"dose_amount", "dose_amount must be a number greater than 0"});
  } else if (unit) {
    const UnitRule& u = rule_for(*unit);
    if (a > u.max) {
      fields.push_back({"dose_amount", "dose_amount is above the largest sane single dose of " +
                                           format_dose_amount(u.max) + " " + std::string(u.en_many) +
                                           "; check the unit"});
    } else if (a < u.step * (1 - 1e-9)) {
      // The smallest dose is one step: below it the directions would read "Take 0 tablet".
      fields.push_back({"dose_amount", "dose_amount is below the smallest dose of " + format_dose_amount(u.step) + " " +
                                           std::string(u.en_one) + " (" + std::string(u.step_reason) + ")"});
    } else if (!is_multiple_of(a, u.step)) {
      fields.push_back(
          {"dose_amount", std::string(u.step_reason) + ": use a multiple of " + format_dose_amount(u.step)});
    }
  }
  if (sig.times_per_day < 1 || sig.times_per_day > 24) {
    fields.push_back({"times_per_day", "times_per_day must be between 1 and 24"});
  }
  if (sig.duration_days < 1 || sig.duration_days > 365) {
    fields.push_back({"duration_days", "duration_days must be between 1 and 365"});
  }
  if (!sig.route.empty() && find_route(sig.route) == nullptr) {
    fields.push_back({"route",
                      "route must be one of oral, iv, im, sc, topical, ophthalmic, otic, nasal, inhalation, "
                      "rectal, vaginal, sublingual"});
  }
  if (sig.instructions.size() > 500) {
    fields.push_back({"instructions", "instructions must be at most 500 bytes"});
  }
  if (fields.empty()) return ok_status();
  return Error::invalid("the dosage instructions are invalid", std::move(fields));
}

Result<SigText> write_sig(const Sig& sig, ArabicDigits digits) {
  if (auto st = validate_sig(sig); !st.ok()) return st.error();
  const UnitRule& u = rule_for(*dose_unit_from_string(sig.dose_unit));
  const RouteRule* route = sig.route.empty() ? nullptr : find_route(sig.route);

  SigText out;
  out.en = std::string(route ? route->en_verb : default_verb(u.unit)) + " " + english_dose(sig.dose_amount, u);
  if (route && !route->en_phrase.empty()) out.en += " " + std::string(route->en_phrase);
  out.en += " " + english_frequency(sig.times_per_day) + " " + english_duration(sig.duration_days);
  if (!sig.instructions.empty()) out.en += ", " + sig.instructions;

  // Arabic labels lead with the dose, as Egyptian pharmacy labels do: "قرص واحد 3 مرات يومياً ...".
  std::string ar = arabic_dose(sig.dose_amount, u);
  if (route) ar += " " + std::string(route->ar_phrase);
  ar += " " + arabic_frequency(sig.times_per_day) + " " + arabic_duration(sig.duration_days);
  if (digits == ArabicDigits::arabic_indic) ar = to_arabic_indic_digits(ar);
  // Instructions are the prescriber's own words: never rewrite their digits.
  if (!sig.instructions.empty()) ar += "، " + sig.instructions;
  out.ar = std::move(ar);
  return out;
}

}  // namespace hf::domain
