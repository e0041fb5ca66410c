#include <iostream>

#include "api/pipeline.hpp"
#include "api/routes.hpp"
#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "http/server.hpp"

namespace hf::cli {

int serve(app::Config config, const ServeOptions& options) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  app::App& a = *opened->app;
  store::Migrator migrator(*a.db, opened->migrations);
  auto states = migrator.status();
  if (!states) {
    std::cerr << "healthflow: cannot read the migration state: " << states.error().message << "\n";
    return 1;
  }
  auto pending = migrator.pending_names(*states);
  if (!pending.empty()) {
    if (!options.migrate) {
      std::string names;
      for (const auto& n : pending) names += (names.empty() ? "" : ", ") + n;
      std::cerr << "healthflow: the database has pending migrations (" << names
                << "). Run `healthflow migrate up` first, or start with `serve --migrate`.\n";
      return 1;
    }
    auto applied = migrator.up();
    if (!applied) {
      std::cerr << "healthflow: migration failed: " << applied.error().message << "\n";
      return 1;
    }
    a.log->info("migrations applied", {{"count", static_cast<int64_t>(applied->size())}});
  }
  if (auto s = app::open_services(a); !s) {
    std::cerr << "healthflow: cannot load the drug catalogue: " << s.error().message << "\n";
    for (const auto& f : s.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  }
  if (a.config.test_hooks) a.log->warn("HF_TEST_HOOKS=1: test-only endpoints are enabled");
  if (!a.config.rate_limits) a.log->warn("RATE_LIMITS=off: rate limiting is disabled (load tests only)");

  api::Pipeline pipeline(a, api::build_routes(a));
  http::ServerOptions so;
  so.host = a.config.host;
  so.port = a.config.port;
  so.io_threads = a.config.threads;
  // More workers than connections: audited reads give their connection back while they wait for
  // the audit group commit, and a waiting worker costs only its stack.
  so.worker_threads = std::max(32, 2 * a.config.db_pool_size);
  so.request_timeout = std::chrono::seconds(a.config.request_timeout_seconds);
  so.drain_timeout = std::chrono::seconds(a.config.drain_timeout_seconds);
  so.trust_proxy = a.config.trust_proxy;
  http::Server server(so, pipeline);
  uint16_t port = 0;
  if (auto err = server.listen(port); !err.empty()) {
    std::cerr << "healthflow: " << err << "\n";
    return 1;
  }
  a.log->info("listening", {{"host", a.config.host},
                            {"port", port},
                            {"database", a.db->describe()},
                            {"schema_version", a.latest_schema_version},
                            {"threads", a.config.threads}});
  server.run([&](const std::string& sig) { a.log->info("draining", {{"signal", sig}}); });
  a.log->info("stopped");
  return 0;
}

}  // namespace hf::cli
