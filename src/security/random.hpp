#pragma once
// Unpredictable values from the operating system's CSPRNG (libsodium randombytes): ids, opaque
// tokens, secrets. Never std::rand or <random> for anything an attacker could benefit from guessing.

#include <cstddef>
#include <string>
#include <string_view>

#include "security/bytes.hpp"
#include "security/digest.hpp"  // sha256_hex / hmac_sha256 are listed with these in the design

namespace hf::security {

Bytes random_bytes(std::size_t count);

// RFC 9562 version 4: lower-case, hyphenated (CONVENTIONS.md "Ids are UUID v4 strings").
std::string uuid_v4();

// An opaque bearer secret: prefix + base64url(bytes), e.g. "hfr_" + 43 characters for a refresh
// token. The prefix lets secret scanners and humans recognise a leaked token; 32 bytes = 256 bits.
inline constexpr std::size_t kTokenBytes = 32;
std::string random_token(std::string_view prefix, std::size_t bytes = kTokenBytes);

}  // namespace hf::security
