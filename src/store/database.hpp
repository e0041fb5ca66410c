#pragma once
// The one storage interface (ARCHITECTURE.md "Storage"): a connection runs parameterised SQL
// written once with $1, $2 placeholders; SQLite and PostgreSQL implement it. Repositories and
// services see only this header.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/result.hpp"

namespace hf::security {
class DataCipher;
}

namespace hf::store {

enum class Dialect { sqlite, postgres };

// A bound parameter. Flags travel as integers (0/1): the common subset has no BOOLEAN.
using Param = std::variant<std::nullptr_t, int64_t, double, std::string>;

inline Param param(bool b) {
  return Param{static_cast<int64_t>(b ? 1 : 0)};
}
inline Param param(int v) {
  return Param{static_cast<int64_t>(v)};
}
inline Param param(int64_t v) {
  return Param{v};
}
inline Param param(double v) {
  return Param{v};
}
inline Param param(std::string v) {
  return Param{std::move(v)};
}
inline Param param(std::string_view v) {
  return Param{std::string(v)};
}
inline Param param(const char* v) {
  return Param{std::string(v)};
}
inline Param param(std::nullptr_t) {
  return Param{nullptr};
}
template <typename T>
Param param(const std::optional<T>& v) {
  return v ? param(*v) : Param{nullptr};
}

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool is_null(size_t i) const { return !cells_.at(i).has_value(); }
  // Empty string for NULL; use is_null() or opt_text() where NULL is meaningful.
  const std::string& text(size_t i) const;
  std::optional<std::string> opt_text(size_t i) const { return cells_.at(i); }
  int64_t integer(size_t i) const;  // 0 for NULL
  std::optional<int64_t> opt_integer(size_t i) const;
  double real(size_t i) const;  // 0 for NULL
  bool flag(size_t i) const { return integer(i) != 0; }

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct QueryResult {
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  const Row& first() const { return rows.front(); }
};

// Statements run by the connections of one database (db_statements_total on /metrics): every
// query() and execute_script() counts one. The writers' own connections (Database::connect(): the
// group commit of the write queue and the audit appender) also count as "dedicated", so what the
// request path costs can be told apart from what the shared commits cost.
struct StatementTotals {
  uint64_t all = 0;
  uint64_t dedicated = 0;
};
class StatementCounter {
 public:
  void count(bool dedicated) {
    all_.fetch_add(1, std::memory_order_relaxed);
    if (dedicated) dedicated_.fetch_add(1, std::memory_order_relaxed);
  }
  StatementTotals totals() const {
    return {all_.load(std::memory_order_relaxed), dedicated_.load(std::memory_order_relaxed)};
  }

 private:
  std::atomic<uint64_t> all_{0};
  std::atomic<uint64_t> dedicated_{0};
};

// Statements run by the calling thread (every database): the access log shows how many a request's
// own thread ran (units it hands to the group-commit writer run on the writer's thread).
uint64_t statements_on_this_thread();
void count_on_this_thread();

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // One statement, parameters bound by position ($1 = params[0]). Statements are prepared once
  // per connection and cached by their text.
  virtual Result<QueryResult> query(std::string_view sql, std::span<const Param> params) = 0;
  Result<QueryResult> query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Several statements, no parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;
  // Write transactions take the write lock up front on SQLite (BEGIN IMMEDIATE) so two writers
  // never deadlock upgrading a read lock.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  // False once the connection failed in a way that needs a new one (the pool discards it).
  virtual bool healthy() const = 0;
  // True between begin() and commit()/rollback().
  virtual bool in_transaction() const = 0;
  // Seals and opens the protected columns (security/data_cipher.hpp). Set by the database that
  // opened the connection; one opened without keys refuses to seal or open anything.
  const security::DataCipher& cipher() const;
  void set_cipher(std::shared_ptr<const security::DataCipher> cipher) { cipher_ = std::move(cipher); }
  // Set by the database that opened the connection; a connection without one counts nothing.
  void count_statements_in(std::shared_ptr<StatementCounter> counter, bool dedicated) {
    statements_ = std::move(counter);
    dedicated_ = dedicated;
  }

 protected:
  // Called by the backends once per statement sent (query() or execute_script()).
  void counted() {
    if (statements_) statements_->count(dedicated_);
    count_on_this_thread();
  }

 private:
  std::shared_ptr<const security::DataCipher> cipher_;
  std::shared_ptr<StatementCounter> statements_;
  bool dedicated_ = false;
};

// RAII transaction: rolls back unless commit() succeeded (STYLE.md "Storage"). Begun on a
// connection already inside a transaction (a write unit of a group commit), it is a savepoint of
// that transaction: commit() releases it, and going out of scope undoes only its own changes.
class Transaction {
 public:
  static Result<Transaction> begin(Connection& c);
  Transaction(Transaction&& o) noexcept : conn_(o.conn_), done_(o.done_), nested_(o.nested_) { o.done_ = true; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status commit();
  // Ends it now, undone (as going out of scope does), e.g. before recording a refusal elsewhere.
  void rollback();

 private:
  Transaction(Connection& c, bool nested) : conn_(&c), nested_(nested) {}
  Connection* conn_;
  bool done_ = false;
  bool nested_ = false;
};

struct PoolStats {
  int64_t in_use = 0;
  int64_t idle = 0;
  int64_t waiting = 0;
  double wait_seconds_total = 0;
  int64_t size = 0;
};

class ConnectionPool;

// A connection borrowed from the pool, returned on destruction.
class Lease {
 public:
  Lease(ConnectionPool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&& other) noexcept;  // gives back the connection it held first
  Lease(const Lease&) = delete;
  ~Lease();
  // Gives the connection back now, before a wait that needs none (the audit group commit), so
  // waiting requests do not starve the pool. The lease must not be used afterwards.
  void release();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Waits for a free connection up to the pool's timeout; Error unavailable when the database
  // cannot be reached, so the HTTP edge answers 503 and the next call tries again.
  virtual Result<Lease> acquire() = 0;
  // A connection outside the pool, for a long-lived worker that must never queue behind requests
  // holding every pooled connection (the audit appender: requests wait for it while holding one).
  virtual Result<std::unique_ptr<Connection>> connect() = 0;
  virtual PoolStats stats() const = 0;
  // Statements run so far by this database's connections, pooled and dedicated.
  virtual StatementTotals statements() const { return {}; }
  // A safe description for logs (no password).
  virtual std::string describe() const = 0;
};

struct DatabaseOptions {
  std::string url;             // sqlite:///path, sqlite://relative, or postgresql://...
  std::string default_sqlite;  // used when url is empty or "sqlite://"
  int pool_size = 8;
  int acquire_timeout_ms = 5000;
  std::shared_ptr<const security::DataCipher> cipher;  // given to every connection
};

Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options);

}  // namespace hf::store
