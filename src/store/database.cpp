#include "store/database.hpp"

#include <atomic>
#include <charconv>

#include "security/data_cipher.hpp"

namespace hf::store {

namespace {
const std::string kEmpty;
}

const security::DataCipher& Connection::cipher() const {
  static const security::DataCipher kNoKeys;
  return cipher_ ? *cipher_ : kNoKeys;
}

const std::string& Row::text(size_t i) const {
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

std::optional<int64_t> Row::opt_integer(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return std::nullopt;
  int64_t v = 0;
  const char* b = c->data();
  const char* e = b + c->size();
  // A PostgreSQL numeric from SUM/AVG ("12.50") parses to its whole part.
  auto [p, ec] = std::from_chars(b, e, v);
  (void)p;
  if (ec != std::errc{}) return static_cast<int64_t>(std::strtod(c->c_str(), nullptr));
  return v;
}

int64_t Row::integer(size_t i) const {
  return opt_integer(i).value_or(0);
}

double Row::real(size_t i) const {
  const auto& c = cells_.at(i);
  return c ? std::strtod(c->c_str(), nullptr) : 0.0;
}

namespace {
Status c_query(Connection& c, const char* sql) {
  auto r = c.query(sql);
  if (!r) return r.error();
  return ok_status();
}
}  // namespace

Result<Transaction> Transaction::begin(Connection& c) {
  if (c.in_transaction()) {
    if (auto r = c.query("SAVEPOINT hf_nested"); !r) return r.error();
    return Transaction(c, true);
  }
  if (auto s = c.begin(); !s) return s.error();
  return Transaction(c, false);
}

Transaction::~Transaction() {
  if (done_) return;
  if (nested_) {
    (void)c_query(*conn_, "ROLLBACK TO hf_nested");
    (void)c_query(*conn_, "RELEASE hf_nested");
    return;
  }
  (void)conn_->rollback();
}

void Transaction::rollback() {
  if (!done_) (void)conn_->rollback();
  done_ = true;
}

Status Transaction::commit() {
  done_ = true;
  if (nested_) return c_query(*conn_, "RELEASE hf_nested");
  auto s = conn_->commit();
  if (!s) (void)conn_->rollback();  // a failed COMMIT must not leave the connection mid-transaction
  return s;
}

namespace {
// Per thread, so no thread ever writes another's: the request's own count, read before and after.
thread_local uint64_t t_statements = 0;
}  // namespace

void count_on_this_thread() {
  ++t_statements;
}
uint64_t statements_on_this_thread() {
  return t_statements;
}

}  // namespace hf::store
