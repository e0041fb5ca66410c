#include "store/backup.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

extern char** environ;

namespace hf::store {
namespace {

namespace fs = std::filesystem;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

Error sqlite_failure(const std::string& what, sqlite3* db) {
  return Error::internal(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Result<SqliteHandle> open_sqlite_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return sqlite_failure("cannot open " + path, raw);
  return db;
}

// Copies one consistent snapshot of `from` into the file `to` (created or overwritten).
// One step of -1 pages copies everything under a single read transaction: in WAL mode the
// writers carry on meanwhile, and the copy is the database as of the moment the step began.
Status sqlite_copy(const std::string& from, const std::string& to) {
  auto src = open_sqlite_file(from, SQLITE_OPEN_READONLY);
  if (!src) return src.error();
  sqlite3_busy_timeout(src->get(), 10000);
  auto dst = open_sqlite_file(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst) return dst.error();
  sqlite3_backup* b = sqlite3_backup_init(dst->get(), "main", src->get(), "main");
  if (!b) return sqlite_failure("cannot start the backup", dst->get());
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Error::internal(std::string("the backup did not complete: ") + sqlite3_errstr(rc));
  return ok_status();
}

// PRAGMA quick_check and the migrations table: the file is a HealthFlow database, not torn.
Status sqlite_check(const std::string& path) {
  auto db = open_sqlite_file(path, SQLITE_OPEN_READWRITE);
  if (!db) return db.error();
  std::vector<std::string> answers;
  auto collect = [](void* out, int n, char** values, char**) {
    if (n > 0 && values[0]) static_cast<std::vector<std::string>*>(out)->emplace_back(values[0]);
    return 0;
  };
  if (sqlite3_exec(db->get(), "PRAGMA quick_check", collect, &answers, nullptr) != SQLITE_OK ||
      answers != std::vector<std::string>{"ok"})
    return Error::invalid(path + " is not an intact SQLite database (quick_check failed)");
  answers.clear();
  if (sqlite3_exec(db->get(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                   collect, &answers, nullptr) != SQLITE_OK ||
      answers.empty())
    return Error::invalid(path + " is not a HealthFlow database (no schema_migrations table)");
  // One self-contained file: a copy of a WAL database would otherwise stay in WAL mode, and every
  // reader of the backup would leave -wal/-shm files beside it. The server turns WAL on again.
  if (sqlite3_exec(db->get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return sqlite_failure("cannot finish " + path, db->get());
  return ok_status();
}

Status fsync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Error::internal("cannot open " + path.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error::internal("cannot sync " + path.string());
  return ok_status();
}

// Renames `tmp` over `file` and makes both the data and the directory entry durable.
Status publish(const fs::path& tmp, const fs::path& file) {
  if (auto s = fsync_path(tmp, false); !s) return s;
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) return Error::internal("cannot rename " + tmp.string() + " to " + file.string() + ": " + ec.message());
  const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  return fsync_path(dir, true);
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

fs::path temporary_beside(const fs::path& file, const char* what) {
  return fs::path(file.string() + "." + what + "-" + std::to_string(::getpid()) + ".tmp");
}

// True when no other connection has the database open: an exclusive lock is only granted when
// no server (or other process) holds its shared lock on the file.
Result<bool> sqlite_unused(const std::string& path) {
  if (!fs::exists(path)) return true;
  auto db = open_sqlite_file(path, SQLITE_OPEN_READWRITE);
  if (!db) return db.error();
  sqlite3_busy_timeout(db->get(), 0);
  if (sqlite3_exec(db->get(), "PRAGMA locking_mode = EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return sqlite_failure("cannot lock " + path, db->get());
  const int rc = sqlite3_exec(db->get(), "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) return sqlite_failure("cannot lock " + path, db->get());
  sqlite3_exec(db->get(), "COMMIT", nullptr, nullptr, nullptr);
  return true;  // closing checkpoints and removes the WAL
}

Result<BackupReport> sqlite_backup(const std::string& db_path, const fs::path& file) {
  if (!fs::exists(db_path)) return Error::not_found("no SQLite database at " + db_path);
  if (file.has_parent_path() && !fs::is_directory(file.parent_path()))
    return Error::not_found("the folder " + file.parent_path().string() + " does not exist");
  const auto tmp = temporary_beside(file, "backup");
  remove_quietly(tmp);
  auto done = [&](Status s) -> Result<BackupReport> {
    if (!s) {
      remove_quietly(tmp);
      return s.error();
    }
    return BackupReport{"sqlite3_backup", static_cast<std::int64_t>(fs::file_size(file))};
  };
  if (auto s = sqlite_copy(db_path, tmp.string()); !s) return done(s);
  if (auto s = sqlite_check(tmp.string()); !s) return done(s);
  return done(publish(tmp, file));
}

Result<BackupReport> sqlite_restore(const std::string& db_path, const fs::path& file) {
  if (!fs::exists(file)) return Error::not_found("no backup file at " + file.string());
  const fs::path db(db_path);
  if (db.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(db.parent_path(), ec);
  }
  const auto tmp = temporary_beside(db, "restore");
  remove_quietly(tmp);
  auto fail = [&](Error e) -> Result<BackupReport> {
    remove_quietly(tmp);
    return e;
  };
  // Copy first (through SQLite, so a torn or foreign file is refused) and check the copy.
  if (auto s = sqlite_copy(file.string(), tmp.string()); !s) return fail(s.error());
  if (auto s = sqlite_check(tmp.string()); !s) return fail(s.error());
  auto unused = sqlite_unused(db_path);
  if (!unused) return fail(unused.error());
  if (!*unused)
    return fail(Error::conflict("the database " + db_path +
                                " is open in another process (a running server?); stop the server, then restore"));
  // The old WAL must not be replayed onto the restored file.
  remove_quietly(db_path + "-wal");
  remove_quietly(db_path + "-shm");
  if (auto s = publish(tmp, db); !s) return fail(s.error());
  return BackupReport{"sqlite3_backup", static_cast<std::int64_t>(fs::file_size(db))};
}

// libpq's own parser splits the URL; each setting goes to the child as the environment variable
// libpq reads (PGHOST, PGPASSWORD, ...), so the password is never visible in a process listing.
Result<std::map<std::string, std::string>> libpq_environment(const std::string& url, std::string& dbname) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    if (err) PQfreemem(err);
    return Error::invalid("DATABASE_URL is not a valid PostgreSQL connection string");
  }
  std::map<std::string, std::string> env;
  for (auto* o = opts; o->keyword; ++o) {
    if (!o->val || !o->envvar) continue;
    env[o->envvar] = o->val;
    if (std::string_view(o->keyword) == "dbname") dbname = o->val;
  }
  PQconninfoFree(opts);
  return env;
}

Status run_tool(const std::string& tool, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (name == "DATABASE_URL" || extra_env.count(std::string(name))) continue;
    env_strings.emplace_back(entry);
  }
  for (const auto& [k, v] : extra_env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings{tool};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  if (posix_spawn(&pid, tool.c_str(), nullptr, nullptr, argv.data(), envp.data()) != 0)
    return Error::internal("cannot run " + tool);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error::internal("lost track of " + tool);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Error::internal(fs::path(tool).filename().string() + " failed (exit status " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) + ")");
  return ok_status();
}

Result<BackupReport> postgres_backup(const std::string& url, const fs::path& file) {
  const auto tool = find_postgres_tool("pg_dump");
  if (!tool) return Error::not_found("pg_dump not found on PATH or in /usr/lib/postgresql/*/bin");
  std::string dbname;
  auto env = libpq_environment(url, dbname);
  if (!env) return env.error();
  const auto tmp = temporary_beside(file, "backup");
  remove_quietly(tmp);
  // One snapshot (pg_dump's repeatable-read transaction): consistent while the servers write.
  if (auto s = run_tool(*tool, {"--format=custom", "--no-password", "--file=" + tmp.string()}, *env); !s) {
    remove_quietly(tmp);
    return s.error();
  }
  if (auto s = publish(tmp, file); !s) {
    remove_quietly(tmp);
    return s.error();
  }
  return BackupReport{*tool, static_cast<std::int64_t>(fs::file_size(file))};
}

Result<BackupReport> postgres_restore(const std::string& url, const fs::path& file) {
  if (!fs::exists(file)) return Error::not_found("no backup file at " + file.string());
  const auto tool = find_postgres_tool("pg_restore");
  if (!tool) return Error::not_found("pg_restore not found on PATH or in /usr/lib/postgresql/*/bin");
  std::string dbname;
  auto env = libpq_environment(url, dbname);
  if (!env) return env.error();
  if (dbname.empty()) return Error::invalid("DATABASE_URL names no database to restore into");
  // --dbname is required for pg_restore to connect; the name alone is no secret.
  if (auto s = run_tool(*tool,
                        {"--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
                         "--no-password", "--dbname=" + dbname, file.string()},
                        *env);
      !s)
    return s.error();
  return BackupReport{*tool, static_cast<std::int64_t>(fs::file_size(file))};
}

}  // namespace

Result<BackupTarget> backup_target(const DatabaseOptions& o) {
  const std::string& url = o.url;
  BackupTarget t;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    t.dialect = Dialect::postgres;
    t.postgres_url = url;
  } else if (url.empty() || url == "sqlite://" || url == "sqlite:") {
    t.sqlite_path = o.default_sqlite;
  } else if (url.rfind("sqlite://", 0) == 0) {
    t.sqlite_path = url.substr(9);
  } else if (url.rfind("sqlite:", 0) == 0) {
    t.sqlite_path = url.substr(7);
  } else {
    return Error::invalid("DATABASE_URL must start with sqlite:// or postgresql://");
  }
  return t;
}

std::optional<std::string> find_postgres_tool(const std::string& name) {
  if (const char* path = std::getenv("PATH")) {
    std::string_view rest(path);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const fs::path candidate = fs::path(rest.substr(0, colon)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  std::vector<std::pair<int, fs::path>> found;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto candidate = dir.path() / "bin" / name;
    if (::access(candidate.c_str(), X_OK) != 0) continue;
    found.emplace_back(std::atoi(dir.path().filename().c_str()), candidate);
  }
  if (found.empty()) return std::nullopt;
  return std::max_element(found.begin(), found.end())->second.string();
}

Result<BackupReport> backup_database(const BackupTarget& target, const std::string& file) {
  if (file.empty()) return Error::invalid("name the backup file");
  if (target.dialect == Dialect::postgres) return postgres_backup(target.postgres_url, file);
  return sqlite_backup(target.sqlite_path, file);
}

Result<BackupReport> restore_database(const BackupTarget& target, const std::string& file) {
  if (file.empty()) return Error::invalid("name the backup file");
  if (target.dialect == Dialect::postgres) return postgres_restore(target.postgres_url, file);
  return sqlite_restore(target.sqlite_path, file);
}

}  // namespace hf::store
