#pragma once
// Which passwords a user may choose (NIST SP 800-63B §5.1.1.2, OWASP ASVS 4.0 V2.1): at least 12
// and at most 128 characters counted in Unicode code points, any Unicode allowed, never truncated,
// no composition rules (they push people to "Password1!"), and nothing from a breached list.

#include <cstddef>
#include <string_view>

#include "domain/result.hpp"
#include "security/breached_passwords.hpp"

namespace hf::security {

inline constexpr std::size_t kPasswordMinCodePoints = 12;   // ASVS 2.1.1
inline constexpr std::size_t kPasswordMaxCodePoints = 128;  // ASVS 2.1.2: at least 64 allowed

// ok, or Error::rule with a field error on "password". The message never repeats the password.
Status check_password_policy(std::string_view password, const BreachedPasswords& breached);

}  // namespace hf::security
