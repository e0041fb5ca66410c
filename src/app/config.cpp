#include "app/config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "security/encoding.hpp"
#include "security/random.hpp"

extern char** environ;

namespace hf::app {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

Result<int> to_int(const std::string& name, const std::string& v, int lo, int hi) {
  try {
    size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used != v.size() || n < lo || n > hi) throw std::out_of_range(name);
    return n;
  } catch (const std::exception&) {
    return Error::invalid(name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
}

bool truthy(const std::string& v) {
  return v == "1" || v == "true" || v == "on" || v == "yes";
}

// Reads a secret file, or creates it with fresh random content readable only by us.
Result<std::string> secret_file(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path);
    std::string value;
    std::getline(in, value);
    if (!value.empty()) return value;
  }
  fs::create_directories(path.parent_path(), ec);
  ::chmod(path.parent_path().c_str(), 0700);
  const std::string value = security::base64url_encode(security::random_bytes(32));
  const std::string tmp = path.string() + ".tmp";
  const mode_t old = ::umask(0077);
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << value << "\n";
    if (!out) {
      ::umask(old);
      return Error::invalid("cannot write secret file " + path.string());
    }
  }
  ::umask(old);
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, path, ec);
  if (ec) return Error::invalid("cannot write secret file " + path.string());
  return value;
}

}  // namespace

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

Result<Config> config_from_environment(const Environment& env) {
  Config c;
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("HOST")) c.host = *v;
  if (auto v = get("PORT")) {
    auto n = to_int("PORT", *v, 0, 65535);
    if (!n) return n.error();
    c.port = static_cast<uint16_t>(*n);
  }
  if (auto v = get("THREADS")) {
    auto n = to_int("THREADS", *v, 1, 256);
    if (!n) return n.error();
    c.threads = *n;
  }
  if (auto v = get("HF_DATA_DIR")) c.data_dir = *v;
  if (auto v = get("DATABASE_URL")) c.database_url = *v;
  if (auto v = get("DB_POOL_SIZE")) {
    auto n = to_int("DB_POOL_SIZE", *v, 1, 200);
    if (!n) return n.error();
    c.db_pool_size = *n;
  }
  if (auto v = get("LOG_LEVEL")) c.log_level = *v;
  if (auto v = get("HF_WEB_ROOT")) c.web_root = *v;
  if (auto v = get("HF_MIGRATIONS_DIR")) c.migrations_dir = *v;
  if (auto v = get("HF_REFERENCE_DATA_DIR")) c.reference_data_dir = *v;
  if (auto v = get("JWT_SECRET")) c.jwt_secret = *v;
  if (auto v = get("PRESCRIPTION_SIGNING_KEY")) c.signing_key = *v;
  if (auto v = get("PRESCRIPTION_PREVIOUS_PUBLIC_KEYS")) c.previous_public_keys = split_list(*v);
  if (auto v = get("DATA_ENCRYPTION_KEY")) c.data_encryption_key = *v;
  if (auto v = get("DATA_ENCRYPTION_KEY_PREVIOUS")) c.previous_data_encryption_keys = split_list(*v);
  if (auto v = get("MFA_REQUIRED_ROLES")) c.mfa_required_roles = split_list(*v);
  if (auto v = get("RATE_LIMITS")) c.rate_limits = !(*v == "off" || *v == "0" || *v == "false");
  if (auto v = get("WEBHOOK_ALLOW_PRIVATE")) c.webhook_allow_private = truthy(*v);
  const std::pair<const char*, int*> issue7_numbers[] = {{"RATE_LIMIT_ANON", &c.rate_limit_anon},
                                                         {"RATE_LIMIT_PATIENT", &c.rate_limit_patient},
                                                         {"RATE_LIMIT_PROFESSIONAL", &c.rate_limit_professional},
                                                         {"RATE_LIMIT_ADMIN", &c.rate_limit_admin},
                                                         {"RATE_LIMIT_INTEGRATOR", &c.rate_limit_integrator},
                                                         {"RATE_LIMIT_SYNC_MS", &c.rate_limit_sync_ms},
                                                         {"WEBHOOK_GIVE_UP_SECONDS", &c.webhook_give_up_seconds},
                                                         {"WEBHOOK_TIMEOUT_MS", &c.webhook_timeout_ms},
                                                         {"WEBHOOK_RETRY_BASE_MS", &c.webhook_retry_base_ms},
                                                         {"WEBHOOK_POLL_MS", &c.webhook_poll_ms},
                                                         {"CATALOGUE_REFRESH_MS", &c.catalogue_refresh_ms}};
  for (const auto& [name, target] : issue7_numbers) {
    if (auto v = get(name)) {
      auto n = to_int(name, *v, 1, 100000000);
      if (!n) return n.error();
      *target = *n;
    }
  }
  if (auto v = get("TRUST_PROXY")) c.trust_proxy = truthy(*v);
  if (auto v = get("DRAIN_TIMEOUT_SECONDS")) {
    auto n = to_int("DRAIN_TIMEOUT_SECONDS", *v, 0, 600);
    if (!n) return n.error();
    c.drain_timeout_seconds = *n;
  }
  if (auto v = get("REQUEST_TIMEOUT_SECONDS")) {
    auto n = to_int("REQUEST_TIMEOUT_SECONDS", *v, 1, 600);
    if (!n) return n.error();
    c.request_timeout_seconds = *n;
  }
  if (auto v = get("ACCESS_TOKEN_TTL_SECONDS")) {
    auto n = to_int("ACCESS_TOKEN_TTL_SECONDS", *v, 30, 86400);
    if (!n) return n.error();
    c.access_token_ttl_seconds = *n;
  }
  if (auto v = get("SMS_GATEWAY_URL")) c.sms_gateway_url = *v;
  if (auto v = get("SMS_API_KEY")) c.sms_api_key = *v;
  if (auto v = get("SMS_POLL_MS")) {
    auto n = to_int("SMS_POLL_MS", *v, 10, 600000);
    if (!n) return n.error();
    c.sms_poll_ms = *n;
  }
  if (auto v = get("SMS_RETRY_BASE_MS")) {
    auto n = to_int("SMS_RETRY_BASE_MS", *v, 10, 600000);
    if (!n) return n.error();
    c.sms_retry_base_ms = *n;
  }
  if (auto v = get("HF_TEST_HOOKS")) c.test_hooks = truthy(*v);
  if (auto v = get("NATIONAL_ID_CHECK_DIGIT")) c.verify_national_id_check_digit = truthy(*v);
  if (auto v = get("PRESCRIPTION_VALIDITY_DAYS")) {
    auto n = to_int("PRESCRIPTION_VALIDITY_DAYS", *v, 1, 365);
    if (!n) return n.error();
    c.prescription_validity_days = *n;
  }
  if (auto v = get("CONTROLLED_VALIDITY_DAYS")) {
    auto n = to_int("CONTROLLED_VALIDITY_DAYS", *v, 1, 365);
    if (!n) return n.error();
    c.controlled_validity_days = *n;
  }
  if (auto v = get("DISPENSE_VERIFICATION_MINUTES")) {
    auto n = to_int("DISPENSE_VERIFICATION_MINUTES", *v, 1, 24 * 60);
    if (!n) return n.error();
    c.dispense_verification_minutes = *n;
  }
  if (auto v = get("AUDIT_ANCHOR_MINUTES")) {
    auto n = to_int("AUDIT_ANCHOR_MINUTES", *v, 0, 7 * 24 * 60);
    if (!n) return n.error();
    c.audit_anchor_minutes = *n;
  }
  if (auto v = get("CONTROLLED_ALERT_PRESCRIBERS")) {
    auto n = to_int("CONTROLLED_ALERT_PRESCRIBERS", *v, 2, 100);
    if (!n) return n.error();
    c.controlled_alert_prescribers = *n;
  }
  if (auto v = get("CONTROLLED_ALERT_PHARMACIES")) {
    auto n = to_int("CONTROLLED_ALERT_PHARMACIES", *v, 2, 100);
    if (!n) return n.error();
    c.controlled_alert_pharmacies = *n;
  }
  if (auto v = get("CONTROLLED_ALERT_DAYS")) {
    auto n = to_int("CONTROLLED_ALERT_DAYS", *v, 1, 366);
    if (!n) return n.error();
    c.controlled_alert_days = *n;
  }
  return c;
}

void resolve_paths(Config& c, const std::string& executable_path) {
  std::error_code ec;
  const fs::path exe = fs::weakly_canonical(fs::path(executable_path), ec);
  const fs::path dir = exe.parent_path();
  auto pick = [&](std::string& target, std::initializer_list<fs::path> candidates) {
    if (!target.empty()) return;
    for (const auto& p : candidates) {
      if (fs::is_directory(p, ec)) {
        target = fs::weakly_canonical(p, ec).string();
        return;
      }
    }
  };
  pick(c.migrations_dir, {dir / "../share/healthflow/migrations", dir / "../migrations", "migrations"});
  pick(c.reference_data_dir, {dir / "../share/healthflow/data", dir / "../data", "data"});
  pick(c.web_root, {dir / "../share/healthflow/web", dir / "../web/dist", "web/dist"});
  if (c.threads <= 0) c.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Status ensure_secrets(Config& c) {
  const fs::path secrets = fs::path(c.data_dir) / "secrets";
  if (c.jwt_secret.empty()) {
    auto v = secret_file(secrets / "jwt.key");
    if (!v) return v.error();
    c.jwt_secret = *v;
  }
  if (c.signing_key.empty()) {
    auto v = secret_file(secrets / "prescription-signing.key");
    if (!v) return v.error();
    c.signing_key = *v;
  }
  if (c.data_encryption_key.empty()) {
    auto v = secret_file(secrets / "data-encryption.key");
    if (!v) return v.error();
    c.data_encryption_key = *v;
  }
  return ok_status();
}

}  // namespace hf::app
