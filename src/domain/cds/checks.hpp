#pragma once
// Internal to the CDS engine: one function per kind of alert, each appending to `out`.
// engine.cpp runs them all and orders the result.

#include <string>
#include <vector>

#include "domain/cds/engine.hpp"

namespace hf::domain::cds_detail {

void check_interactions(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                        std::vector<Alert>& out);
void check_allergies(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                     std::vector<Alert>& out);
void check_duplicates(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                      std::vector<Alert>& out);
void check_max_dose(const KnowledgeBase& kb, const std::vector<ProposedItem>& items, std::vector<Alert>& out);
void check_age(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
               std::vector<Alert>& out);

// Shared wording helpers.
std::string severity_ar(Severity s);
std::string product_en(const Drug& d);
std::string product_ar(const Drug& d);
std::string product_en(const ActiveItem& a);
std::string product_ar(const ActiveItem& a);
std::string ingredient_ar(const KnowledgeBase& kb, const std::string& name);
std::string format_amount(double value);

// Systemic routes: where age limits apply. A tetracycline eye ointment in a newborn or a salicylic
// acid cream is not what "aspirin under 16" is about.
bool is_systemic_route(const std::string& route);
// Enteral routes: where the knowledge base's maxima apply. CONVENTIONS.md defines max_daily_dose as
// the adult ORAL maximum; parenteral maxima differ (ketorolac: 40 mg oral, 120 mg IM), so holding an
// injection to the oral figure would raise false blocking alerts.
bool is_enteral_route(const std::string& route);

}  // namespace hf::domain::cds_detail
