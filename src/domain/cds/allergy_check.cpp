// DOMAIN.md: allergy and cross-sensitivity (e.g. penicillin allergy vs any beta-lactam).
// An allergy to an ingredient or to its allergy class is direct (contraindicated); an allergy to a
// class the table marks cross-sensitive is a cross-reaction (major).
#include <algorithm>
#include <set>

#include "domain/catalog/arabic.hpp"
#include "domain/cds/checks.hpp"

namespace hf::domain::cds_detail {
namespace {

struct PatientAllergies {
  std::set<std::string> classes;      // allergy class slugs
  std::set<std::string> ingredients;  // ingredient names (known to the KB or not)
};

// A label's name without its explanation: "Penicillins (incl. aminopenicillins...)" -> "penicillins".
std::string label_head(const std::string& label) {
  const std::string norm = normalize_for_search(label);
  const auto paren = norm.find(" (");
  return paren == std::string::npos ? norm : norm.substr(0, paren);
}

// "Penicillin", "penicillins", "Beta-lactams", "بنسلين", "amoxicillin" -> slugs and ingredient names.
PatientAllergies resolve(const KnowledgeBase& kb, const std::vector<std::string>& allergies) {
  PatientAllergies out;
  for (const std::string& raw : allergies) {
    const std::string s = normalize_for_search(raw);
    if (s.empty()) continue;
    std::string slug = s;
    std::replace(slug.begin(), slug.end(), ' ', '_');
    std::replace(slug.begin(), slug.end(), '-', '_');
    bool matched = false;
    for (const std::string& candidate : {slug, slug + "s", slug + "es"}) {
      if (kb.allergy_class(candidate)) {
        out.classes.insert(candidate);
        matched = true;
        break;
      }
    }
    if (!matched) {
      for (const AllergyClass& c : kb.allergy_classes()) {
        const std::string en = label_head(c.label_en);
        const std::string ar = label_head(c.label_ar);
        if ((!en.empty() && (s == en || s + "s" == en)) || (!ar.empty() && s == ar)) {
          out.classes.insert(c.slug);
          matched = true;
        }
      }
    }
    if (matched) continue;
    // An ingredient: by English INN, or by its Arabic name. Its allergy class comes along, since an
    // amoxicillin allergy is a penicillin allergy.
    const IngredientInfo* info = kb.ingredient(s);
    if (!info) {
      for (const IngredientInfo& i : kb.ingredients()) {
        if (!i.name_ar.empty() && normalize_for_search(i.name_ar) == s) info = &i;
      }
    }
    if (info) {
      out.ingredients.insert(info->name);
      if (!info->allergy_class.empty()) out.classes.insert(info->allergy_class);
    } else {
      out.ingredients.insert(s);  // unknown to the KB: still matched by name against products
    }
  }
  return out;
}

std::string class_label(const KnowledgeBase& kb, const std::string& slug, bool arabic) {
  const AllergyClass* c = kb.allergy_class(slug);
  if (!c) return slug;
  if (arabic) return c->label_ar.empty() ? c->label_en : c->label_ar;
  return c->label_en.empty() ? slug : c->label_en;
}

}  // namespace

void check_allergies(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                     std::vector<Alert>& out) {
  const PatientAllergies allergic = resolve(kb, patient.allergies);
  if (allergic.classes.empty() && allergic.ingredients.empty()) return;

  for (std::size_t i = 0; i < items.size(); ++i) {
    const Drug& drug = items[i].drug;
    for (const DrugIngredient& ing : drug.ingredients) {
      const IngredientInfo* info = kb.ingredient(ing.name);
      const std::string cls = info ? info->allergy_class : "";
      Alert a;
      a.kind = AlertKind::allergy;
      a.items = {i};
      const std::string who_en = product_en(drug) + " contains " + ing.name;
      const std::string who_ar = product_ar(drug) + " يحتوي على " + ingredient_ar(kb, ing.name);
      if (allergic.ingredients.contains(ing.name)) {
        a.severity = Severity::contraindicated;
        a.message_en = "Allergy: patient is allergic to " + ing.name + "; " + who_en;
        a.message_ar = "حساسية: المريض لديه حساسية من " + ingredient_ar(kb, ing.name) + "؛ " + who_ar;
      } else if (!cls.empty() && allergic.classes.contains(cls)) {
        a.severity = Severity::contraindicated;
        a.message_en = "Allergy: patient is allergic to " + class_label(kb, cls, false) + "; " + who_en + " (" +
                       class_label(kb, cls, false) + ")";
        a.message_ar = "حساسية: المريض لديه حساسية من " + class_label(kb, cls, true) + "؛ " + who_ar + " (" +
                       class_label(kb, cls, true) + ")";
      } else {
        auto cross = std::find_if(allergic.classes.begin(), allergic.classes.end(),
                                  [&](const std::string& c) { return !cls.empty() && kb.cross_sensitive(c, cls); });
        if (cross == allergic.classes.end()) continue;
        a.severity = Severity::major;
        a.message_en = "Possible cross-sensitivity: patient is allergic to " + class_label(kb, *cross, false) + "; " +
                       who_en + " (" + class_label(kb, cls, false) + ")";
        a.message_ar = "احتمال حساسية متصالبة: المريض لديه حساسية من " + class_label(kb, *cross, true) + "؛ " + who_ar +
                       " (" + class_label(kb, cls, true) + ")";
      }
      out.push_back(std::move(a));
    }
  }
}

}  // namespace hf::domain::cds_detail
