#pragma once
// Backups (docs/reliability.md): `healthflow backup --to FILE` and `healthflow restore --from
// FILE`. SQLite uses its online backup API, which copies one consistent snapshot while the server
// keeps writing (WAL readers do not block writers); PostgreSQL uses pg_dump's custom format, also
// one snapshot, and pg_restore. The connection string's password never reaches a command line:
// it is passed to pg_dump/pg_restore through libpq's environment variables.

#include <optional>
#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

// Where DATABASE_URL points, resolved the way open_database() resolves it.
struct BackupTarget {
  Dialect dialect = Dialect::sqlite;
  std::string sqlite_path;   // Dialect::sqlite
  std::string postgres_url;  // Dialect::postgres
};
Result<BackupTarget> backup_target(const DatabaseOptions& options);

struct BackupReport {
  std::string tool;        // "sqlite3_backup" or the pg_dump/pg_restore path
  std::int64_t bytes = 0;  // size of the backup file
};

// Writes FILE atomically (a temporary file beside it, fsync, rename): a reader never sees half a
// backup. SQLite: the copy passes PRAGMA quick_check before it is renamed into place.
Result<BackupReport> backup_database(const BackupTarget& target, const std::string& file);

// SQLite: checks the file (quick_check, a schema_migrations table), refuses while another process
// has the database open (the server must be stopped), then copies it beside the database and
// renames it into place, removing the old -wal/-shm files. PostgreSQL: pg_restore --clean
// --if-exists --single-transaction into the configured database (stop the servers first).
Result<BackupReport> restore_database(const BackupTarget& target, const std::string& file);

// pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/<version>/bin.
std::optional<std::string> find_postgres_tool(const std::string& name);

}  // namespace hf::store
