// healthflow reports rebuild (docs/reports.md "How reports stay fast"): rebuilds every
// report summary table from the raw tables in one transaction. Run it after a bulk import that
// bypassed the triggers, or after a knowledge-base update changed which ingredients are
// antibiotics (the server then logs a warning and the summary reports answer 503 until it is run).
// Servers may keep running: readers go on; on PostgreSQL writers wait for the rebuild to commit.
#include <iostream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "service/catalog.hpp"
#include "service/reports.hpp"

namespace hf::cli {

int reports_rebuild(app::Config config) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  app::App& a = *opened->app;
  store::Migrator migrator(*a.db, opened->migrations);
  auto states = migrator.status();
  if (!states) {
    std::cerr << "healthflow: cannot read the migration state: " << states.error().message << "\n";
    return 1;
  }
  if (!migrator.pending_names(*states).empty()) {
    std::cerr << "healthflow: the database has pending migrations. Run `healthflow migrate up` first.\n";
    return 1;
  }
  auto kb = service::load_knowledge_base(a.config.reference_data_dir);
  if (!kb) {
    std::cerr << "healthflow: cannot load the knowledge base: " << kb.error().message << "\n";
    return 1;
  }
  auto ms = service::rebuild_report_summaries(*a.db, *kb);
  if (!ms) {
    std::cerr << "healthflow: the report summaries were not rebuilt: " << ms.error().message << "\n";
    return 1;
  }
  std::cout << "report summaries rebuilt in " << *ms << " ms\n";
  return 0;
}

}  // namespace hf::cli
