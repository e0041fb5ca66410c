#pragma once
// Text encodings of bytes: base64url (JWT, tokens, JWK), base32 (TOTP secrets), hex (digests), and
// a constant-time comparison for anything secret. Decoders take untrusted text and return Result.

#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "security/bytes.hpp"

namespace hf::security {

// RFC 4648 §5 alphabet, without '=' padding (RFC 7515 §2).
std::string base64url_encode(ByteView bytes);
std::string base64url_encode(std::string_view text);
// Strict: refuses padding, '+', '/', whitespace, impossible lengths and non-zero trailing bits, so
// each byte string has exactly one accepted encoding.
Result<Bytes> base64url_decode(std::string_view text);

enum class Base32Padding { with, without };
// RFC 4648 §6 alphabet (A-Z, 2-7). Authenticator apps expect it without padding.
std::string base32_encode(ByteView bytes, Base32Padding padding = Base32Padding::with);
// Accepts upper or lower case and optional trailing '=' (people type secrets by hand); refuses
// anything else.
Result<Bytes> base32_decode(std::string_view text);

// Lower-case hex.
std::string hex_encode(ByteView bytes);
Result<Bytes> hex_decode(std::string_view text);

// Time independent of where the contents differ (the length is treated as public).
bool constant_time_equals(ByteView a, ByteView b);
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace hf::security
