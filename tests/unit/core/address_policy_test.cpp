// Webhook targets (http/address_policy.hpp): IPv6 forms of IPv4 addresses are judged by the IPv4
// rules, so none of them reaches loopback, private or link-local space.
#include "http/address_policy.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <string>

namespace hf::http {
namespace {

bool non_public(const std::string& literal) {
  const auto a = boost::asio::ip::make_address(literal);
  return a.is_v4() ? is_non_public_ipv4(a.to_v4().to_uint()) : is_non_public_ipv6(a.to_v6().to_bytes());
}

struct Case {
  const char* address;
  bool refused;
  const char* why;
};

TEST(AddressPolicy, Ipv4Ranges) {
  const Case cases[] = {
      {"127.0.0.1", true, "loopback"},        {"10.1.2.3", true, "private"},
      {"172.16.0.1", true, "private"},        {"172.31.255.255", true, "private"},
      {"172.32.0.1", false, "public"},        {"192.168.1.1", true, "private"},
      {"169.254.169.254", true, "metadata"},  {"100.64.0.1", true, "CGNAT"},
      {"0.0.0.0", true, "this network"},      {"224.0.0.1", true, "multicast"},
      {"255.255.255.255", true, "broadcast"}, {"192.0.2.1", true, "documentation"},
      {"198.18.0.1", true, "benchmarking"},   {"8.8.8.8", false, "public"},
      {"1.1.1.1", false, "public"},           {"93.184.216.34", false, "public"},
  };
  for (const auto& c : cases) EXPECT_EQ(non_public(c.address), c.refused) << c.address << " (" << c.why << ")";
}

TEST(AddressPolicy, Ipv6FormsOfIpv4AddressesFollowTheIpv4Rules) {
  const Case cases[] = {
      // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
      {"64:ff9b::7f00:1", true, "NAT64 of 127.0.0.1"},
      {"64:ff9b::a9fe:a9fe", true, "NAT64 of 169.254.169.254"},
      {"64:ff9b::10.0.0.1", true, "NAT64 of 10.0.0.1"},
      {"64:ff9b::808:808", false, "NAT64 of 8.8.8.8"},
      // NAT64 local-use 64:ff9b:1::/48 (RFC 8215): local by definition
      {"64:ff9b:1::7f00:1", true, "local-use NAT64"},
      {"64:ff9b:1:7f00:1::", true, "local-use NAT64, /48 layout"},
      {"64:ff9b:1::808:808", true, "local-use NAT64 of a public address"},
      // 6to4 2002::/16 (RFC 3056)
      {"2002:7f00:1::", true, "6to4 of 127.0.0.1"},
      {"2002:c0a8:101::1", true, "6to4 of 192.168.1.1"},
      {"2002:a9fe:a9fe::", true, "6to4 of 169.254.169.254"},
      {"2002:808:808::1", false, "6to4 of 8.8.8.8"},
      // IPv4-compatible ::/96 (RFC 4291)
      {"::127.0.0.1", true, "IPv4-compatible 127.0.0.1"},
      {"::a00:1", true, "IPv4-compatible 10.0.0.1"},
      {"::8.8.8.8", false, "IPv4-compatible 8.8.8.8"},
      // IPv4-mapped ::ffff:0:0/96
      {"::ffff:127.0.0.1", true, "IPv4-mapped 127.0.0.1"},
      {"::ffff:c0a8:1", true, "IPv4-mapped 192.168.0.1"},
      {"::ffff:8.8.8.8", false, "IPv4-mapped 8.8.8.8"},
      // IPv4-translated ::ffff:0:0:0/96 (RFC 2765)
      {"::ffff:0:7f00:1", true, "IPv4-translated 127.0.0.1"},
      {"::ffff:0:808:808", false, "IPv4-translated 8.8.8.8"},
      // Teredo 2001::/32: client address = NOT of the last 32 bits (RFC 4380)
      {"2001:0:4136:e378:8000:63bf:80ff:fffe", true, "Teredo client 127.0.0.1"},
      {"2001:0:4136:e378:8000:63bf:f5ff:fffe", true, "Teredo client 10.0.0.1"},
      {"2001:0:4136:e378:8000:63bf:3ff7:f7f7", false, "Teredo client 192.8.8.8"},
      // IPv6's own non-public ranges
      {"::1", true, "loopback"},
      {"::", true, "unspecified"},
      {"fc00::1", true, "unique local"},
      {"fd12:3456::1", true, "unique local"},
      {"fe80::1", true, "link-local"},
      {"fec0::1", true, "site-local"},
      {"ff02::1", true, "multicast"},
      {"2001:db8::1", true, "documentation"},
      {"100::1", true, "discard-only"},
      {"2606:4700:4700::1111", false, "public"},
      {"2a00:1450:4001:80b::200e", false, "public"},
      {"2001:4860:4860::8888", false, "public (2001:4860::/32 is not Teredo)"},
  };
  for (const auto& c : cases) EXPECT_EQ(non_public(c.address), c.refused) << c.address << " (" << c.why << ")";
}

TEST(AddressPolicy, EmbeddedIpv4IsFoundWhereEachFormPutsIt) {
  const std::pair<const char*, const char*> cases[] = {
      {"64:ff9b::7f00:1", "127.0.0.1"},    {"2002:7f00:1::", "127.0.0.1"},
      {"::127.0.0.1", "127.0.0.1"},        {"::ffff:127.0.0.1", "127.0.0.1"},
      {"::ffff:0:127.0.0.1", "127.0.0.1"}, {"2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"},
  };
  for (const auto& [v6, v4] : cases) {
    auto got = embedded_ipv4(boost::asio::ip::make_address_v6(v6).to_bytes());
    ASSERT_TRUE(got.has_value()) << v6;
    EXPECT_EQ(*got, boost::asio::ip::make_address_v4(v4).to_uint()) << v6;
  }
  EXPECT_FALSE(embedded_ipv4(boost::asio::ip::make_address_v6("2606:4700:4700::1111").to_bytes()).has_value());
}

}  // namespace
}  // namespace hf::http
