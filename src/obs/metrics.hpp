#pragma once
// Prometheus text exposition for GET /metrics: request counts and latency histograms by route
// and status, error counts, DB pool, cache hits/misses, business counters, process CPU/memory.

#include <array>
#include <map>
#include <mutex>
#include <string>

#include "store/database.hpp"

namespace hf::obs {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  void observe_request(const std::string& route, const std::string& method, int status, double seconds);
  // A business or cache counter, e.g. inc("prescriptions_created_total").
  void inc(const std::string& name, double by = 1.0);
  // A value that goes up and down, e.g. set("catalog_index_bytes", n).
  void set(const std::string& name, double value);
  // A counter kept elsewhere (e.g. by the write queue), copied in before rendering.
  void set_total(const std::string& name, double value);
  std::string render(const store::PoolStats& pool) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> requests_;    // labels -> count
  std::map<std::string, Histogram> durations_;  // route/method labels -> histogram
  std::map<std::string, double> counters_;
  std::map<std::string, double> gauges_;
};

}  // namespace hf::obs
