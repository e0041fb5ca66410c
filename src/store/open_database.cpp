#include "store/database.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace hf::store {

Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& o) {
  const std::string& url = o.url;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return open_postgres(url, o.pool_size, o.acquire_timeout_ms, o.cipher);
  }
  if (url.empty() || url == "sqlite://" || url == "sqlite:") {
    return open_sqlite(o.default_sqlite, o.pool_size, o.acquire_timeout_ms, o.cipher);
  }
  if (url.rfind("sqlite://", 0) == 0) return open_sqlite(url.substr(9), o.pool_size, o.acquire_timeout_ms, o.cipher);
  if (url.rfind("sqlite:", 0) == 0) return open_sqlite(url.substr(7), o.pool_size, o.acquire_timeout_ms, o.cipher);
  return Error::invalid("DATABASE_URL must start with sqlite:// or postgresql://");
}

}  // namespace hf::store
