#include <iostream>

#include "app/bootstrap.hpp"
#include "app/build_info.hpp"
#include "cli/commands.hpp"
#include "domain/date.hpp"

namespace hf::cli {
namespace {

template <typename F>
int with_migrator(app::Config config, F&& f) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  store::Migrator m(*opened->app->db, opened->migrations);
  return f(m);
}

std::string label(int v, const std::string& name) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", v);
  return std::string(buf) + "_" + name;
}

}  // namespace

int migrate_up(app::Config config) {
  return with_migrator(std::move(config), [](store::Migrator& m) {
    auto r = m.up();
    if (!r) {
      std::cerr << "healthflow: " << r.error().message << "\n";
      return 1;
    }
    if (r->empty()) std::cout << "Nothing to apply: the database is up to date.\n";
    for (int v : *r) std::cout << "applied " << v << "\n";
    return 0;
  });
}

int migrate_down(app::Config config, int steps) {
  return with_migrator(std::move(config), [steps](store::Migrator& m) {
    auto r = m.down(steps);
    if (!r) {
      std::cerr << "healthflow: " << r.error().message << "\n";
      return 1;
    }
    if (r->empty()) std::cout << "Nothing to revert.\n";
    for (int v : *r) std::cout << "reverted " << v << "\n";
    return 0;
  });
}

int migrate_status(app::Config config) {
  return with_migrator(std::move(config), [](store::Migrator& m) {
    auto r = m.status();
    if (!r) {
      std::cerr << "healthflow: " << r.error().message << "\n";
      return 1;
    }
    int current = 0, pending = 0;
    for (const auto& s : *r) {
      if (s.applied) {
        current = std::max(current, s.version);
        std::cout << "applied  " << label(s.version, s.name) << "  " << domain::to_rfc3339(s.applied_at_ms) << "\n";
      } else {
        ++pending;
        std::cout << "pending  " << label(s.version, s.name) << "\n";
      }
    }
    std::cout << "current " << current << ", latest " << m.latest_version() << ", pending " << pending << "\n";
    return 0;
  });
}

int print_version() {
  std::cout << "healthflow " << build::kVersion << " (commit " << build::kCommit << ", built " << build::kBuildTime
            << ")\n";
  return 0;
}

}  // namespace hf::cli
