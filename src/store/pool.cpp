#include "store/pool.hpp"

namespace hf::store {

ConnectionPool::ConnectionPool(Factory factory, int size, std::chrono::milliseconds acquire_timeout)
    : factory_(std::move(factory)), size_(size < 1 ? 1 : size), timeout_(acquire_timeout) {}

Result<Lease> ConnectionPool::acquire() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  ++waiting_;
  const bool got = cv_.wait_for(lock, timeout_, [&] { return !idle_.empty() || open_ < size_; });
  --waiting_;
  wait_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!got) return Error::unavailable("the database is busy; try again shortly");
  if (!idle_.empty()) {
    auto c = std::move(idle_.front());
    idle_.pop_front();
    return Lease(this, std::move(c));
  }
  ++open_;  // reserve the slot, connect outside the lock
  lock.unlock();
  auto made = factory_();
  if (!made) {
    lock.lock();
    --open_;
    cv_.notify_one();
    return made.error();
  }
  return Lease(this, std::move(made).value());
}

void ConnectionPool::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  if (c && c->healthy()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
  }
  cv_.notify_one();
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mu_);
  PoolStats s;
  s.idle = static_cast<int64_t>(idle_.size());
  s.in_use = open_ - s.idle;
  s.waiting = waiting_;
  s.wait_seconds_total = wait_seconds_;
  s.size = size_;
  return s;
}

Lease::~Lease() {
  release();
}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = other.pool_;
    conn_ = std::move(other.conn_);
  }
  return *this;
}

void Lease::release() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

}  // namespace hf::store
