// healthflow audit verify: walks the hash chain (DOMAIN.md "Audit") and names the first entry
// that does not verify. Exit 0 when the chain is intact, 1 when it is broken or unreadable.
#include <iostream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "service/audit_log.hpp"

namespace hf::cli {

int audit_verify(app::Config config) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  auto check = service::verify_audit_chain(*opened->app->db);
  if (!check) {
    std::cerr << "healthflow: cannot read the audit log: " << check.error().message << "\n";
    return 1;
  }
  if (check->ok) {
    std::cout << "ok: " << check->entries << " entries\n";
    return 0;
  }
  std::cout << "broken: first bad entry " << *check->first_bad_entry << " (seq " << *check->first_bad_seq << ") after "
            << check->entries << " good entries\n";
  return 1;
}

}  // namespace hf::cli
