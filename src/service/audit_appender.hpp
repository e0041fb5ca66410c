#pragma once
// Group commit for audit entries that have no other change to commit with (reads, verifications,
// refused tokens): one thread per process appends every entry queued while the previous commit
// was being flushed, in one transaction, and wakes their requests once that commit is durable.
// A request is answered only after its entry committed (docs/architecture/audit.md "Group commit").
//
// Entries that record a change still go through append_audit(conn, ...) inside the change's own
// transaction, so a change and its entry commit together or not at all. A small write that only
// goes with the entry (a verification remembered for the dispensing that follows) rides along in
// the same batch: append(entry, at, &unit).
//
// On SQLite the batches are the write queue's (store/write_queue.hpp): one writer per process, so
// audited reads and write use cases share one transaction and one fsync instead of taking turns on
// the write lock. On PostgreSQL the appender keeps its own batches: one chain lock per batch
// instead of one per entry.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "domain/result.hpp"
#include "obs/metrics.hpp"
#include "service/audit_log.hpp"
#include "store/database.hpp"
#include "store/write_queue.hpp"

namespace hf::service {

class AuditAppender {
 public:
  // `writes` (not owned) is used on SQLite; it must outlive the appender.
  AuditAppender(store::Database& db, obs::Metrics& metrics, store::WriteQueue* writes);
  // Commits what is queued, then stops and joins the thread.
  ~AuditAppender();
  AuditAppender(const AuditAppender&) = delete;
  AuditAppender& operator=(const AuditAppender&) = delete;

  // Returns once the entry is committed (or the batch failed: the caller answers 503, nothing
  // unrecorded is served). Never call it inside an open write transaction: on SQLite the appender
  // needs the write lock that transaction holds (use append_audit(conn, ...) there instead).
  Status append(const AuditEntry& entry, int64_t at_ms, const store::WriteUnit* with = nullptr);

 private:
  struct Pending {
    const AuditEntry* entry;
    int64_t at;
    const store::WriteUnit* with;
    std::optional<Status> result;
  };
  void run();
  Status commit(const std::vector<Pending*>& batch, std::vector<Status>& results, size_t& ran);
  Status connection_ready();

  store::Database& db_;
  obs::Metrics& metrics_;
  store::WriteQueue* writes_;                // SQLite: entries go through the one writer
  std::unique_ptr<store::Connection> conn_;  // only the appender thread touches it
  std::mutex mu_;
  std::condition_variable queued_;
  std::condition_variable committed_;
  std::vector<Pending*> queue_;
  bool stop_ = false;
  std::thread thread_;
};

// A read, change or cancel refused on an object that exists but is not the caller's (answered 404
// "no such ..." or 403): recorded with outcome "denied" like any other read, so the admin's audit
// log and the patient's access log show the attempt. Returns the refusal to answer, or the
// appender's error (503) when the entry could not be recorded. Outside any write transaction.
Error refuse_and_audit(AuditAppender& audit, AuditEntry entry, Error refusal);

}  // namespace hf::service
