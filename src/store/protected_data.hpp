#pragma once
// Bulk steps over every sealed column (store/protected_columns.hpp): SQL cannot encrypt, so
// migration 0010 runs these in C++ (store/migration_steps.cpp), and `healthflow keys reencrypt`
// runs the rotation step.

#include <cstdint>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

enum class ProtectStep {
  seal_clear,  // migrate up: seal values still in clear, fill the blind index; sealed ones stay
  reseal,      // rotation: everything not sealed with the current key is sealed with it again
  open,        // migrate down: back to clear, as the schema before 0010 expects
};

struct ProtectCounts {
  int64_t examined = 0;
  int64_t changed = 0;
};

// Walks each sealed column in batches (keyset on id). With own_transactions each batch commits on
// its own (a long rotation on a live database); otherwise the caller's transaction holds it all.
// Error::internal naming the column when a value cannot be opened (a key missing from
// DATA_ENCRYPTION_KEY_PREVIOUS): nothing of that batch is written.
Result<ProtectCounts> protect_stored_data(Connection& c, ProtectStep step, bool own_transactions = false);

}  // namespace hf::store
