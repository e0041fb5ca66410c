#pragma once
// Group commit for audit entries that have no other change to commit with (reads, verifications,
// refused tokens): each entry is a unit of a batching writer (store/write_queue.hpp), appended in
// a savepoint of a batch transaction with every entry queued while the previous batch was being
// flushed, and its request is answered once that commit is durable (docs/architecture/audit.md
// "Group commit").
//
// Entries that record a change still go through append_audit(conn, ...) inside the change's own
// transaction, so a change and its entry commit together or not at all. A small write that only
// goes with the entry (a verification remembered for the dispensing that follows, a typed code's
// miss) rides along in the same unit: append(entry, at, &unit).
//
// On SQLite the writer is the process's one writer, shared with the write use cases: audited reads
// and writes share one transaction and one fsync instead of taking turns on the write lock. On
// PostgreSQL the appender has a batching writer of its own (one chain lock per batch instead of
// one per entry), since write use cases there commit each in a transaction of their own.

#include <cstdint>
#include <memory>

#include "domain/result.hpp"
#include "obs/metrics.hpp"
#include "service/audit_log.hpp"
#include "store/database.hpp"
#include "store/write_queue.hpp"

namespace hf::service {

class AuditAppender {
 public:
  // `writes` (not owned, must outlive the appender) carries the entries on SQLite.
  AuditAppender(store::Database& db, obs::Metrics& metrics, store::WriteQueue& writes);

  // Returns once the entry (and `with`) is committed, or with the error that kept it out (the
  // caller answers it: nothing unrecorded is served). Never call it inside an open write
  // transaction: use append_audit(conn, ...) there instead.
  Status append(const AuditEntry& entry, int64_t at_ms, const store::WriteUnit* with = nullptr);
  // The appender's own batches on PostgreSQL; nothing on SQLite (its batches are the writer's).
  store::WriteQueueStats own_batches() const;

 private:
  obs::Metrics& metrics_;
  std::unique_ptr<store::WriteQueue> own_;  // PostgreSQL
  store::WriteQueue& writes_;               // the one used: own_ or the process's writer
};

// A read, change or cancel refused on an object that exists but is not the caller's (answered 404
// "no such ..." or 403): recorded with outcome "denied" like any other read, so the admin's audit
// log and the patient's access log show the attempt. Returns the refusal to answer, or the
// appender's error (503) when the entry could not be recorded. Outside any write transaction.
Error refuse_and_audit(AuditAppender& audit, AuditEntry entry, Error refusal);

}  // namespace hf::service
