#pragma once
// Time-based one-time passwords, the second factor (RFC 6238 over RFC 4226 HOTP). Defaults are
// what every authenticator app understands: HMAC-SHA1, 6 digits, 30-second steps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "security/bytes.hpp"
#include "security/digest.hpp"

namespace hf::security {

struct TotpParams {
  HashAlgorithm algorithm = HashAlgorithm::sha1;
  int digits = 6;  // 6 to 8
  std::int64_t step_seconds = 30;
  std::int64_t t0 = 0;
  // Steps either side of now still accepted: one step covers a phone clock a little off and a code
  // typed just as it rolled over (RFC 6238 §5.2 recommends at most one).
  int window = 1;
};

// RFC 4226 §5.3: HOTP value of `counter`, zero-padded to `digits`.
std::string hotp(ByteView secret, std::uint64_t counter, int digits = 6, HashAlgorithm algorithm = HashAlgorithm::sha1);

// The time step (RFC 6238 "T") that `unix_seconds` falls in.
std::int64_t totp_step(std::int64_t unix_seconds, const TotpParams& params = {});
std::string totp(ByteView secret, std::int64_t unix_seconds, const TotpParams& params = {});

// The time step whose code matches, within params.window steps of now. The caller stores it and
// passes it back as `last_used_step` next time: a code, or any code from the same or an earlier
// step, is accepted once only (RFC 6238 §5.2). Error::invalid if `code` is not `digits` digits,
// Error::unauthorized if it does not match or was used already.
Result<std::int64_t> verify_totp(ByteView secret, std::string_view code, std::int64_t now_seconds,
                                 std::optional<std::int64_t> last_used_step, const TotpParams& params = {});

// RFC 4226 §4 R6 recommends 160 bits: 20 random bytes, returned base32 without padding.
inline constexpr std::size_t kTotpSecretBytes = 20;
std::string generate_totp_secret();

// The provisioning URI authenticator apps read from a QR code (Google Authenticator "Key Uri
// Format"): otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view account, std::string_view secret_base32,
                        std::string_view issuer = "HealthFlow", const TotpParams& params = {});

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace hf::security
