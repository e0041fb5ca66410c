#include "service/audit_log.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "security/digest.hpp"
#include "security/random.hpp"

namespace hf::service {
namespace {

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr const char* kPgChainLock = "SELECT pg_advisory_xact_lock(727275)";
constexpr const char* kLastEntry = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr const char* kInsert =
    "INSERT INTO audit_log (seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, "
    "source_ip, request_id, outcome, reason, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
constexpr const char* kWalk =
    "SELECT seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, source_ip, request_id, "
    "outcome, reason, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000";

store::Param opt(const std::string& s) {
  return s.empty() ? store::Param{nullptr} : store::param(s);
}

}  // namespace

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

AuditEntry audit_entry(const http::Request& req, std::string action, std::string outcome) {
  AuditEntry e;
  e.actor_id = req.caller.id;
  e.actor_role = req.caller.role;
  e.action = std::move(action);
  e.source_ip = req.remote_ip;
  e.request_id = req.request_id;
  e.outcome = std::move(outcome);
  return e;
}

std::string audit_canonical(int64_t seq, const std::string& id, int64_t at, const AuditEntry& e) {
  // A JSON array: unambiguous field boundaries whatever the values contain.
  boost::json::array a{seq,           id,          at,          e.actor_id,   e.actor_role, e.action, e.patient_id,
                       e.record_type, e.record_id, e.source_ip, e.request_id, e.outcome,    e.reason};
  return boost::json::serialize(a);
}

Status lock_audit_chain(store::Connection& c) {
  if (c.dialect() != store::Dialect::postgres) return ok_status();
  if (auto r = c.query(kPgChainLock); !r) return r.error();
  return ok_status();
}

Status append_audit(store::Connection& c, const AuditEntry& e, int64_t at) {
  // The chain lock (PostgreSQL) and the read-then-insert of the chain head (both backends) are
  // only safe inside a transaction: a caller outside one gets a transaction of its own here.
  if (!c.in_transaction()) {
    auto tx = store::Transaction::begin(c);
    if (!tx) return tx.error();
    if (auto s = append_audit(c, e, at); !s) return s;
    return tx->commit();
  }
  if (auto s = lock_audit_chain(c); !s) return s;
  auto last = c.query(kLastEntry);
  if (!last) return last.error();
  const int64_t seq = last->empty() ? 1 : last->first().integer(0) + 1;
  const std::string prev = last->empty() ? std::string(kGenesis) : last->first().text(1);
  const std::string id = security::uuid_v4();
  const std::string hash = security::sha256_hex(prev + audit_canonical(seq, id, at, e));
  auto r = c.query(kInsert,
                   {store::param(seq), store::param(id), store::param(at), opt(e.actor_id), opt(e.actor_role),
                    store::param(e.action), opt(e.patient_id), opt(e.record_type), opt(e.record_id), opt(e.source_ip),
                    opt(e.request_id), store::param(e.outcome), opt(e.reason), store::param(prev), store::param(hash)});
  if (!r) return r.error();
  return ok_status();
}

Result<ChainCheck> verify_audit_chain(store::Database& db) {
  auto lease = db.acquire();
  if (!lease) return lease.error();
  ChainCheck out;
  std::string prev = kGenesis;
  int64_t expected_seq = 1;
  int64_t after = 0;
  for (;;) {
    auto rows = (*lease)->query(kWalk, {store::param(after)});
    if (!rows) return rows.error();
    if (rows->empty()) break;
    for (const auto& row : rows->rows) {
      AuditEntry e;
      const int64_t seq = row.integer(0);
      const std::string id = row.text(1);
      const int64_t at = row.integer(2);
      e.actor_id = row.text(3);
      e.actor_role = row.text(4);
      e.action = row.text(5);
      e.patient_id = row.text(6);
      e.record_type = row.text(7);
      e.record_id = row.text(8);
      e.source_ip = row.text(9);
      e.request_id = row.text(10);
      e.outcome = row.text(11);
      e.reason = row.text(12);
      const std::string& stored_prev = row.text(13);
      const std::string& stored_hash = row.text(14);
      // A gap in seq is a removed entry; a wrong prev_hash a removed or reordered one; a wrong
      // hash a changed one. The first entry that fails is named.
      const bool good = seq == expected_seq && stored_prev == prev &&
                        stored_hash == security::sha256_hex(prev + audit_canonical(seq, id, at, e));
      if (!good) {
        out.ok = false;
        out.first_bad_entry = id;
        out.first_bad_seq = seq;
        return out;
      }
      prev = stored_hash;
      ++expected_seq;
      ++out.entries;
      after = seq;
    }
  }
  return out;
}

Result<AuditHead> audit_head(store::Database& db) {
  auto lease = db.acquire();
  if (!lease) return lease.error();
  auto last = (*lease)->query(kLastEntry);
  if (!last) return last.error();
  if (last->empty()) return AuditHead{0, kGenesis};
  return AuditHead{last->first().integer(0), last->first().text(1)};
}

AuditAnchor::AuditAnchor(store::Database& db, const obs::Logger& log, std::chrono::milliseconds every)
    : db_(db), log_(log), every_(every) {
  thread_ = std::thread([this] { run(); });
}

AuditAnchor::~AuditAnchor() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditAnchor::anchor_now() {
  auto head = audit_head(db_);
  if (!head) {
    log_.warn("audit anchor failed", {{"error", head.error().message}});
    return;
  }
  log_.info("audit anchor", {{"seq", head->seq}, {"hash", head->hash}});
}

void AuditAnchor::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    lock.unlock();
    anchor_now();
    lock.lock();
    if (cv_.wait_for(lock, every_, [this] { return stop_; })) return;
  }
}

}  // namespace hf::service
