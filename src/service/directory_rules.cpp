#include "service/directory_rules.hpp"

#include <string>

namespace hf::service {
namespace {

std::string status_words(domain::DrugStatus s) {
  switch (s) {
    case domain::DrugStatus::active:
      return "active";
    case domain::DrugStatus::partially_disabled:
      return "partially disabled";
    case domain::DrugStatus::permanently_disabled:
      return "permanently disabled";
    case domain::DrugStatus::recalled:
      return "recalled";
  }
  return "unknown";
}

}  // namespace

Status check_prescribable(const domain::Drug& drug) {
  if (drug.status == domain::DrugStatus::active) return ok_status();
  return Error::rule(drug.trade_name + " cannot be prescribed: the product is " + status_words(drug.status) +
                         " in the medicine directory (status " + std::string(domain::to_string(drug.status)) + ").",
                     {{"drug_id", drug.id + " is " + std::string(domain::to_string(drug.status))}});
}

bool dispensable_status(domain::DrugStatus status) {
  return status == domain::DrugStatus::active || status == domain::DrugStatus::partially_disabled;
}

Status check_dispensable(const domain::Drug& drug) {
  if (dispensable_status(drug.status)) return ok_status();
  if (drug.status == domain::DrugStatus::recalled)
    return Error::conflict(drug.trade_name + " cannot be dispensed: the product is recalled.");
  return Error::rule(drug.trade_name +
                         " cannot be dispensed: the product is permanently disabled in the medicine "
                         "directory (status permanently_disabled).",
                     {{"drug_id", drug.id + " is permanently_disabled"}});
}

}  // namespace hf::service
