#include "service/directory_watch.hpp"

#include "store/directory_repository.hpp"

namespace hf::service {

CatalogueWatcher::CatalogueWatcher(store::Database& db, Catalog& catalog, const obs::Logger& log,
                                   std::chrono::milliseconds interval)
    : db_(db), catalog_(catalog), log_(log), interval_(interval) {
  // The index was just built by Catalog::open: remember what it was built from.
  if (auto lease = db_.acquire()) {
    if (auto fp = store::catalogue_fingerprint(**lease)) seen_ = *fp;
  }
}

CatalogueWatcher::~CatalogueWatcher() {
  stop();
}

void CatalogueWatcher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void CatalogueWatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status CatalogueWatcher::check_now() {
  std::lock_guard check(check_mu_);
  std::string fp;
  {
    auto lease = db_.acquire();
    if (!lease) return lease.error();
    auto f = store::catalogue_fingerprint(**lease);
    if (!f) return f.error();
    fp = std::move(f).value();
  }
  if (fp == seen_) return ok_status();
  if (auto s = catalog_.reload(db_); !s) return s.error();
  seen_ = std::move(fp);
  log_.info("catalogue index rebuilt", {{"products", static_cast<int64_t>(catalog_.index()->drugs().size())}});
  return ok_status();
}

void CatalogueWatcher::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    if (auto s = check_now(); !s) log_.warn("catalogue check failed", {{"error", s.error().message}});
    lock.lock();
  }
}

}  // namespace hf::service
