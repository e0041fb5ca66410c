#pragma once
// Numbered migrations with up and down SQL (ARCHITECTURE.md "Storage"): files in a folder named
// NNNN_name.up.sql / NNNN_name.down.sql, with optional per-dialect variants
// NNNN_name.up.postgres.sql / .up.sqlite.sql that take precedence. Applied versions are recorded
// in schema_migrations; each migration runs in its own transaction.

#include <functional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace hf::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string up_sql;
  std::string down_sql;
  // Data steps SQL cannot do (store/migration_steps.cpp), in the migration's own transaction:
  // after the up script, and before the down script.
  std::function<Status(Connection&)> after_up;
  std::function<Status(Connection&)> before_down;
};

struct MigrationState {
  int version = 0;
  std::string name;
  bool applied = false;
  int64_t applied_at_ms = 0;
};

class Migrator {
 public:
  Migrator(Database& db, std::vector<Migration> migrations);
  static Result<std::vector<Migration>> load(const std::string& dir, Dialect dialect);

  Result<std::vector<MigrationState>> status();
  // Applies every pending migration; returns the versions applied.
  Result<std::vector<int>> up();
  // Reverts the newest `steps` applied migrations; returns the versions reverted.
  Result<std::vector<int>> down(int steps);
  Result<int> current_version();
  int latest_version() const;
  std::vector<std::string> pending_names(const std::vector<MigrationState>& states) const;

 private:
  Status ensure_table(Connection& c);
  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace hf::store
