#pragma once
// A bounded pool of connections shared by both backends. Broken connections are dropped on
// return and replaced lazily, which is how the server recovers by itself after an outage.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "store/database.hpp"

namespace hf::store {

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  ConnectionPool(Factory factory, int size, std::chrono::milliseconds acquire_timeout);
  Result<Lease> acquire();
  void give_back(std::unique_ptr<Connection> c);
  PoolStats stats() const;

 private:
  Factory factory_;
  int size_;
  std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + in use
  int waiting_ = 0;
  double wait_seconds_ = 0;
};

}  // namespace hf::store
