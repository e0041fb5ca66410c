#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace hf::store {

// Embedded default: WAL, synchronous=FULL (an acknowledged commit survives power loss),
// foreign keys on, a busy timeout so concurrent writers queue instead of failing.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, int pool_size, int acquire_timeout_ms,
                                              std::shared_ptr<const security::DataCipher> cipher);

}  // namespace hf::store
