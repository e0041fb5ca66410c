// GET /metrics text (obs/metrics.hpp): counters are exact however large they grow.
#include "obs/metrics.hpp"

#include <gtest/gtest.h>

namespace hf::obs {
namespace {

TEST(Metrics, LargeCountersPrintWhole) {
  Metrics m;
  m.set_total("db_statements_total", 123456789.0);
  m.inc("dispensations_total", 1000001.0);
  const auto text = m.render(store::PoolStats{});
  EXPECT_NE(text.find("\ndb_statements_total 123456789\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ndispensations_total 1000001\n"), std::string::npos) << text;
}

TEST(Metrics, BucketBoundsKeepTheirShortForm) {
  Metrics m;
  m.observe_request("/x", "GET", 200, 0.0003);
  const auto text = m.render(store::PoolStats{});
  EXPECT_NE(text.find("le=\"0.0005\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"2.5\"} 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace hf::obs
