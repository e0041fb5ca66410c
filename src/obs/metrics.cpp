#include "obs/metrics.hpp"

#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <sstream>

namespace hf::obs {
namespace {

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void process_figures(std::ostringstream& o) {
  long pages = 0, resident = 0;
  std::ifstream statm("/proc/self/statm");
  statm >> pages >> resident;
  const long page = sysconf(_SC_PAGESIZE);
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  double cpu = 0;
  const auto close = content.rfind(')');
  if (close != std::string::npos) {
    std::istringstream rest(content.substr(close + 2));
    std::string field;
    unsigned long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stoul(field);
      if (i == 15) stime = std::stoul(field);
    }
    cpu = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  o << "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
    << "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " << resident * page << "\n"
    << "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
    << "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " << cpu << "\n";
}

}  // namespace

void Metrics::observe_request(const std::string& route, const std::string& method, int status, double seconds) {
  const std::string r = escape(route.empty() ? "unmatched" : route);
  std::string key = "route=\"" + r + "\",method=\"" + method + "\",status=\"" + std::to_string(status) + "\"";
  std::string hkey = "route=\"" + r + "\",method=\"" + method + "\"";
  std::lock_guard lock(mu_);
  ++requests_[key];
  auto& h = durations_[hkey];
  ++h.count;
  h.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  if (status >= 500) counters_["http_server_errors_total"] += 1;
}

void Metrics::inc(const std::string& name, double by) {
  std::lock_guard lock(mu_);
  counters_[name] += by;
}

void Metrics::set(const std::string& name, double value) {
  std::lock_guard lock(mu_);
  gauges_[name] = value;
}

void Metrics::set_total(const std::string& name, double value) {
  std::lock_guard lock(mu_);
  counters_[name] = value;
}

std::string Metrics::render(const store::PoolStats& pool) const {
  std::ostringstream o;
  // Counters print whole: at the stream's default 6 significant digits a count past 999,999 would
  // read 1.23457e+06, and a difference of two scrapes would be off by thousands.
  o << std::setprecision(15);
  {
    std::lock_guard lock(mu_);
    o << "# HELP http_requests_total HTTP requests by route pattern, method and status.\n"
      << "# TYPE http_requests_total counter\n";
    for (const auto& [k, v] : requests_) o << "http_requests_total{" << k << "} " << v << "\n";
    o << "# HELP http_request_duration_seconds Time from request read to response ready.\n"
      << "# TYPE http_request_duration_seconds histogram\n";
    for (const auto& [k, h] : durations_) {
      for (size_t i = 0; i < kBuckets.size(); ++i)
        o << "http_request_duration_seconds_bucket{" << k << ",le=\"" << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
      o << "http_request_duration_seconds_bucket{" << k << ",le=\"+Inf\"} " << h.count << "\n";
      o << "http_request_duration_seconds_sum{" << k << "} " << h.sum << "\n";
      o << "http_request_duration_seconds_count{" << k << "} " << h.count << "\n";
    }
    for (const auto& [k, v] : counters_) o << "# TYPE " << k << " counter\n" << k << " " << v << "\n";
    for (const auto& [k, v] : gauges_) o << "# TYPE " << k << " gauge\n" << k << " " << v << "\n";
    for (const char* must : {"http_server_errors_total", "cache_hits_total", "cache_misses_total",
                             "prescriptions_created_total", "dispensations_total"}) {
      if (!counters_.count(must)) o << "# TYPE " << must << " counter\n" << must << " 0\n";
    }
  }
  o << "# HELP db_pool_in_use Database connections in use.\n# TYPE db_pool_in_use gauge\ndb_pool_in_use " << pool.in_use
    << "\n"
    << "# HELP db_pool_idle Idle database connections.\n# TYPE db_pool_idle gauge\ndb_pool_idle " << pool.idle << "\n"
    << "# HELP db_pool_waiting Requests waiting for a connection.\n# TYPE db_pool_waiting gauge\ndb_pool_waiting "
    << pool.waiting << "\n"
    << "# HELP db_pool_wait_seconds_total Time spent waiting for a connection.\n"
    << "# TYPE db_pool_wait_seconds_total counter\ndb_pool_wait_seconds_total " << pool.wait_seconds_total << "\n"
    << "# HELP db_pool_size Configured pool size.\n# TYPE db_pool_size gauge\ndb_pool_size " << pool.size << "\n";
  process_figures(o);
  return o.str();
}

}  // namespace hf::obs
