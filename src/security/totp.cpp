#include "security/totp.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "security/encoding.hpp"
#include "security/random.hpp"

namespace hf::security {

namespace {

constexpr std::array<std::uint32_t, 9> kPowersOfTen = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

int clamp_digits(int digits) {
  return std::clamp(digits, 6, 8);
}

std::string_view algorithm_name(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::sha1:
      return "SHA1";
    case HashAlgorithm::sha256:
      return "SHA256";
    case HashAlgorithm::sha512:
      return "SHA512";
  }
  return "SHA1";  // can't happen: every enumerator is handled above
}

}  // namespace

std::string hotp(ByteView secret, std::uint64_t counter, int digits, HashAlgorithm algorithm) {
  digits = clamp_digits(digits);
  std::array<std::uint8_t, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(counter & 0xFF);
    counter >>= 8;
  }
  const Bytes mac = hmac(algorithm, secret, message);
  // Dynamic truncation (RFC 4226 §5.3): the low nibble of the last byte picks 4 bytes.
  const std::size_t offset = mac.back() & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::string code = std::to_string(binary % kPowersOfTen[static_cast<std::size_t>(digits)]);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

std::int64_t totp_step(std::int64_t unix_seconds, const TotpParams& params) {
  const std::int64_t elapsed = unix_seconds - params.t0;
  // Floor division, so a time before t0 does not land in step 0.
  return elapsed >= 0 ? elapsed / params.step_seconds : -((-elapsed + params.step_seconds - 1) / params.step_seconds);
}

std::string totp(ByteView secret, std::int64_t unix_seconds, const TotpParams& params) {
  return hotp(secret, static_cast<std::uint64_t>(totp_step(unix_seconds, params)), params.digits, params.algorithm);
}

Result<std::int64_t> verify_totp(ByteView secret, std::string_view code, std::int64_t now_seconds,
                                 std::optional<std::int64_t> last_used_step, const TotpParams& params) {
  const int digits = clamp_digits(params.digits);
  if (code.size() != static_cast<std::size_t>(digits) ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Error::invalid("the code must be " + std::to_string(digits) + " digits");
  }
  const std::int64_t now_step = totp_step(now_seconds, params);
  std::optional<std::int64_t> matched;
  bool replayed = false;
  // Every step in the window is computed and compared in constant time, so timing says nothing
  // about which step (or whether any) matched.
  for (std::int64_t step = now_step - params.window; step <= now_step + params.window; ++step) {
    if (step < 0) continue;
    const std::string expected = hotp(secret, static_cast<std::uint64_t>(step), digits, params.algorithm);
    if (!constant_time_equals(std::string_view(expected), code)) continue;
    if (last_used_step && step <= *last_used_step) {
      replayed = true;
    } else if (!matched) {
      matched = step;
    }
  }
  if (matched) return *matched;
  if (replayed) return Error::unauthorized("this code has already been used; wait for the next one");
  return Error::unauthorized("invalid code");
}

std::string generate_totp_secret() {
  auto secret = random_bytes(kTotpSecretBytes);
  std::string encoded = base32_encode(secret, Base32Padding::without);
  sodium_memzero(secret.data(), secret.size());
  return encoded;
}

std::string percent_encode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte == '-' ||
        byte == '.' || byte == '_' || byte == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view account, std::string_view secret_base32, std::string_view issuer,
                        const TotpParams& params) {
  // The label's ':' separates issuer and account, so a ':' inside either is encoded (%3A).
  std::string uri = "otpauth://totp/" + percent_encode(issuer) + ":" + percent_encode(account);
  uri += "?secret=" + percent_encode(secret_base32);
  uri += "&issuer=" + percent_encode(issuer);
  uri += "&algorithm=" + std::string(algorithm_name(params.algorithm));
  uri += "&digits=" + std::to_string(clamp_digits(params.digits));
  uri += "&period=" + std::to_string(params.step_seconds);
  return uri;
}

}  // namespace hf::security
