#include "app/bootstrap.hpp"

#include "security/init.hpp"

namespace hf::app {

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
  auto opened = store::open_database(db);
  if (!opened) return opened.error();
  a.db = std::move(opened).value();
  auto migrations = store::Migrator::load(config.migrations_dir, a.db->dialect());
  if (!migrations) return migrations.error();
  out.migrations = std::move(migrations).value();
  a.latest_schema_version = out.migrations.empty() ? 0 : out.migrations.back().version;
  a.config = std::move(config);
  return out;
}

}  // namespace hf::app
