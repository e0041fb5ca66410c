#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "store/pool.hpp"

namespace hf::store {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string safe_url(const std::string& url) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* c) : conn_(c) {}
  ~PostgresConnection() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK && !broken_; }
  bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    counted();
    auto name = prepared(sql, static_cast<int>(params.size()));
    if (!name) return name.error();
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) continue;
      if (auto* v = std::get_if<int64_t>(&p)) {
        texts[i] = std::to_string(*v);
      } else if (auto* d = std::get_if<double>(&p)) {
        char buf[64];
        auto [e, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        texts[i] = std::string(buf, e);
      } else {
        texts[i] = std::get<std::string>(p);
      }
      values[i] = texts[i].c_str();
    }
    PgResult r(
        PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
    return collect(r.get());
  }

  Status execute_script(std::string_view sql) override {
    counted();
    const std::string text(sql);
    PgResult r(PQexec(conn_, text.c_str()));
    auto out = collect(r.get());
    if (!out) return out.error();
    return ok_status();
  }

  Status begin() override { return execute_script("BEGIN"); }
  Status commit() override { return execute_script("COMMIT"); }
  Status rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return ok_status();
    return execute_script("ROLLBACK");
  }

 private:
  Result<QueryResult> collect(PGresult* r) {
    const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      QueryResult out;
      const int n = PQntuples(r);
      const int cols = PQnfields(r);
      out.rows.reserve(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        std::vector<std::optional<std::string>> cells;
        cells.reserve(static_cast<size_t>(cols));
        for (int c = 0; c < cols; ++c) {
          if (PQgetisnull(r, i, c)) {
            cells.emplace_back(std::nullopt);
          } else {
            cells.emplace_back(std::string(PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c))));
          }
        }
        out.rows.emplace_back(std::move(cells));
      }
      const char* affected = PQcmdTuples(r);
      if (affected && *affected) out.affected = std::strtoll(affected, nullptr, 10);
      return out;
    }
    if (PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      return Error::unavailable("the database is unavailable; try again shortly");
    }
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    if (code == "23505") return Error::conflict("duplicate");
    if (code.rfind("23", 0) == 0) return Error::rule("a data constraint was violated");
    if (code.rfind("08", 0) == 0 || code == "57P01" || code == "57P02" || code == "57P03") {
      broken_ = true;
      return Error::unavailable("the database is unavailable; try again shortly");
    }
    if (code == "40001" || code == "40P01") return Error::unavailable("the database is busy; try again");
    return Error::internal("postgres " + code + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(conn_)));
  }

  Result<std::string> prepared(std::string_view sql, int nparams) {
    const std::string key(sql);
    auto it = names_.find(key);
    if (it != names_.end()) return it->second;
    std::string name = "s" + std::to_string(names_.size());
    PgResult r(PQprepare(conn_, name.c_str(), key.c_str(), nparams, nullptr));
    auto ok = collect(r.get());
    if (!ok) return ok.error();
    names_.emplace(key, name);
    return name;
  }

  PGconn* conn_;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> names_;
};

Result<std::unique_ptr<Connection>> open_connection(const std::string& url,
                                                    std::shared_ptr<const security::DataCipher> cipher,
                                                    std::shared_ptr<StatementCounter> counter, bool dedicated) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return Error::unavailable("the database is unavailable; try again shortly");
  }
  auto conn = std::make_unique<PostgresConnection>(c);
  conn->set_cipher(std::move(cipher));
  conn->count_statements_in(std::move(counter), dedicated);
  // UTC everywhere; quiet notices (they would go to stderr, not our log).
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  auto s = conn->execute_script("SET TIME ZONE 'UTC'; SET client_min_messages = warning;");
  if (!s) return s.error();
  return std::unique_ptr<Connection>(std::move(conn));
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, int size, int timeout_ms, std::shared_ptr<const security::DataCipher> cipher)
      : url_(std::move(url)),
        cipher_(std::move(cipher)),
        pool_([u = url_, k = cipher_, n = statements_] { return open_connection(u, k, n, false); }, size,
              std::chrono::milliseconds(timeout_ms)) {}
  Dialect dialect() const override { return Dialect::postgres; }
  Result<Lease> acquire() override { return pool_.acquire(); }
  Result<std::unique_ptr<Connection>> connect() override { return open_connection(url_, cipher_, statements_, true); }
  PoolStats stats() const override { return pool_.stats(); }
  StatementTotals statements() const override { return statements_->totals(); }
  std::string describe() const override { return safe_url(url_); }

 private:
  std::string url_;
  std::shared_ptr<const security::DataCipher> cipher_;
  std::shared_ptr<StatementCounter> statements_ = std::make_shared<StatementCounter>();  // before pool_: copied by it
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size, int acquire_timeout_ms,
                                                std::shared_ptr<const security::DataCipher> cipher) {
  // No probe: the server starts (and reports 503 on /health) while PostgreSQL is still coming up.
  return std::unique_ptr<Database>(
      std::make_unique<PostgresDatabase>(url, pool_size, acquire_timeout_ms, std::move(cipher)));
}

}  // namespace hf::store
