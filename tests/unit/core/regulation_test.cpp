// Regulation and integration (issue 7) rules that need no server: directory statuses, the
// webhook address policy, the events gap rule and the in-memory rate limiter.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/batch_number.hpp"
#include "http/client.hpp"
#include "obs/log.hpp"
#include "service/directory_rules.hpp"
#include "service/rate_limit.hpp"
#include "service/webhooks.hpp"
#include "store/recall_repository.hpp"

namespace hf {
namespace {

domain::Drug product(domain::DrugStatus s) {
  domain::Drug d;
  d.id = "d-1";
  d.trade_name = "Panadol 500 mg";
  d.status = s;
  return d;
}

TEST(DirectoryRules, OnlyActiveProductsArePrescribed) {
  EXPECT_TRUE(service::check_prescribable(product(domain::DrugStatus::active)));
  for (auto s : {domain::DrugStatus::partially_disabled, domain::DrugStatus::permanently_disabled,
                 domain::DrugStatus::recalled}) {
    auto r = service::check_prescribable(product(s));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::rule_broken);
    EXPECT_NE(r.error().message.find("Panadol 500 mg"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(std::string(domain::to_string(s))), std::string::npos) << r.error().message;
  }
}

TEST(DirectoryRules, PartiallyDisabledIsStillDispensedPermanentlyDisabledIsNot) {
  EXPECT_TRUE(service::dispensable_status(domain::DrugStatus::active));
  EXPECT_TRUE(service::dispensable_status(domain::DrugStatus::partially_disabled));
  EXPECT_FALSE(service::dispensable_status(domain::DrugStatus::permanently_disabled));
  EXPECT_FALSE(service::dispensable_status(domain::DrugStatus::recalled));
  EXPECT_EQ(service::check_dispensable(product(domain::DrugStatus::recalled)).error().kind, ErrorKind::conflict);
  EXPECT_EQ(service::check_dispensable(product(domain::DrugStatus::permanently_disabled)).error().kind,
            ErrorKind::rule_broken);
}

TEST(RecallBatches, CompareTrimmedAndUpperCased) {
  EXPECT_EQ(domain::normalise_batch_number("  lot-12a \t").value(), "LOT-12A");
  EXPECT_EQ(domain::normalise_batch_number("   ").value(), "");
}

TEST(WebhookAddresses, NonPublicAddressesAreRecognised) {
  for (const char* a : {"127.0.0.1", "127.8.8.8", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1",
                        "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.1.1.1", "not-an-ip"})
    EXPECT_TRUE(http::is_non_public_address(a)) << a;
  for (const char* a :
       {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    EXPECT_FALSE(http::is_non_public_address(a)) << a;
}

TEST(WebhookAddresses, OnlyHttpAndHttpsUrlsWithAHost) {
  auto u = http::parse_target_url("https://hooks.example.org/in?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/in?x=1");
  auto v6 = http::parse_target_url("http://[::1]:8080");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/");
  for (const char* bad : {"ftp://example.org/", "file:///etc/passwd", "example.org", "http://user:pw@example.org/",
                          "javascript:alert(1)"})
    EXPECT_FALSE(http::parse_target_url(bad)) << bad;
}

TEST(WebhookAddresses, LiteralPrivateTargetsAreRefusedUnlessAllowed) {
  auto u = http::parse_target_url("http://127.0.0.1:9/");
  ASSERT_TRUE(u);
  EXPECT_FALSE(http::resolve_public(*u, false));
  EXPECT_TRUE(http::resolve_public(*u, true));
}

store::EventRow event(int64_t seq, int64_t at) {
  return {seq, "e" + std::to_string(seq), "t.x", at, "{}"};
}

TEST(EventFeed, StopsBeforeAFreshGapAndPassesAnOldOne) {
  const int64_t now = 1'000'000;
  auto fresh = service::settled_events({event(5, now), event(6, now), event(8, now - 10)}, 4, now);
  ASSERT_EQ(fresh.size(), 2u);  // seq 7 may still commit
  EXPECT_EQ(fresh.back().seq, 6);
  auto old = service::settled_events({event(5, now), event(8, now - service::kEventGapWaitMs)}, 4, now);
  EXPECT_EQ(old.size(), 2u);  // seq 6 and 7 are long gone (rolled back)
  auto first_gap = service::settled_events({event(7, now)}, 4, now);
  EXPECT_TRUE(first_gap.empty());
}

TEST(RateLimiter, CountsDownThenRefusesUntilTheWindowEnds) {
  obs::Logger log(obs::Level::error);
  service::RateLimiter limiter(nullptr, log, std::chrono::milliseconds(1000));
  const int64_t t0 = 7 * service::RateLimiter::kWindowMs + 1000;
  for (int i = 0; i < 3; ++i) {
    auto d = limiter.hit("user:a", 3, t0);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_EQ(d.reset_seconds, 3599);
  }
  auto over = limiter.hit("user:a", 3, t0 + 1);
  EXPECT_FALSE(over.allowed);
  EXPECT_EQ(over.remaining, 0);
  EXPECT_TRUE(limiter.hit("user:b", 3, t0).allowed);  // another caller
  EXPECT_FALSE(limiter.peek("user:a", 3, t0).allowed);
  EXPECT_TRUE(limiter.hit("user:a", 3, t0 + service::RateLimiter::kWindowMs).allowed);  // next hour
}

}  // namespace
}  // namespace hf
