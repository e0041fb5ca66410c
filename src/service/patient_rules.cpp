#include "service/patient_rules.hpp"

#include <algorithm>
#include <cctype>

#include "domain/catalog/arabic.hpp"
#include "domain/catalog/field_parse.hpp"
#include "domain/digits.hpp"
#include "domain/national_id.hpp"

namespace hf::service {
namespace {

// "Penicillins (incl. ...)" -> "penicillins": a label without its explanation, normalised.
std::string label_head(std::string_view label) {
  std::string norm = domain::normalize_for_search(label);
  const auto paren = norm.find(" (");
  return paren == std::string::npos ? norm : norm.substr(0, paren);
}

bool is_icd10(const std::string& s) {
  // A00-Z99 with an optional dotted extension of 1-4 letters or digits.
  if (s.size() < 3 || s.size() > 8) return false;
  if (!std::isupper(static_cast<unsigned char>(s[0])) || !std::isdigit(static_cast<unsigned char>(s[1])) ||
      !std::isalnum(static_cast<unsigned char>(s[2])))
    return false;
  if (s.size() == 3) return true;
  if (s[3] != '.' || s.size() == 4) return false;
  return std::all_of(s.begin() + 4, s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

}  // namespace

std::optional<std::string> normalize_egyptian_mobile(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    const int d = domain::decode_digit(text.substr(i), len);
    if (d >= 0) {
      digits.push_back(static_cast<char>('0' + d));
      i += len;
      continue;
    }
    const char c = text[i];
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return std::nullopt;
    }
    ++i;
  }
  std::string national;  // 1XXXXXXXXX (10 digits)
  if (plus) {
    if (digits.size() == 12 && digits.starts_with("20")) national = digits.substr(2);
  } else if (digits.size() == 14 && digits.starts_with("0020")) {
    national = digits.substr(4);
  } else if (digits.size() == 12 && digits.starts_with("20")) {
    national = digits.substr(2);
  } else if (digits.size() == 11 && digits.starts_with("0")) {
    national = digits.substr(1);
  }
  if (national.size() != 10 || national[0] != '1') return std::nullopt;
  const char op = national[1];
  if (op != '0' && op != '1' && op != '2' && op != '5') return std::nullopt;
  return "+20" + national;
}

std::optional<std::string> normalize_allergy(const domain::KnowledgeBase& kb, std::string_view text) {
  const std::string s = domain::normalize_for_search(text);
  if (s.empty()) return std::nullopt;
  std::string slug = s;
  std::replace(slug.begin(), slug.end(), ' ', '_');
  std::replace(slug.begin(), slug.end(), '-', '_');
  for (const std::string& candidate : {slug, slug + "s", slug + "es"}) {
    if (kb.allergy_class(candidate)) return candidate;
  }
  for (const domain::AllergyClass& c : kb.allergy_classes()) {
    const std::string en = label_head(c.label_en);
    const std::string ar = label_head(c.label_ar);
    if ((!en.empty() && (s == en || s + "s" == en)) || (!ar.empty() && s == ar)) return c.slug;
  }
  if (const auto* info = kb.ingredient(s)) return info->name;
  for (const domain::IngredientInfo& i : kb.ingredients()) {
    if (!i.name_ar.empty() && domain::normalize_for_search(i.name_ar) == s) return i.name;
  }
  return std::nullopt;
}

Result<std::vector<std::string>> normalize_allergies(const domain::KnowledgeBase& kb,
                                                     const std::vector<std::string>& allergies) {
  std::vector<std::string> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < allergies.size(); ++i) {
    auto slug = normalize_allergy(kb, allergies[i]);
    if (!slug) {
      errors.push_back({"allergies[" + std::to_string(i) + "]",
                        "is not a known allergy class or ingredient (e.g. \"penicillins\", \"sulfonamides\", "
                        "\"nsaids\", or an ingredient such as \"amoxicillin\")"});
      continue;
    }
    if (std::find(out.begin(), out.end(), *slug) == out.end()) out.push_back(std::move(*slug));
  }
  if (!errors.empty()) return Error::rule("Some allergies are not known.", std::move(errors));
  return out;
}

Result<std::vector<std::string>> normalize_conditions(const std::vector<std::string>& conditions) {
  std::vector<std::string> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    std::string s(domain::trim(conditions[i]));
    std::string upper = s;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (is_icd10(upper)) s = upper;
    if (s.size() < 2 || s.size() > 300) {
      errors.push_back({"conditions[" + std::to_string(i) + "]", "must be an ICD-10 code or 2-100 characters of text"});
      continue;
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  if (!errors.empty()) return Error::rule("Some conditions are not valid.", std::move(errors));
  return out;
}

std::optional<int> parse_governorate(std::string_view text) {
  std::string digits;
  bool all_digits = true;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    const int d = domain::decode_digit(text.substr(i), len);
    if (d < 0) {
      all_digits = false;
      break;
    }
    digits.push_back(static_cast<char>('0' + d));
    i += len;
  }
  if (all_digits && !digits.empty() && digits.size() <= 2) {
    const int code = std::stoi(digits);
    return domain::find_governorate(code) ? std::optional<int>(code) : std::nullopt;
  }
  const std::string s = domain::normalize_for_search(text);
  for (const domain::Governorate& g : domain::governorates()) {
    if (domain::normalize_for_search(g.name_en) == s || domain::normalize_for_search(g.name_ar) == s) return g.code;
  }
  return std::nullopt;
}

}  // namespace hf::service
