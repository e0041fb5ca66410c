#include "http/address_policy.hpp"

namespace hf::http {
namespace {

std::uint32_t ipv4_at(const Ipv6Bytes& b, std::size_t i) {
  return (std::uint32_t{b[i]} << 24) | (std::uint32_t{b[i + 1]} << 16) | (std::uint32_t{b[i + 2]} << 8) | b[i + 3];
}

bool zero(const Ipv6Bytes& b, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (b[i] != 0) return false;
  return true;
}

}  // namespace

bool is_non_public_ipv4(std::uint32_t v) {
  auto in = [v](std::uint32_t net, int bits) { return (v >> (32 - bits)) == (net >> (32 - bits)); };
  return in(0x00000000, 8)      // 0.0.0.0/8 "this network"
         || in(0x0A000000, 8)   // 10/8
         || in(0x64400000, 10)  // 100.64/10 carrier-grade NAT
         || in(0x7F000000, 8)   // 127/8 loopback
         || in(0xA9FE0000, 16)  // 169.254/16 link-local (cloud metadata)
         || in(0xAC100000, 12)  // 172.16/12
         || in(0xC0000000, 24)  // 192.0.0/24 protocol assignments
         || in(0xC0000200, 24)  // 192.0.2/24 documentation
         || in(0xC0A80000, 16)  // 192.168/16
         || in(0xC6120000, 15)  // 198.18/15 benchmarking
         || in(0xC6336400, 24)  // 198.51.100/24 documentation
         || in(0xCB007100, 24)  // 203.0.113/24 documentation
         || in(0xE0000000, 4)   // multicast
         || in(0xF0000000, 4);  // reserved, broadcast
}

std::optional<std::uint32_t> embedded_ipv4(const Ipv6Bytes& b) {
  // ::ffff:a.b.c.d IPv4-mapped (RFC 4291 §2.5.5.2)
  if (zero(b, 0, 10) && b[10] == 0xFF && b[11] == 0xFF) return ipv4_at(b, 12);
  // ::ffff:0:a.b.c.d IPv4-translated (RFC 2765 §2.1)
  if (zero(b, 0, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) return ipv4_at(b, 12);
  // ::a.b.c.d IPv4-compatible (RFC 4291 §2.5.5.1, deprecated but still routed by some stacks);
  // :: and ::1 are this too and come out as 0.0.0.0 and 0.0.0.1, both non-public.
  if (zero(b, 0, 12)) return ipv4_at(b, 12);
  // 64:ff9b::a.b.c.d NAT64 well-known prefix (RFC 6052 §2.1)
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && zero(b, 4, 12)) return ipv4_at(b, 12);
  // 2002:AABB:CCDD::/48 6to4 (RFC 3056 §2)
  if (b[0] == 0x20 && b[1] == 0x02) return ipv4_at(b, 2);
  // 2001:0::/32 Teredo: the client's address is the last 32 bits inverted (RFC 4380 §4)
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return ~ipv4_at(b, 12);
  return std::nullopt;
}

bool is_non_public_ipv6(const Ipv6Bytes& b) {
  if (auto v4 = embedded_ipv4(b)) return is_non_public_ipv4(*v4);
  return (b[0] & 0xFE) == 0xFC                                              // fc00::/7 unique local
         || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)                         // fe80::/10 link-local
         || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)                         // fec0::/10 site-local
         || b[0] == 0xFF                                                    // multicast
         || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)  // 2001:db8::/32 documentation
         || (b[0] == 0x01 && zero(b, 1, 8))                                 // 100::/64 discard-only (RFC 6666)
         // 64:ff9b::/32 outside the well-known /96 (judged above): the local-use 64:ff9b:1::/48
         // (RFC 8215) is translated by a local gateway whose prefix length, and so where the IPv4
         // address sits, we cannot know; the rest is unassigned.
         || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B);
}

}  // namespace hf::http
