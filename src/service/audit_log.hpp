#pragma once
// Appending to the hash-chained audit log (DOMAIN.md "Audit"), inside the caller's transaction so
// the entry commits with the change it records, or not at all.
//
// Ordering: entries are chained in commit order by serialising appenders. On SQLite the write
// transaction (BEGIN IMMEDIATE) already serialises every writer; on PostgreSQL the appender takes
// a transaction-scoped advisory lock, so even several server processes produce one linear chain.
// The lock is held only from the append to the commit of that transaction.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/result.hpp"
#include "http/message.hpp"
#include "obs/log.hpp"
#include "store/database.hpp"

namespace hf::service {

struct AuditEntry {
  std::string actor_id;
  std::string actor_role;
  std::string action;  // e.g. "auth.login", "patient.read", "prescription.create"
  std::string patient_id;
  std::string record_type;
  std::string record_id;
  std::string source_ip;
  std::string request_id;
  std::string outcome = "success";  // success | failure | denied
  std::string reason;
};

// Fills actor, address and request id from the request.
AuditEntry audit_entry(const http::Request& req, std::string action, std::string outcome = "success");

// Inside the caller's transaction (or one of its own when the caller has none). Entries with no
// other change to commit (reads, refused log-ins) go through AuditAppender (group commit) instead.
Status append_audit(store::Connection& conn, const AuditEntry& entry, int64_t now_ms);

// Takes the chain lock now (PostgreSQL; SQLite's write transaction already holds its lock), for a
// transaction that is about to write rows whose triggers update shared summary rows (a prescription
// and its items, a dispensation). Two such transactions that updated those rows in different
// orders could deadlock; under the chain lock, which they take anyway for their audit entry, they
// run one at a time from that write to the commit. Released at commit or rollback.
Status lock_audit_chain(store::Connection& conn);

struct ChainCheck {
  bool ok = true;
  int64_t entries = 0;
  std::optional<std::string> first_bad_entry;  // id of the first entry that does not verify
  std::optional<int64_t> first_bad_seq;
};
// Walks the chain in order; a changed, removed or reordered entry breaks it at that point.
Result<ChainCheck> verify_audit_chain(store::Database& db);

// The canonical content hashed for one entry (exposed for tests).
std::string audit_canonical(int64_t seq, const std::string& id, int64_t at, const AuditEntry& e);

int64_t now_ms();

// The newest entry (seq 0 and the genesis hash when the log is empty).
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};
Result<AuditHead> audit_head(store::Database& db);

// Periodic anchors (docs/architecture/audit.md): logs {"msg":"audit anchor","seq","hash"} at start
// and then every `every`, so an operator can copy the chain head somewhere the database's owner
// cannot rewrite. Owned by the App; the destructor stops and joins the thread.
class AuditAnchor {
 public:
  AuditAnchor(store::Database& db, const obs::Logger& log, std::chrono::milliseconds every);
  ~AuditAnchor();
  AuditAnchor(const AuditAnchor&) = delete;
  AuditAnchor& operator=(const AuditAnchor&) = delete;
  void anchor_now();

 private:
  void run();
  store::Database& db_;
  const obs::Logger& log_;
  std::chrono::milliseconds every_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace hf::service
