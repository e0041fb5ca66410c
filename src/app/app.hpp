#pragma once
// Everything a request handler may use, built once at start-up (cli/serve) and passed by
// reference: no global mutable state. Later issues add their services here.

#include <memory>

#include "app/config.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "security/breached_passwords.hpp"
#include "security/password_hasher.hpp"
#include "service/catalog.hpp"
#include "service/directory_watch.hpp"
#include "service/rate_limit.hpp"
#include "service/webhook_worker.hpp"
#include "store/database.hpp"

namespace hf::app {

struct App {
  Config config;
  std::unique_ptr<obs::Logger> log;
  obs::Metrics metrics;
  std::unique_ptr<store::Database> db;
  int latest_schema_version = 0;
  // Drug search index and clinical knowledge base (issue 4); set by open_services() before serving.
  std::unique_ptr<service::Catalog> catalog;

  // Identity (issue 3).
  std::unique_ptr<security::PasswordHasher> hasher;
  security::BreachedPasswords breached_passwords;

  // Regulation and integration (issue 7), declared last so that they stop before what they use:
  // the search index follower, the request quotas and the webhook delivery worker. Created by
  // open_services(); started by start_workers() when serving.
  std::unique_ptr<service::CatalogueWatcher> catalogue_watcher;
  std::unique_ptr<service::RateLimiter> rate_limiter;
  std::unique_ptr<service::WebhookWorker> webhook_worker;
};

}  // namespace hf::app
