#include "store/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "store/migration_steps.hpp"

namespace hf::store {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
constexpr const char* kSelectApplied = "SELECT version, name, applied_at FROM schema_migrations ORDER BY version";
constexpr const char* kInsertApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
constexpr const char* kDeleteApplied = "DELETE FROM schema_migrations WHERE version = $1";
// Several server copies may start at once on PostgreSQL: one applies, the others wait.
constexpr const char* kPgLock = "SELECT pg_advisory_xact_lock(727274)";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Migrator::Migrator(Database& db, std::vector<Migration> migrations) : db_(db), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(), [](auto& a, auto& b) { return a.version < b.version; });
}

Result<std::vector<Migration>> Migrator::load(const std::string& dir, Dialect dialect) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::invalid("migrations folder not found: " + dir);
  const std::string dialect_name = dialect == Dialect::postgres ? "postgres" : "sqlite";
  static const std::regex kName(R"(^(\d{4})_([a-z0-9_]+)\.(up|down)(\.(postgres|sqlite))?\.sql$)");
  std::map<int, Migration> found;
  std::map<std::pair<int, std::string>, bool> has_variant;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    std::smatch m;
    if (!std::regex_match(file, m, kName)) continue;
    const std::string variant = m[5].str();
    if (!variant.empty() && variant != dialect_name) continue;
    const int version = std::stoi(m[1].str());
    auto& mig = found[version];
    mig.version = version;
    mig.name = m[2].str();
    const std::string dir_key = m[3].str();
    const auto key = std::make_pair(version, dir_key);
    if (!variant.empty()) {
      has_variant[key] = true;
    } else if (has_variant[key]) {
      continue;  // the dialect's own file wins
    }
    (dir_key == "up" ? mig.up_sql : mig.down_sql) = read_file(entry.path());
  }
  std::vector<Migration> out;
  for (auto& [v, m] : found) {
    if (m.up_sql.empty()) return Error::invalid("migration " + std::to_string(v) + " has no up file");
    attach_code_steps(m);
    out.push_back(std::move(m));
  }
  return out;
}

Status Migrator::ensure_table(Connection& c) {
  auto r = c.query(kCreateTable);
  if (!r) return r.error();
  return ok_status();
}

Result<std::vector<MigrationState>> Migrator::status() {
  auto lease = db_.acquire();
  if (!lease) return lease.error();
  if (auto s = ensure_table(**lease); !s) return s.error();
  auto rows = (*lease)->query(kSelectApplied);
  if (!rows) return rows.error();
  std::map<int, MigrationState> states;
  for (const auto& m : migrations_) states[m.version] = {m.version, m.name, false, 0};
  for (const auto& row : rows->rows) {
    const int v = static_cast<int>(row.integer(0));
    states[v] = {v, row.text(1), true, row.integer(2)};
  }
  std::vector<MigrationState> out;
  for (auto& [v, s] : states) out.push_back(s);
  return out;
}

Result<int> Migrator::current_version() {
  auto st = status();
  if (!st) return st.error();
  int v = 0;
  for (const auto& s : *st)
    if (s.applied) v = std::max(v, s.version);
  return v;
}

int Migrator::latest_version() const {
  return migrations_.empty() ? 0 : migrations_.back().version;
}

std::vector<std::string> Migrator::pending_names(const std::vector<MigrationState>& states) const {
  std::vector<std::string> out;
  for (const auto& s : states) {
    if (!s.applied) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%04d", s.version);
      out.push_back(std::string(buf) + "_" + s.name);
    }
  }
  return out;
}

Result<std::vector<int>> Migrator::up() {
  auto lease = db_.acquire();
  if (!lease) return lease.error();
  Connection& c = **lease;
  if (auto s = ensure_table(c); !s) return s.error();
  std::vector<int> applied;
  for (const auto& m : migrations_) {
    auto tx = Transaction::begin(c);
    if (!tx) return tx.error();
    if (c.dialect() == Dialect::postgres) {
      if (auto l = c.query(kPgLock); !l) return l.error();
    }
    auto exists = c.query("SELECT 1 FROM schema_migrations WHERE version = $1", {param(m.version)});
    if (!exists) return exists.error();
    if (!exists->empty()) continue;
    if (auto s = c.execute_script(m.up_sql); !s) {
      return Error::internal("migration " + std::to_string(m.version) + "_" + m.name + " failed: " + s.error().message);
    }
    if (m.after_up) {
      if (auto s = m.after_up(c); !s)
        return Error::internal("migration " + std::to_string(m.version) + "_" + m.name +
                               " failed: " + s.error().message);
    }
    if (auto r = c.query(kInsertApplied, {param(m.version), param(m.name), param(now_ms())}); !r) return r.error();
    if (auto s = tx->commit(); !s) return s.error();
    applied.push_back(m.version);
  }
  return applied;
}

Result<std::vector<int>> Migrator::down(int steps) {
  auto lease = db_.acquire();
  if (!lease) return lease.error();
  Connection& c = **lease;
  if (auto s = ensure_table(c); !s) return s.error();
  std::vector<int> reverted;
  for (int i = 0; i < steps; ++i) {
    auto tx = Transaction::begin(c);
    if (!tx) return tx.error();
    auto newest = c.query("SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1");
    if (!newest) return newest.error();
    if (newest->empty()) break;
    const int v = static_cast<int>(newest->first().integer(0));
    auto it = std::find_if(migrations_.begin(), migrations_.end(), [&](const Migration& m) { return m.version == v; });
    if (it == migrations_.end() || it->down_sql.empty()) {
      return Error::rule("migration " + std::to_string(v) + " has no down file here; cannot revert it");
    }
    if (it->before_down) {
      if (auto s = it->before_down(c); !s)
        return Error::internal("reverting migration " + std::to_string(v) + " failed: " + s.error().message);
    }
    if (auto s = c.execute_script(it->down_sql); !s) {
      return Error::internal("reverting migration " + std::to_string(v) + " failed: " + s.error().message);
    }
    if (auto r = c.query(kDeleteApplied, {param(v)}); !r) return r.error();
    if (auto s = tx->commit(); !s) return s.error();
    reverted.push_back(v);
  }
  return reverted;
}

}  // namespace hf::store
