#include "domain/catalog/drug.hpp"

namespace hf::domain {

std::string_view to_string(DrugStatus status) {
  switch (status) {
    case DrugStatus::active:
      return "active";
    case DrugStatus::partially_disabled:
      return "partially_disabled";
    case DrugStatus::permanently_disabled:
      return "permanently_disabled";
    case DrugStatus::recalled:
      return "recalled";
  }
  return "active";
}

std::optional<DrugStatus> parse_drug_status(std::string_view text) {
  for (DrugStatus s :
       {DrugStatus::active, DrugStatus::partially_disabled, DrugStatus::permanently_disabled, DrugStatus::recalled}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace hf::domain
