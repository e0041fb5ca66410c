#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <filesystem>
#include <memory>
#include <semaphore>
#include <unordered_map>

#include "store/pool.hpp"

namespace hf::store {
namespace {

Error sqlite_error(sqlite3* db, int rc) {
  const int base = rc & 0xff;
  if (base == SQLITE_CONSTRAINT) {
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::conflict("duplicate");
    return Error::rule("a data constraint was violated");
  }
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED) return Error::unavailable("the database is busy; try again");
  // Storage faults: 503 with a cause an operator can act on (no paths or internals).
  if (base == SQLITE_FULL) return Error::unavailable("the database cannot be written right now: its disk is full");
  if (base == SQLITE_READONLY)
    return Error::unavailable("the database cannot be written right now: its storage is read-only");
  if (base == SQLITE_IOERR || base == SQLITE_CANTOPEN)
    return Error::unavailable("the database cannot be written right now: a storage error occurred");
  return Error::internal(std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* s) : stmt_(s) {  // NOLINT(google-explicit-constructor)
    const int n = sqlite3_bind_parameter_count(s);
    // $N names map to positions; the same text may name $2 before $1.
    for (int i = 1; i <= n; ++i) {
      const char* name = sqlite3_bind_parameter_name(s, i);
      int number = 0;
      if (name && (name[0] == '$' || name[0] == '?')) std::from_chars(name + 1, name + std::strlen(name), number);
      positions_.push_back(number > 0 ? number : i);
    }
  }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }
  const std::vector<int>& positions() const { return positions_; }

 private:
  sqlite3_stmt* stmt_;
  std::vector<int> positions_;  // index i-1 -> parameter number
};

// One write transaction at a time per process, queued here instead of in SQLite's busy handler
// (a profile showed it): SQLite makes a writer that finds the database locked sleep 1, 2, 5, 10 ...
// 100 ms between retries, so with several connections writing, the lock sat free while writers
// slept (write throughput below the disk's fsync rate, p99 in the hundreds of ms). Waiting on this
// semaphore wakes the next writer the moment a transaction ends. Other processes on the same file
// still meet the busy handler. Durability is unchanged (WAL, synchronous=FULL).
using WriterGate = std::binary_semaphore;
constexpr auto kWriterWait = std::chrono::seconds(10);  // as sqlite3_busy_timeout below

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::shared_ptr<WriterGate> writer) : db_(db), writer_(std::move(writer)) {}
  ~SqliteConnection() override {
    release_writer();
    cache_.clear();
    sqlite3_close_v2(db_);
  }
  Dialect dialect() const override { return Dialect::sqlite; }
  bool healthy() const override { return healthy_; }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    counted();
    auto st = prepared(sql);
    if (!st) return st.error();
    sqlite3_stmt* s = (*st)->get();
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    const auto& pos = (*st)->positions();
    for (size_t i = 0; i < pos.size(); ++i) {
      const size_t n = static_cast<size_t>(pos[i]);
      if (n == 0 || n > params.size()) return Error::internal("sqlite: missing parameter");
      const Param& p = params[n - 1];
      const int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(p)) {
        rc = sqlite3_bind_null(s, idx);
      } else if (auto* v = std::get_if<int64_t>(&p)) {
        rc = sqlite3_bind_int64(s, idx, *v);
      } else if (auto* d = std::get_if<double>(&p)) {
        rc = sqlite3_bind_double(s, idx, *d);
      } else {
        const auto& t = std::get<std::string>(p);
        rc = sqlite3_bind_text(s, idx, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return sqlite_error(db_, rc);
    }
    QueryResult out;
    const int cols = sqlite3_column_count(s);
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto e = sqlite_error(db_, sqlite3_extended_errcode(db_));
        sqlite3_reset(s);
        return e;
      }
      std::vector<std::optional<std::string>> cells;
      cells.reserve(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else {
          const auto* txt = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          cells.emplace_back(std::string(txt, static_cast<size_t>(sqlite3_column_bytes(s, c))));
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    out.affected = sqlite3_changes64(db_);
    sqlite3_reset(s);
    return out;
  }

  Status execute_script(std::string_view sql) override {
    counted();
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Error::internal("sqlite: " + msg);
    }
    return ok_status();
  }

  Status begin() override {
    if (writer_ && !holds_writer_) {
      if (!writer_->try_acquire_for(kWriterWait)) return Error::unavailable("the database is busy; try again");
      holds_writer_ = true;
    }
    auto s = simple("BEGIN IMMEDIATE");
    if (!s) release_writer();
    return s;
  }
  Status commit() override {
    auto s = simple("COMMIT");
    if (sqlite3_get_autocommit(db_)) release_writer();  // ended (a failed COMMIT may leave it open)
    return s;
  }
  Status rollback() override {
    if (sqlite3_get_autocommit(db_)) {
      release_writer();
      return ok_status();
    }
    auto s = simple("ROLLBACK");
    if (sqlite3_get_autocommit(db_)) release_writer();
    return s;
  }

 private:
  Status simple(const char* sql) {
    auto r = query(sql, std::span<const Param>{});
    if (!r) return r.error();
    return ok_status();
  }

  Result<SqliteStatement*> prepared(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) return it->second.get();
    sqlite3_stmt* s = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc);
    auto owned = std::make_unique<SqliteStatement>(s);
    auto* raw = owned.get();
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  void release_writer() {
    if (holds_writer_) {
      holds_writer_ = false;
      writer_->release();
    }
  }

  sqlite3* db_;
  std::shared_ptr<WriterGate> writer_;  // shared by the pool's connections; null for one-off connections
  bool holds_writer_ = false;
  bool healthy_ = true;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

struct Counting {
  std::shared_ptr<StatementCounter> counter;
  bool dedicated = false;
};

Result<std::unique_ptr<Connection>> open_connection(const std::string& path,
                                                    std::shared_ptr<WriterGate> writer = nullptr,
                                                    std::shared_ptr<const security::DataCipher> cipher = nullptr,
                                                    Counting counting = {}) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto e = Error::unavailable("the database file cannot be opened");
    sqlite3_close_v2(db);
    return e;
  }
  auto conn = std::make_unique<SqliteConnection>(db, std::move(writer));
  conn->set_cipher(std::move(cipher));
  conn->count_statements_in(std::move(counting.counter), counting.dedicated);
  sqlite3_busy_timeout(db, 10000);
  auto s = conn->execute_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
  if (!s) return Error::unavailable("the database file cannot be used: " + s.error().message);
  return std::unique_ptr<Connection>(std::move(conn));
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int size, int timeout_ms, std::shared_ptr<const security::DataCipher> cipher)
      : path_(std::move(path)),
        writer_(std::make_shared<WriterGate>(1)),
        cipher_(std::move(cipher)),
        pool_(
            [p = path_, w = writer_, k = cipher_, n = statements_] {
              return open_connection(p, w, k, {n, false});
            },
            size, std::chrono::milliseconds(timeout_ms)) {}
  Dialect dialect() const override { return Dialect::sqlite; }
  Result<Lease> acquire() override { return pool_.acquire(); }
  Result<std::unique_ptr<Connection>> connect() override {
    return open_connection(path_, writer_, cipher_, {statements_, true});
  }
  PoolStats stats() const override { return pool_.stats(); }
  StatementTotals statements() const override { return statements_->totals(); }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  std::string path_;
  std::shared_ptr<WriterGate> writer_;  // before pool_: the pool's factory copies it
  std::shared_ptr<const security::DataCipher> cipher_;
  std::shared_ptr<StatementCounter> statements_ = std::make_shared<StatementCounter>();  // before pool_, as writer_
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int pool_size, int acquire_timeout_ms,
                                              std::shared_ptr<const security::DataCipher> cipher) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  // Open once now so a bad path fails at start-up with a clear message.
  auto probe = open_connection(path);
  if (!probe) return probe.error();
  return std::unique_ptr<Database>(
      std::make_unique<SqliteDatabase>(path, pool_size, acquire_timeout_ms, std::move(cipher)));
}

}  // namespace hf::store
