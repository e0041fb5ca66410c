#pragma once
// A minimal blocking HTTP/1.1 client for webhook deliveries: one POST, one overall
// deadline, HTTP or HTTPS (certificate and host name verified). Addresses are checked after
// resolution, so a host name that resolves to a loopback, link-local or private address is
// refused too (server-side request forgery; also defeats DNS rebinding between registration and
// delivery). Only client.cpp includes Beast/Asio.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"

namespace hf::http {

struct TargetUrl {
  std::string scheme;  // http | https
  std::string host;    // name or address literal (IPv6 without brackets)
  std::string port;    // always set (80/443 by default)
  std::string target;  // path and query, at least "/"
};

// http/https URLs only, no user:password@, a host; 400-style message in the Error otherwise.
Result<TargetUrl> parse_target_url(std::string_view url);

// Loopback, link-local, private, unspecified, multicast or otherwise not a public unicast address
// (127/8, 10/8, 172.16/12, 192.168/16, 169.254/16, 0/8, 100.64/10, ::1, ::, fc00::/7, fe80::/10, ...),
// including IPv6 forms that embed such an IPv4 address (http/address_policy.hpp).
bool is_non_public_address(std::string_view address_literal);

// Resolves the host (a literal answers itself). Error::rule when it does not resolve, or when
// any of its addresses is non-public and allow_private is false.
Result<std::vector<std::string>> resolve_public(const TargetUrl& url, bool allow_private);

struct PostResult {
  int status = 0;     // HTTP status; 0 when no answer arrived
  std::string error;  // why there was no answer (timeout, refused, address not allowed, TLS)
};

PostResult post(const TargetUrl& url, const std::vector<std::pair<std::string, std::string>>& headers,
                const std::string& body, std::chrono::milliseconds timeout, bool allow_private);

}  // namespace hf::http
