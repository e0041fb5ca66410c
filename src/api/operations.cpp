#include "api/operations.hpp"

#include <chrono>

#include "api/json_io.hpp"
#include "app/build_info.hpp"
#include "store/database.hpp"

namespace hf::api::operations {

http::Response health(app::App& app, http::Request&) {
  json::object checks;
  bool ok = true;
  const auto start = std::chrono::steady_clock::now();
  auto lease = app.db->acquire();
  Result<store::QueryResult> probe = lease ? (*lease)->query("SELECT 1") : Result<store::QueryResult>(lease.error());
  const double latency = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (probe) {
    checks["database"] = {{"status", "ok"}, {"latency_ms", std::round(latency * 100) / 100}};
  } else {
    ok = false;
    checks["database"] = {{"status", "unavailable"}, {"detail", "the database cannot be reached"}};
  }
  int current = 0;
  if (probe) {
    auto v = (*lease)->query("SELECT MAX(version) FROM schema_migrations");
    if (v && !v->empty()) current = static_cast<int>(v->first().integer(0));
  }
  const bool behind = probe && current < app.latest_schema_version;
  if (probe) {
    checks["migrations"] = {
        {"status", behind ? "behind" : "ok"}, {"current", current}, {"latest", app.latest_schema_version}};
    if (behind) ok = false;
  } else {
    checks["migrations"] = {{"status", "unknown"}, {"latest", app.latest_schema_version}};
  }
  json::object body{{"status", ok ? "ok" : "unavailable"}, {"checks", std::move(checks)}};
  auto res = json_response(ok ? 200 : 503, body);
  if (!ok) res.set_header("Retry-After", "5");
  return res;
}

http::Response version(app::App& app, http::Request&) {
  return json_response(200, json::object{{"version", build::kVersion},
                                         {"commit", build::kCommit},
                                         {"build_time", build::kBuildTime},
                                         {"schema_version", app.latest_schema_version}});
}

http::Response metrics(app::App& app, http::Request&) {
  http::Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  // Group commit: units written and the commits (fsyncs) that carried them.
  const auto writes = app.writes->stats();
  app.metrics.set_total("db_write_batches_total", static_cast<double>(writes.batches));
  app.metrics.set_total("db_write_units_total", static_cast<double>(writes.units));
  app.metrics.set_total("audit_group_commits_total", static_cast<double>(app.audit->own_batches().batches));
  // Statements sent to the database; "dedicated" ones ran on the writers' own connections (the
  // group commit), the rest on pooled connections (requests and background workers).
  const auto statements = app.db->statements();
  app.metrics.set_total("db_statements_total", static_cast<double>(statements.all));
  app.metrics.set_total("db_statements_dedicated_total", static_cast<double>(statements.dedicated));
  r.body = app.metrics.render(app.db->stats());
  return r;
}

}  // namespace hf::api::operations
