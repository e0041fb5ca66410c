#include "service/audit_appender.hpp"

#include <algorithm>
#include <chrono>

namespace hf::service {
namespace {

// Bounds one transaction (and the time its first entry waits) under a flood of reads.
constexpr size_t kMaxBatch = 512;
constexpr auto kQueueWait = std::chrono::seconds(30);

}  // namespace

AuditAppender::AuditAppender(store::Database& db, obs::Metrics& metrics, store::WriteQueue* writes)
    : db_(db), metrics_(metrics), writes_(db.dialect() == store::Dialect::sqlite ? writes : nullptr) {
  if (!writes_) thread_ = std::thread([this] { run(); });
}

AuditAppender::~AuditAppender() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status AuditAppender::append(const AuditEntry& entry, int64_t at_ms, const store::WriteUnit* with) {
  if (writes_) {
    metrics_.inc("audit_group_entries_total");
    return writes_->run([&](store::Connection& c) -> Status {
      if (with) {
        if (auto s = (*with)(c); !s) return s;
      }
      return append_audit(c, entry, at_ms);
    });
  }
  Pending mine{&entry, at_ms, with, std::nullopt};
  std::unique_lock lock(mu_);
  if (stop_) return Error::unavailable("The server is shutting down; try again.");
  queue_.push_back(&mine);
  queued_.notify_one();
  // Not yet taken into a batch after this long: the appender is stuck (its database does not
  // answer); give up with 503. Once taken, wait for that batch: the appender writes the result
  // into `mine`, which must outlive it.
  if (!committed_.wait_for(lock, kQueueWait, [&] { return mine.result.has_value(); })) {
    if (auto it = std::find(queue_.begin(), queue_.end(), &mine); it != queue_.end()) {
      queue_.erase(it);
      return Error::unavailable("The audit log cannot be written right now; try again.");
    }
    committed_.wait(lock, [&] { return mine.result.has_value(); });
  }
  return std::move(*mine.result);
}

Status AuditAppender::connection_ready() {
  // A connection left inside a transaction (a failed ROLLBACK) would hold the chain lock, or
  // SQLite's write lock: start again with a new one.
  if (conn_ && conn_->healthy() && !conn_->in_transaction()) return ok_status();
  conn_.reset();
  auto c = db_.connect();
  if (!c) return c.error();
  if ((*c)->dialect() == store::Dialect::postgres) {
    // A statement stuck on the server fails the batch (503 for its requests) instead of holding
    // every audited request of the process for ever.
    if (auto s = (*c)->execute_script("SET statement_timeout = 30000"); !s) return s;
  }
  conn_ = std::move(c).value();
  return ok_status();
}

// Each entry (with its accompanying write) in a savepoint: one that fails is undone alone. The
// batch's own failure (begin, commit) is the answer of every entry that had succeeded.
Status AuditAppender::commit(const std::vector<Pending*>& batch, std::vector<Status>& results, size_t& ran) {
  if (auto s = connection_ready(); !s) return s;
  auto tx = store::Transaction::begin(*conn_);
  if (!tx) return tx.error();
  if (auto s = lock_audit_chain(*conn_); !s) return s;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Pending* p = batch[i];
    auto entry = store::Transaction::begin(*conn_);  // a savepoint of the batch
    if (!entry) return entry.error();
    Status s = p->with ? (*p->with)(*conn_) : ok_status();
    if (s) s = append_audit(*conn_, *p->entry, p->at);
    if (s) s = entry->commit();
    if (!conn_->healthy()) return Error::unavailable("The audit log cannot be written right now; try again.");
    results[i] = std::move(s);
    ran = i + 1;
  }
  return tx->commit();
}

void AuditAppender::run() {
  std::vector<Pending*> batch;
  std::unique_lock lock(mu_);
  for (;;) {
    queued_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued was committed
    // Everything that arrived while the previous batch was flushing goes in this one.
    const size_t n = std::min(queue_.size(), kMaxBatch);
    batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();

    std::vector<Status> results(batch.size(), Status(Error::internal("audit entry not appended")));
    size_t ran = 0;  // entries whose own outcome is known; the others share the batch's
    if (Status all = commit(batch, results, ran); !all) {
      for (size_t i = 0; i < results.size(); ++i)
        if (results[i] || i >= ran) results[i] = all;
    }
    metrics_.inc("audit_group_commits_total");
    metrics_.inc("audit_group_entries_total", static_cast<double>(batch.size()));

    lock.lock();
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
    committed_.notify_all();
  }
}

Error refuse_and_audit(AuditAppender& audit, AuditEntry entry, Error refusal) {
  entry.outcome = "denied";
  if (auto s = audit.append(entry, now_ms()); !s) return s.error();
  return refusal;
}

}  // namespace hf::service
