#include "security/encoding.hpp"

#include <sodium.h>

#include <array>

namespace hf::security {

std::string base64url_encode(ByteView bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.resize(out.size() - 1);  // libsodium writes a terminating NUL
  return out;
}

std::string base64url_encode(std::string_view text) {
  return base64url_encode(as_bytes(text));
}

namespace {

// 0-63 for the RFC 4648 §5 alphabet, 64 for anything else (bytes >= 0x80 included).
constexpr std::array<std::uint8_t, 256> base64url_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 64;
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  return t;
}
constexpr auto kBase64url = base64url_table();

}  // namespace

// A table lookup per character rather than libsodium's constant-time decoder (and its copy of
// the alphabet check): what is decoded per request is not secret (tokens' headers, claims and
// MACs, compared in constant time afterwards; cursors; ciphertexts), keys are decoded once at
// start-up, and this runs for every token a server copy first sees.
Result<Bytes> base64url_decode(std::string_view text) {
  // Four characters carry three bytes; a final group of one character cannot end on a byte.
  if (text.size() % 4 == 1) return Error::invalid("malformed base64url");
  Bytes out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const std::uint8_t value = kBase64url[static_cast<unsigned char>(c)];
    if (value == 64) return Error::invalid("malformed base64url");
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
  }
  // Leftover bits must be zero, so each byte string has exactly one accepted spelling.
  if ((buffer & ((1U << bits) - 1U)) != 0) return Error::invalid("malformed base64url");
  return out;
}

namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string base32_encode(ByteView bytes, Base32Padding padding) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 0x1F]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  if (padding == Base32Padding::with) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

Result<Bytes> base32_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters cannot end on a byte.
  const std::size_t tail = text.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) return Error::invalid("malformed base32");
  Bytes out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base32_value(c);
    if (value < 0) return Error::invalid("malformed base32");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  if ((buffer & ((1U << bits) - 1U)) != 0) return Error::invalid("malformed base32");
  return out;
}

std::string hex_encode(ByteView bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return Error::invalid("malformed hex");
  if (text.empty()) return Bytes{};  // libsodium wants a non-null output buffer
  Bytes out(text.size() / 2);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end) != 0 ||
      end != text.data() + text.size() || written != out.size()) {
    return Error::invalid("malformed hex");
  }
  return out;
}

bool constant_time_equals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  return constant_time_equals(as_bytes(a), as_bytes(b));
}

}  // namespace hf::security
