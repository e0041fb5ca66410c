#pragma once
// libsodium needs sodium_init() before first use: it picks the fastest CPU implementations and
// opens the system RNG. The application calls initialize() once at start, before it starts threads.

#include "domain/result.hpp"

namespace hf::security {

// Safe to call more than once (libsodium counts a repeat call as success). Fails only if the
// operating system cannot provide randomness, in which case the service must not start.
Status initialize();

}  // namespace hf::security
