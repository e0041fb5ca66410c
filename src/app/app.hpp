#pragma once
// Everything a request handler may use, built once at start-up (cli/serve) and passed by
// reference: no global mutable state. Later issues add their services here.

#include <atomic>
#include <memory>
#include <vector>

#include "app/config.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "security/breached_passwords.hpp"
#include "security/password_hasher.hpp"
#include "security/signing.hpp"
#include "service/audit_appender.hpp"
#include "service/audit_log.hpp"
#include "service/catalog.hpp"
#include "service/code_guess_limit.hpp"
#include "service/directory_watch.hpp"
#include "service/rate_limit.hpp"
#include "service/session_state.hpp"
#include "service/sms_sender.hpp"
#include "service/webhook_worker.hpp"
#include "store/database.hpp"
#include "store/write_queue.hpp"

namespace hf::app {

struct App {
  Config config;
  std::unique_ptr<obs::Logger> log;
  obs::Metrics metrics;
  std::unique_ptr<store::Database> db;
  // Group commit for write use cases (store/write_queue.hpp); stops after the audit appender,
  // which uses it on SQLite, and before the database.
  std::unique_ptr<store::WriteQueue> writes;
  // Group commit for audit entries of reads and refusals; stops before the write queue.
  std::unique_ptr<service::AuditAppender> audit;
  // Typed-code guesses in flight in this process (service/code_guess_limit.hpp).
  std::unique_ptr<service::CodeGuessGate> code_guesses = std::make_unique<service::CodeGuessGate>();
  // Verified access tokens, revoked sessions and session activity, in memory (the request path
  // reads no session from the database); polls and flushes once started by open_services().
  // Declared after the write queue, which its last flush uses.
  std::unique_ptr<service::SessionState> sessions;
  int latest_schema_version = 0;
  // Drug search index and clinical knowledge base; set by open_services() before serving.
  std::unique_ptr<service::Catalog> catalog;

  // Identity.
  std::unique_ptr<security::PasswordHasher> hasher;
  security::BreachedPasswords breached_passwords;

  // Audit chain anchors, started by open_services(); stops and joins when the App goes.
  std::unique_ptr<service::AuditAnchor> audit_anchor;

  // Prescribing: the key that signs QR tokens, and public keys of earlier keys so that
  // prescriptions signed before a rotation still verify.
  std::unique_ptr<security::SigningKey> signing_key;
  std::vector<security::PublicKey> previous_public_keys;
  // Business clock: system time plus an offset that only HF_TEST_HOOKS can move (expiry tests).
  std::atomic<int64_t> clock_offset_ms{0};

  // Regulation and integration, declared last so that they stop before what they use:
  // the search index follower, the request quotas and the webhook delivery worker. Created by
  // open_services(); started by start_workers() when serving.
  std::unique_ptr<service::CatalogueWatcher> catalogue_watcher;
  std::unique_ptr<service::RateLimiter> rate_limiter;
  std::unique_ptr<service::WebhookWorker> webhook_worker;
  // Issue 5: the SMS outbox sender.
  std::unique_ptr<service::SmsSender> sms_sender;
};

// "Now" for business rules (issue, expiry, repeat intervals), in epoch milliseconds.
int64_t business_now(const App& app);

}  // namespace hf::app
