// healthflow keys reencrypt: the last step of a data key rotation (docs/operations/data-encryption.md).
// Seals every protected value not yet under DATA_ENCRYPTION_KEY again with it (opening the old ones
// with DATA_ENCRYPTION_KEY_PREVIOUS) and recomputes the national ID blind index. Batches commit on
// their own and each row is rewritten only if unchanged since it was read, so it runs beside live
// servers that already use the new key. Afterwards the previous key can be retired.
#include <iostream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "security/data_cipher.hpp"
#include "store/protected_data.hpp"

namespace hf::cli {

int keys_reencrypt(app::Config config) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  auto lease = opened->app->db->acquire();
  if (!lease) {
    std::cerr << "healthflow: " << lease.error().message << "\n";
    return 1;
  }
  auto counts = store::protect_stored_data(**lease, store::ProtectStep::reseal, true);
  if (!counts) {
    std::cerr << "healthflow: re-encryption stopped: " << counts.error().message << "\n";
    return 1;
  }
  std::cout << "re-encrypted " << counts->changed << " of " << counts->examined << " protected values with key "
            << (*lease)->cipher().current_key_id() << "\n";
  return 0;
}

}  // namespace hf::cli
