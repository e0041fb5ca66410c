#pragma once
// Which pharmacy verified which prescription, and when (migrations/0009_dispense_verification):
// dispensing asks for a recent verification by the same pharmacy. SQL as named constants in the
// .cpp; the caller owns the transaction.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

// Records (or refreshes) a successful verification of the prescription by the facility.
Status record_verification(Connection& c, const std::string& prescription_id, const std::string& facility_id,
                           const std::string& verified_by, int64_t verified_at);
// When the facility last verified the prescription; nullopt if it never did.
Result<std::optional<int64_t>> last_verification(Connection& c, const std::string& prescription_id,
                                                 const std::string& facility_id);

}  // namespace hf::store
