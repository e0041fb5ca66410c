#pragma once
// Configuration by flags and environment (README "Configuration" lists every setting).
// Secrets come from the environment; in development they are generated once into
// <data-dir>/secrets/ with 0600 permissions.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace hf::app {

struct Config {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;
  int threads = 0;  // 0 = core count
  std::string data_dir = "./var";
  std::string database_url;  // empty = sqlite under data_dir
  int db_pool_size = 8;
  std::string log_level = "info";
  std::string web_root;            // built portals (web/dist)
  std::string migrations_dir;      // migrations/*.sql
  std::string reference_data_dir;  // data/*.csv
  std::string jwt_secret;
  std::string signing_key;                        // Ed25519 seed, base64url
  std::vector<std::string> previous_public_keys;  // base64url, still accepted when verifying
  // Seals TOTP seeds, webhook secrets, national IDs and phones at rest (security/data_cipher.hpp);
  // previous keys still open and match during a rotation (`healthflow keys reencrypt`).
  std::string data_encryption_key;
  std::vector<std::string> previous_data_encryption_keys;
  std::vector<std::string> mfa_required_roles{"admin", "doctor"};
  bool rate_limits = true;
  bool webhook_allow_private = false;
  // Regulation and integration. Requests per hour by kind of caller
  // (docs/architecture/rate-limits.md); webhook delivery timing.
  int rate_limit_anon = 100;
  int rate_limit_patient = 1000;
  int rate_limit_professional = 5000;  // doctor, pharmacist
  int rate_limit_admin = 10000;        // admin, regulator, facility_admin
  int rate_limit_integrator = 5000;    // API keys
  int rate_limit_sync_ms = 1000;
  int webhook_give_up_seconds = 86400;
  int webhook_timeout_ms = 5000;
  int webhook_retry_base_ms = 1000;
  int webhook_poll_ms = 500;
  int catalogue_refresh_ms = 1000;
  bool trust_proxy = false;
  int drain_timeout_seconds = 10;
  int request_timeout_seconds = 15;
  int access_token_ttl_seconds = 900;
  int session_idle_seconds = 900;
  int session_max_seconds = 12 * 3600;
  std::string sms_gateway_url;
  std::string sms_api_key;
  int sms_poll_ms = 1000;
  int sms_retry_base_ms = 2000;
  bool verify_national_id_check_digit = false;
  int prescription_validity_days = 30;
  int controlled_validity_days = 7;
  // A pharmacy dispenses only within this many minutes of verifying the prescription by QR token
  // or code: a later visit needs the patient, or their code, at the counter again.
  int dispense_verification_minutes = 30;
  std::string issuer = "healthflow";
  // Issue 6: the audit chain head is logged every N minutes (0 = off); controlled-substance
  // alert thresholds (DOMAIN.md "Reports for regulators").
  int audit_anchor_minutes = 60;
  int controlled_alert_prescribers = 3;
  int controlled_alert_pharmacies = 3;
  int controlled_alert_days = 90;
  // HF_TEST_HOOKS=1 adds /__test/* endpoints that API tests need (a slow request for the
  // SIGTERM drain test). Never set in production; the server logs a warning when it is.
  bool test_hooks = false;

  std::string sqlite_default_path() const { return data_dir + "/healthflow.db"; }
};

using Environment = std::map<std::string, std::string>;
Environment process_environment();

// Reads the environment into a Config (flags are applied by the CLI afterwards).
Result<Config> config_from_environment(const Environment& env);
// Finds folders relative to the executable when not configured: an installed layout
// (<prefix>/share/healthflow/...) or the source tree (build/healthflow -> ../migrations).
void resolve_paths(Config& c, const std::string& executable_path);
// Fills jwt_secret, signing_key and data_encryption_key from <data_dir>/secrets when the environment gave none.
Status ensure_secrets(Config& c);

}  // namespace hf::app
