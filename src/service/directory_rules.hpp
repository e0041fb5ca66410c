#pragma once
// What a product's directory status allows (DOMAIN.md "Medicine directory, recalls and adverse
// events"). For the prescribing and dispensing services:
//
//   status                 new prescription   dispensing what is already prescribed
//   active                 yes                yes
//   partially_disabled     no                 yes
//   permanently_disabled   no                 no
//   recalled               no                 no (batch recalls: see service/recall_check.hpp)

#include "domain/catalog/drug.hpp"
#include "domain/result.hpp"

namespace hf::service {

// 422 naming the product and its status unless the product is active.
Status check_prescribable(const domain::Drug& drug);

// True when dispensing the product is allowed by its status alone.
bool dispensable_status(domain::DrugStatus status);
// 422 (permanently disabled) or 409 (recalled) naming the product, when dispensable_status is false.
Status check_dispensable(const domain::Drug& drug);

}  // namespace hf::service
