#pragma once
// The columns sealed at rest (security/data_cipher.hpp) and the two steps every repository takes
// with them: seal on the way in, open on the way out. The column names are the associated data
// of each sealed value, so they must never change (a rename would need a re-seal).

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store::columns {

inline constexpr std::string_view kUserTotpSecret = "users.totp_secret";
inline constexpr std::string_view kUserTotpPending = "users.totp_pending_secret";
inline constexpr std::string_view kUserNationalId = "users.national_id";
inline constexpr std::string_view kUserPhone = "users.phone";
inline constexpr std::string_view kPatientNationalId = "patients.national_id";
inline constexpr std::string_view kPatientPhone = "patients.phone";
inline constexpr std::string_view kWebhookSecret = "webhooks.secret";
inline constexpr std::string_view kSmsPhone = "sms_outbox.phone";

// The sealed value as a parameter; NULL for an empty or absent value (nothing to protect).
Result<Param> sealed(const Connection& c, std::string_view column, const std::string& plain);
Result<Param> sealed(const Connection& c, std::string_view column, const std::optional<std::string>& plain);
// The clear value of cell i; empty / nullopt for NULL.
Result<std::string> opened(const Connection& c, std::string_view column, const Row& row, size_t i);
Result<std::optional<std::string>> opened_optional(const Connection& c, std::string_view column, const Row& row,
                                                   size_t i);

}  // namespace hf::store::columns
