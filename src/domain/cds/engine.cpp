#include "domain/cds/engine.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <tuple>

#include "domain/cds/checks.hpp"

namespace hf::domain {

std::string_view to_string(AlertKind kind) {
  switch (kind) {
    case AlertKind::interaction:
      return "interaction";
    case AlertKind::allergy:
      return "allergy";
    case AlertKind::duplicate_therapy:
      return "duplicate_therapy";
    case AlertKind::max_dose:
      return "max_dose";
    case AlertKind::age:
      return "age";
  }
  return "interaction";
}

std::optional<AlertKind> parse_alert_kind(std::string_view text) {
  for (AlertKind k : {AlertKind::interaction, AlertKind::allergy, AlertKind::duplicate_therapy, AlertKind::max_dose,
                      AlertKind::age}) {
    if (text == to_string(k)) return k;
  }
  return std::nullopt;
}

bool blocking(const Alert& alert) {
  return alert.severity == Severity::contraindicated || alert.severity == Severity::major;
}

std::vector<Alert> check(const KnowledgeBase& kb, const PatientContext& patient,
                         const std::vector<ProposedItem>& items) {
  std::vector<Alert> alerts;
  cds_detail::check_allergies(kb, patient, items, alerts);
  cds_detail::check_interactions(kb, patient, items, alerts);
  cds_detail::check_age(kb, patient, items, alerts);
  cds_detail::check_max_dose(kb, items, alerts);
  cds_detail::check_duplicates(kb, patient, items, alerts);

  // Most severe first; within a severity, the kind order above (allergy before interaction ...),
  // then the first item involved, so the order never depends on hash tables or input quirks.
  constexpr std::array<int, 5> kKindRank = {1, 0, 4, 3, 2};  // indexed by AlertKind
  auto key = [&](const Alert& a) {
    const std::size_t first = a.items.empty() ? SIZE_MAX : a.items.front();
    return std::make_tuple(static_cast<int>(a.severity), kKindRank[static_cast<std::size_t>(a.kind)], first,
                           std::cref(a.message_en));
  };
  std::stable_sort(alerts.begin(), alerts.end(), [&](const Alert& a, const Alert& b) { return key(a) < key(b); });
  return alerts;
}

namespace cds_detail {

std::string severity_ar(Severity s) {
  switch (s) {
    case Severity::contraindicated:
      return "ممنوع";
    case Severity::major:
      return "خطير";
    case Severity::moderate:
      return "متوسط";
    case Severity::minor:
      return "بسيط";
  }
  return "";
}

std::string product_en(const Drug& d) {
  return d.trade_name.empty() ? d.id : d.trade_name;
}
std::string product_ar(const Drug& d) {
  return d.trade_name_ar.empty() ? product_en(d) : d.trade_name_ar;
}
std::string product_en(const ActiveItem& a) {
  return a.trade_name.empty() ? a.drug_id : a.trade_name;
}
std::string product_ar(const ActiveItem& a) {
  return a.trade_name_ar.empty() ? product_en(a) : a.trade_name_ar;
}

std::string ingredient_ar(const KnowledgeBase& kb, const std::string& name) {
  const IngredientInfo* info = kb.ingredient(name);
  return info && !info->name_ar.empty() ? info->name_ar : name;
}

std::string format_amount(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

bool is_systemic_route(const std::string& route) {
  return route == "oral" || route == "sublingual" || route == "rectal" || route == "iv" || route == "im" ||
         route == "sc";
}

bool is_enteral_route(const std::string& route) {
  return route == "oral" || route == "sublingual" || route == "rectal";
}

}  // namespace cds_detail
}  // namespace hf::domain
