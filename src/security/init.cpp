#include "security/init.hpp"

#include <sodium.h>

namespace hf::security {

Status initialize() {
  // 0 = initialised now, 1 = already initialised; both are fine.
  if (sodium_init() < 0) return Error::internal("cryptography library failed to initialise");
  return ok_status();
}

}  // namespace hf::security
