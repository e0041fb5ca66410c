#include "app/bootstrap.hpp"

#include "security/data_cipher.hpp"
#include "security/encoding.hpp"
#include "security/init.hpp"
#include "security/jwt.hpp"
#include "service/audit_log.hpp"
#include "service/reports.hpp"
#include "store/report_pending.hpp"

namespace hf::app {

int64_t business_now(const App& app) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
             .count() +
         app.clock_offset_ms.load();
}

Result<Opened> open_app(Config config) {
  if (auto s = security::initialize(); !s) return s.error();
  if (auto s = ensure_secrets(config); !s) return s.error();
  Opened out;
  out.app = std::make_unique<App>();
  App& a = *out.app;
  a.log = std::make_unique<obs::Logger>(obs::parse_level(config.log_level));
  store::DatabaseOptions db;
  db.url = config.database_url;
  db.default_sqlite = config.sqlite_default_path();
  db.pool_size = config.db_pool_size;
  auto cipher = security::DataCipher::create(config.data_encryption_key, config.previous_data_encryption_keys);
  if (!cipher) return cipher.error();
  db.cipher = std::make_shared<const security::DataCipher>(std::move(cipher).value());
  auto opened = store::open_database(db);
  if (!opened) return opened.error();
  a.db = std::move(opened).value();
  // The batch's report summaries before each group commit (SQLite; store/report_pending.hpp).
  a.writes = store::make_write_queue(*a.db, store::fold_pending_reports);
  a.audit = std::make_unique<service::AuditAppender>(*a.db, a.metrics, *a.writes);
  service::SessionStateSettings sessions;
  sessions.revocation_lifetime_ms =
      (int64_t{config.access_token_ttl_seconds} + security::jwt::kDefaultLeewaySeconds) * 1000;
  a.sessions = std::make_unique<service::SessionState>(*a.db, a.writes.get(), *a.log, sessions);
  auto migrations = store::Migrator::load(config.migrations_dir, a.db->dialect());
  if (!migrations) return migrations.error();
  out.migrations = std::move(migrations).value();
  a.latest_schema_version = out.migrations.empty() ? 0 : out.migrations.back().version;
  if (config.jwt_secret.size() < 32) return Error::invalid("JWT_SECRET must be at least 32 characters");
  // At most four Argon2id computations at once (each takes 19 MiB): a login flood waits or gets
  // 503, it cannot exhaust memory.
  auto hasher = security::PasswordHasher::create(4, std::chrono::milliseconds(3000));
  if (!hasher) return hasher.error();
  a.hasher = std::move(hasher).value();
  auto breached = security::BreachedPasswords::load(config.reference_data_dir + "/common-passwords.txt");
  if (!breached) return breached.error();
  a.breached_passwords = std::move(breached).value();
  auto key = security::SigningKey::from_base64url(config.signing_key);
  if (!key) return Error::invalid("PRESCRIPTION_SIGNING_KEY must be a base64url Ed25519 seed (32 bytes)");
  a.signing_key = std::make_unique<security::SigningKey>(std::move(key).value());
  for (const auto& encoded : config.previous_public_keys) {
    auto bytes = security::base64url_decode(encoded);
    if (!bytes || bytes->size() != 32) return Error::invalid("PRESCRIPTION_PREVIOUS_PUBLIC_KEYS holds a bad key");
    security::PublicKey pk{};
    std::copy(bytes->begin(), bytes->end(), pk.begin());
    a.previous_public_keys.push_back(pk);
  }
  a.config = std::move(config);
  return out;
}

namespace {

Status start_regulation_workers(App& a) {
  const auto& c = a.config;
  a.catalogue_watcher = std::make_unique<service::CatalogueWatcher>(*a.db, *a.catalog, *a.log,
                                                                    std::chrono::milliseconds(c.catalogue_refresh_ms));
  a.catalogue_watcher->start();
  a.rate_limiter =
      std::make_unique<service::RateLimiter>(a.db.get(), *a.log, std::chrono::milliseconds(c.rate_limit_sync_ms));
  if (c.rate_limits) a.rate_limiter->start();
  service::WebhookSettings w;
  w.allow_private = c.webhook_allow_private;
  w.timeout = std::chrono::milliseconds(c.webhook_timeout_ms);
  w.retry_base = std::chrono::milliseconds(c.webhook_retry_base_ms);
  w.give_up = std::chrono::milliseconds(int64_t{c.webhook_give_up_seconds} * 1000);
  w.poll = std::chrono::milliseconds(c.webhook_poll_ms);
  a.webhook_worker = std::make_unique<service::WebhookWorker>(*a.db, *a.log, a.metrics, w);
  a.webhook_worker->start();
  service::SmsSettings sms;
  sms.gateway_url = c.sms_gateway_url;
  sms.api_key = c.sms_api_key;
  sms.poll = std::chrono::milliseconds(c.sms_poll_ms);
  sms.retry_base = std::chrono::milliseconds(c.sms_retry_base_ms);
  a.sms_sender = std::make_unique<service::SmsSender>(*a.db, *a.log, a.metrics, sms);
  a.sms_sender->start();
  if (c.webhook_allow_private) a.log->warn("WEBHOOK_ALLOW_PRIVATE=1: webhooks may target private addresses");
  return ok_status();
}

}  // namespace

Status open_services(App& a) {
  // Issue 4: the drug catalogue (imported from data/drugs.csv into an empty table), its search
  // index and the clinical knowledge base. Needs the schema, so it runs after migrations.
  auto catalog = service::Catalog::open(*a.db, a.config.reference_data_dir, service::now_ms());
  if (!catalog) return catalog.error();
  a.catalog = std::move(catalog).value();
  const auto bytes = static_cast<int64_t>(a.catalog->index_bytes());
  a.metrics.set("catalog_index_bytes", static_cast<double>(bytes));
  // Issue 7: follow directory edits made by other server copies, count request quotas, deliver
  // webhooks. Threads stop and join when the App goes (webhook worker first).
  if (auto s = start_regulation_workers(a); !s) return s;
  // Revocations published by other server copies (and those in force at start), then polled.
  if (auto s = a.sessions->start(); !s) return s;
  // Issue 6: report reference data (antibiotic ingredients) and the audit chain anchors.
  if (auto s = service::sync_report_reference(a); !s) return s;
  if (a.config.audit_anchor_minutes > 0 && !a.audit_anchor) {
    a.audit_anchor =
        std::make_unique<service::AuditAnchor>(*a.db, *a.log, std::chrono::minutes(a.config.audit_anchor_minutes));
  }
  a.log->info("catalogue loaded", {{"products", static_cast<int64_t>(a.catalog->index()->drugs().size())},
                                   {"imported", a.catalog->seeded()},
                                   {"index_bytes", bytes}});
  return ok_status();
}

}  // namespace hf::app
