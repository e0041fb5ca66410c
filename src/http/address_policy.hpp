#pragma once
// Which addresses a webhook may be delivered to (server-side request forgery): only public
// unicast ones. Pure functions of the address bytes, so the rules can be tested exhaustively.
//
// An IPv6 address can carry an IPv4 address that the network delivers to (RFC 6052 NAT64,
// RFC 3056 6to4, RFC 4380 Teredo, RFC 4291 IPv4-compatible and IPv4-mapped, RFC 2765
// IPv4-translated); the embedded IPv4 address is judged by the IPv4 rules, so
// http://[64:ff9b::7f00:1]/ is loopback just as http://127.0.0.1/ is.

#include <array>
#include <cstdint>
#include <optional>

namespace hf::http {

using Ipv6Bytes = std::array<std::uint8_t, 16>;

// 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16,
// 198.18/15, 198.51.100/24, 203.0.113/24, multicast and 240/4 (host byte order).
bool is_non_public_ipv4(std::uint32_t address);

// The IPv4 address a packet to this IPv6 address ends up at, for the forms above.
std::optional<std::uint32_t> embedded_ipv4(const Ipv6Bytes& address);

// Unspecified, loopback, unique-local, link-local, site-local, multicast, documentation,
// discard-only, the NAT64 local-use prefix, or a form embedding a non-public IPv4 address.
bool is_non_public_ipv6(const Ipv6Bytes& address);

}  // namespace hf::http
