#include "store/write_queue.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hf::store {
namespace {

// A batch is bounded so that the first unit in it does not wait behind a flood of later ones.
constexpr size_t kMaxBatch = 64;
// A unit not yet taken into a batch after this long means the writer is stuck (its database does
// not answer): the caller gives up with 503 instead of holding its request for ever.
constexpr auto kQueueWait = std::chrono::seconds(30);

Status run_guarded(const WriteUnit& unit, Connection& c) {
  // A unit is request code running on the writer thread: an exception escaping it must fail that
  // unit, not stop the process's only writer.
  try {
    return unit(c);
  } catch (const std::exception& e) {
    return Error::internal(std::string("write unit threw: ") + e.what());
  } catch (...) {
    return Error::internal("write unit threw");
  }
}

class TransactionPerUnit final : public WriteQueue {
 public:
  explicit TransactionPerUnit(Database& db) : db_(db) {}

  Status run(const WriteUnit& unit) override {
    auto lease = db_.acquire();
    if (!lease) return lease.error();
    auto tx = Transaction::begin(**lease);
    if (!tx) return tx.error();
    units_.fetch_add(1, std::memory_order_relaxed);
    if (auto s = run_guarded(unit, **lease); !s) return s;
    batches_.fetch_add(1, std::memory_order_relaxed);
    return tx->commit();
  }

  WriteQueueStats stats() const override {
    return {batches_.load(std::memory_order_relaxed), units_.load(std::memory_order_relaxed)};
  }

 private:
  Database& db_;
  std::atomic<int64_t> batches_{0};
  std::atomic<int64_t> units_{0};
};

class BatchingWriter final : public WriteQueue {
 public:
  BatchingWriter(Database& db, WriteUnit before_commit) : db_(db), before_commit_(std::move(before_commit)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~BatchingWriter() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    queued_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  BatchingWriter(const BatchingWriter&) = delete;
  BatchingWriter& operator=(const BatchingWriter&) = delete;

  Status run(const WriteUnit& unit) override {
    Pending mine{&unit, std::nullopt};
    std::unique_lock lock(mu_);
    if (stop_) return Error::unavailable("The server is shutting down; try again.");
    queue_.push_back(&mine);
    queued_.notify_one();
    if (!done_.wait_for(lock, kQueueWait, [&] { return mine.result.has_value(); })) {
      if (auto it = std::find(queue_.begin(), queue_.end(), &mine); it != queue_.end()) {
        queue_.erase(it);
        return Error::unavailable("The database cannot be written right now; try again.");
      }
      // Already taken into a batch: `mine` must outlive it, so wait for its outcome.
      done_.wait(lock, [&] { return mine.result.has_value(); });
    }
    return std::move(*mine.result);
  }

  WriteQueueStats stats() const override {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  struct Pending {
    const WriteUnit* unit;
    std::optional<Status> result;
  };

  Status connection_ready() {
    // A connection left inside a transaction (a failed ROLLBACK) would keep SQLite's write lock.
    if (conn_ && conn_->healthy() && !conn_->in_transaction()) return ok_status();
    conn_.reset();
    auto c = db_.connect();
    if (!c) return c.error();
    if ((*c)->dialect() == Dialect::postgres) {
      // A statement stuck on the server fails its batch (503 for its requests) instead of holding
      // every queued request of the process for ever.
      if (auto s = (*c)->execute_script("SET statement_timeout = 30000"); !s) return s;
    }
    conn_ = std::move(c).value();
    return ok_status();
  }

  // Runs each unit in a savepoint; returns the batch's own failure (begin or commit), which then
  // becomes the answer of every unit that had succeeded, since none of them is durable.
  Status commit(const std::vector<Pending*>& batch, std::vector<Status>& results, size_t& ran) {
    if (auto s = connection_ready(); !s) return s;
    auto tx = Transaction::begin(*conn_);
    if (!tx) return tx.error();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (auto s = conn_->query("SAVEPOINT hf_unit"); !s) return s.error();
      results[i] = run_guarded(*batch[i]->unit, *conn_);
      ran = i + 1;
      if (!conn_->healthy()) return Error::unavailable("The database cannot be written right now; try again.");
      if (!results[i]) {
        if (auto s = conn_->query("ROLLBACK TO hf_unit"); !s) return s.error();
      }
      if (auto s = conn_->query("RELEASE hf_unit"); !s) return s.error();
    }
    if (before_commit_) {
      if (auto s = run_guarded(before_commit_, *conn_); !s) return s;
    }
    return tx->commit();
  }

  void loop() {
    std::vector<Pending*> batch;
    std::vector<Status> results;
    std::unique_lock lock(mu_);
    for (;;) {
      queued_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was committed
      const size_t n = std::min(queue_.size(), kMaxBatch);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();

      results.assign(batch.size(), Status(Error::internal("write unit not run")));
      size_t ran = 0;  // units whose own outcome is known; the others share the batch's
      if (auto s = commit(batch, results, ran); !s) {
        for (size_t i = 0; i < results.size(); ++i)
          if (results[i] || i >= ran) results[i] = s;
      }

      lock.lock();
      stats_.batches += 1;
      stats_.units += static_cast<int64_t>(batch.size());
      for (size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
      done_.notify_all();
    }
  }

  Database& db_;
  WriteUnit before_commit_;
  std::unique_ptr<Connection> conn_;  // only the writer thread touches it
  mutable std::mutex mu_;
  std::condition_variable queued_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;
  WriteQueueStats stats_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace

std::unique_ptr<WriteQueue> make_batching_writer(Database& db) {
  return std::make_unique<BatchingWriter>(db, WriteUnit{});
}

std::unique_ptr<WriteQueue> make_write_queue(Database& db, WriteUnit before_batch_commit) {
  if (db.dialect() == Dialect::sqlite) return std::make_unique<BatchingWriter>(db, std::move(before_batch_commit));
  return std::make_unique<TransactionPerUnit>(db);
}

}  // namespace hf::store
