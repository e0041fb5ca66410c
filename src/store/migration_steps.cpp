#include "store/migration_steps.hpp"

#include "store/protected_data.hpp"

namespace hf::store {

void attach_code_steps(Migration& m) {
  if (m.version == 10) {
    // 0010_protected_data: seal the TOTP seeds, webhook secrets, national IDs and phones still in
    // clear and fill the national ID blind index; down opens them again, since the schema before
    // 0010 (and the code that goes with it) reads them in clear. Down needs the keys.
    m.after_up = [](Connection& c) -> Status {
      auto r = protect_stored_data(c, ProtectStep::seal_clear);
      if (!r) return r.error();
      return ok_status();
    };
    m.before_down = [](Connection& c) -> Status {
      auto r = protect_stored_data(c, ProtectStep::open);
      if (!r) return r.error();
      return ok_status();
    };
  }
}

}  // namespace hf::store
