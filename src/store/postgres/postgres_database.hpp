#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace hf::store {

// libpq backend: a pool of connections; statements prepared once per connection; a connection
// that fails is dropped and the next acquire reconnects (recovery without a restart).
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size, int acquire_timeout_ms,
                                                std::shared_ptr<const security::DataCipher> cipher);

}  // namespace hf::store
