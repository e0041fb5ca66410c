// healthflow backup --to FILE / healthflow restore --from FILE (docs/reliability.md).
// The database is the one DATABASE_URL (or --data-dir) names; store/backup.hpp does the work.
// After a restore the audit chain is verified, so an operator knows at once whether the restored
// history is intact.
#include <iostream>

#include "cli/commands.hpp"
#include "service/audit_log.hpp"
#include "store/backup.hpp"

namespace hf::cli {
namespace {

store::DatabaseOptions database_options(const app::Config& config) {
  store::DatabaseOptions o;
  o.url = config.database_url;
  o.default_sqlite = config.sqlite_default_path();
  o.pool_size = 1;
  return o;
}

const char* backend_name(store::Dialect d) {
  return d == store::Dialect::postgres ? "PostgreSQL" : "SQLite";
}

// 0 when the chain verifies, 3 when it does not, 1 when it cannot be read.
int verify_chain(const store::DatabaseOptions& options) {
  auto db = store::open_database(options);
  if (!db) {
    std::cerr << "healthflow: cannot open the restored database: " << db.error().message << "\n";
    return 1;
  }
  auto check = service::verify_audit_chain(**db);
  if (!check) {
    std::cerr << "healthflow: cannot verify the audit chain: " << check.error().message << "\n";
    return 1;
  }
  if (!check->ok) {
    std::cout << "audit chain: BROKEN at entry " << check->first_bad_seq.value_or(0) << " ("
              << check->first_bad_entry.value_or("?") << ") of " << check->entries << "\n";
    return 3;
  }
  std::cout << "audit chain: verified (" << check->entries << " entries)\n";
  return 0;
}

}  // namespace

int backup(app::Config config, const std::string& file) {
  const auto options = database_options(config);
  auto target = store::backup_target(options);
  if (!target) {
    std::cerr << "healthflow: " << target.error().message << "\n";
    return 2;
  }
  auto report = store::backup_database(*target, file);
  if (!report) {
    std::cerr << "healthflow: backup failed: " << report.error().message << "\n";
    return 1;
  }
  std::cout << "backup of the " << backend_name(target->dialect) << " database written to " << file << " ("
            << report->bytes << " bytes, " << report->tool << ")\n";
  return 0;
}

int restore(app::Config config, const std::string& file) {
  const auto options = database_options(config);
  auto target = store::backup_target(options);
  if (!target) {
    std::cerr << "healthflow: " << target.error().message << "\n";
    return 2;
  }
  if (target->dialect == store::Dialect::sqlite)
    std::cout << "restoring " << file << " into " << target->sqlite_path << " (the server must be stopped)\n";
  else
    std::cout << "restoring " << file << " into the PostgreSQL database (stop every server first)\n";
  auto report = store::restore_database(*target, file);
  if (!report) {
    std::cerr << "healthflow: restore failed: " << report.error().message << "\n";
    return 1;
  }
  std::cout << "restored (" << report->bytes << " bytes, " << report->tool << ")\n";
  return verify_chain(options);
}

}  // namespace hf::cli
