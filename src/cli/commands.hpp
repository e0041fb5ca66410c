#pragma once
// One function per subcommand; main.cpp only parses the command line.

#include <string>
#include <vector>

#include "app/config.hpp"

namespace hf::cli {

struct ServeOptions {
  bool migrate = false;
};

int serve(app::Config config, const ServeOptions& options);
int migrate_up(app::Config config);
int migrate_down(app::Config config, int steps);
int migrate_status(app::Config config);
int print_version();

struct CreateUserOptions {
  std::string role = "admin";
  std::string username;
  std::string full_name;
  std::string full_name_ar;
  std::string license_no;
  std::vector<std::string> facility_ids;
};
int create_user(app::Config config, const CreateUserOptions& options);
int demo_seed(app::Config config);
// healthflow catalog import FILE.
int catalog_import(app::Config config, const std::string& file);
// healthflow audit verify: 0 when the chain verifies, 1 otherwise.
int audit_verify(app::Config config);
// healthflow reports rebuild: the report summaries rebuilt from the raw tables.
int reports_rebuild(app::Config config);
// healthflow backup --to FILE / restore --from FILE; restore verifies the audit chain.
int backup(app::Config config, const std::string& file);
int restore(app::Config config, const std::string& file);
// healthflow keys reencrypt: everything sealed again with DATA_ENCRYPTION_KEY (a key rotation).
int keys_reencrypt(app::Config config);

}  // namespace hf::cli
