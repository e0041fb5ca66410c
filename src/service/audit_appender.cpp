#include "service/audit_appender.hpp"

namespace hf::service {

AuditAppender::AuditAppender(store::Database& db, obs::Metrics& metrics, store::WriteQueue& writes)
    : metrics_(metrics),
      own_(db.dialect() == store::Dialect::postgres ? store::make_batching_writer(db) : nullptr),
      writes_(own_ ? *own_ : writes) {}

Status AuditAppender::append(const AuditEntry& entry, int64_t at_ms, const store::WriteUnit* with) {
  metrics_.inc("audit_group_entries_total");
  return writes_.run([&](store::Connection& c) -> Status {
    if (with) {
      if (auto s = (*with)(c); !s) return s;
    }
    return append_audit(c, entry, at_ms);
  });
}

store::WriteQueueStats AuditAppender::own_batches() const {
  return own_ ? own_->stats() : store::WriteQueueStats{};
}

Error refuse_and_audit(AuditAppender& audit, AuditEntry entry, Error refusal) {
  entry.outcome = "denied";
  if (auto s = audit.append(entry, now_ms()); !s) return s.error();
  return refusal;
}

}  // namespace hf::service
