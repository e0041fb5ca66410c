// healthflow catalog import FILE (DOMAIN.md "Drug catalogue": an admin can import a newer
// catalogue file). Every row is validated first; a bad row is reported with its line number and
// nothing is imported. The good file is upserted by registration number in one transaction.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "service/audit_log.hpp"
#include "service/catalog.hpp"

namespace hf::cli {

int catalog_import(app::Config config, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "healthflow: cannot read " << file << "\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();

  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  app::App& a = *opened->app;
  auto kb = service::load_knowledge_base(a.config.reference_data_dir);
  if (!kb) {
    std::cerr << "healthflow: cannot load the knowledge base: " << kb.error().message << "\n";
    return 1;
  }
  auto drugs = service::parse_drug_file(text.str(), *kb);
  if (!drugs) {
    std::cerr << "healthflow: " << file << " was not imported: " << drugs.error().message << "\n";
    for (const auto& f : drugs.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  }
  auto imported = service::import_drugs(*a.db, *drugs, service::now_ms());
  if (!imported) {
    std::cerr << "healthflow: " << file << " was not imported: " << imported.error().message << "\n";
    return 1;
  }
  std::cout << "imported " << imported->rows << " products (" << imported->inserted << " new, " << imported->updated
            << " updated). Running servers rebuild their search index from the table.\n";
  return 0;
}

}  // namespace hf::cli
