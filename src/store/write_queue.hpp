#pragma once
// Group commit for write transactions (ARCHITECTURE.md "Storage": a writer that commits queued work
// in batches is the way to be fast without giving up durability).
//
// A use case hands its writes to run() as one unit. On SQLite one writer thread per process takes
// every unit queued while its previous commit was being flushed and runs them in one transaction,
// each in a savepoint of its own, so a unit that fails is undone without undoing its neighbours;
// one COMMIT (one fsync) then makes the whole batch durable, and only then are the callers woken.
// SQLite has one writer at a time anyway, so nothing is lost by funnelling writes through one
// thread, and the fsync, which used to be paid per request, is paid per batch.
//
// On PostgreSQL each unit runs in a transaction of its own on a pooled connection: concurrent
// commits already share their WAL flush there (the server's own group commit), so a queue would
// only add a thread hop.
//
// Either way run() returns only after the unit's changes are committed (or its error, with its
// changes undone): what a client is told was saved, was saved.

#include <cstdint>
#include <functional>
#include <memory>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

// A unit receives a connection already inside a transaction (or a savepoint of one). It must not
// begin, commit or roll back itself (store::Transaction inside a unit nests as a savepoint), and it
// may run more than once only if the caller says so: it runs exactly once here.
using WriteUnit = std::function<Status(Connection&)>;

struct WriteQueueStats {
  int64_t batches = 0;  // commits
  int64_t units = 0;    // units run (committed or undone)
};

class WriteQueue {
 public:
  virtual ~WriteQueue() = default;
  virtual Status run(const WriteUnit& unit) = 0;
  virtual WriteQueueStats stats() const = 0;
};

// The batching writer on SQLite, a transaction per unit on PostgreSQL. `before_batch_commit` (may
// be empty) runs once in each batch of the SQLite writer, after its units and before its commit:
// work whose cost is per batch rather than per unit (the report summaries of the batch's
// prescriptions). If it fails, the batch fails. PostgreSQL has no batches to run it in.
std::unique_ptr<WriteQueue> make_write_queue(Database& db, WriteUnit before_batch_commit = {});
// A batching writer on either backend (one thread, its own connection, a savepoint per unit): for
// work that gains from one commit per batch even on PostgreSQL (the audit chain's lock).
std::unique_ptr<WriteQueue> make_batching_writer(Database& db);

}  // namespace hf::store
