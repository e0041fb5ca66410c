#pragma once
// Rules for the fields of a patient record that are not the national ID (DOMAIN.md "Egyptian
// national ID" has that): phone numbers, allergies and conditions. Pure functions: they read no
// clock and no database, so they are unit-tested alone (tests/unit/core/patient_rules_test.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/cds/knowledge_base.hpp"
#include "domain/result.hpp"

namespace hf::service {

// An Egyptian mobile number in E.164 ("+201012345678"), from the ways people write it:
// "01012345678", "+20 101 234 5678", "0020-10-1234-5678", "201012345678", Arabic-Indic digits.
// Mobile prefixes 010, 011, 012, 015 followed by 8 digits; nullopt for anything else.
std::optional<std::string> normalize_egyptian_mobile(std::string_view text);

// One allergy as stored: an allergy class slug from the knowledge base ("penicillins") when the
// text names a class (slug, singular, label in English or Arabic: "Penicillin", "البنسلينات"),
// else an ingredient's English INN when it names one ("amoxicillin", "أموكسيسيلين"), else nullopt.
std::optional<std::string> normalize_allergy(const domain::KnowledgeBase& kb, std::string_view text);

// Normalises every entry (duplicates removed, order kept). Unknown entries are
// ErrorKind::rule_broken with a field error per entry ("allergies[2]").
Result<std::vector<std::string>> normalize_allergies(const domain::KnowledgeBase& kb,
                                                     const std::vector<std::string>& allergies);

// Chronic conditions: ICD-10 codes ("E11", "I10", "E11.9", normalised to upper case) or short text
// (2-100 characters); duplicates removed. Field errors "conditions[i]".
Result<std::vector<std::string>> normalize_conditions(const std::vector<std::string>& conditions);

// Governorate given beside the ID: a code (1, "01", "٠١") or a name in English or Arabic.
std::optional<int> parse_governorate(std::string_view text);

}  // namespace hf::service
