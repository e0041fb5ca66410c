#pragma once
// Keeps this server copy's drug search index in step with the directory
// (docs/architecture/catalogue-updates.md). A background thread reads a cheap fingerprint of the
// drugs table (settings.catalogue_version, row count, newest updated_at) every interval and
// rebuilds the index when it changed. The copy that made an edit calls check_now() before it
// answers, so its own next search already sees the change; other copies see it within one
// interval. Searches themselves never touch the database.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "obs/log.hpp"
#include "service/catalog.hpp"
#include "store/database.hpp"

namespace hf::service {

class CatalogueWatcher {
 public:
  CatalogueWatcher(store::Database& db, Catalog& catalog, const obs::Logger& log, std::chrono::milliseconds interval);
  ~CatalogueWatcher();  // stops and joins the thread
  CatalogueWatcher(const CatalogueWatcher&) = delete;
  CatalogueWatcher& operator=(const CatalogueWatcher&) = delete;

  void start();
  void stop();
  // Rebuilds the index now if the directory changed since the last check.
  Status check_now();

 private:
  void run();

  store::Database& db_;
  Catalog& catalog_;
  const obs::Logger& log_;
  std::chrono::milliseconds interval_;
  std::mutex check_mu_;  // one check at a time
  std::string seen_;     // fingerprint the current index was built from
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hf::service
