#pragma once
// Hashes and MACs: SHA-256 for fingerprints and for storing opaque tokens (a database leak must not
// hand out working refresh tokens or API keys), HMAC-SHA256 for webhook signatures and JWTs.

#include <string>
#include <string_view>

#include "security/bytes.hpp"

namespace hf::security {

enum class HashAlgorithm { sha1, sha256, sha512 };

Bytes sha256(ByteView data);
std::string sha256_hex(ByteView data);
std::string sha256_hex(std::string_view data);

// RFC 2104 HMAC. Any key length (including empty) is accepted, as the RFC allows.
Bytes hmac(HashAlgorithm algorithm, ByteView key, ByteView data);
Bytes hmac_sha256(ByteView key, ByteView data);
std::string hmac_sha256_hex(ByteView key, ByteView data);

// The X-HealthFlow-Signature header value for a webhook delivery (API.md): "sha256=<hex>".
std::string webhook_signature(std::string_view secret, std::string_view body);

}  // namespace hf::security
