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

Result<Bytes> base64url_decode(std::string_view text) {
  // libsodium 1.0.18 (Debian 12) maps bytes >= 0x80 onto alphabet values instead of refusing them
  // (found by fuzz/fuzz_encoding), which would give one token several accepted spellings.
  for (const char c : text) {
    const bool in_alphabet =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!in_alphabet) return Error::invalid("malformed base64url");
  }
  Bytes out(text.size() * 3 / 4 + 1);
  std::size_t written = 0;
  const char* end = nullptr;
  // libsodium rejects characters outside the alphabet and non-zero leftover bits; `end` tells us
  // whether it stopped early, which we also treat as malformed.
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return Error::invalid("malformed base64url");
  }
  out.resize(written);
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
