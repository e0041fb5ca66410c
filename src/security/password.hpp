#pragma once
// Password storage with Argon2id (libsodium crypto_pwhash_str): the stored string carries its own
// salt and parameters ("$argon2id$v=19$m=19456,t=3,p=1$..."), so parameters can be raised later
// and old hashes upgraded at the next successful login (needs_rehash).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace hf::security {

// Defaults follow the OWASP Password Storage Cheat Sheet's Argon2id baseline (m = 19 MiB, p = 1,
// which is also RFC 9106's memory-constrained profile's spirit) with one more pass than its t = 2
// for margin. We pick 19 MiB rather than 32/64 MiB because the servers have 2 shared cores and
// little memory: every concurrent hash pins mem_limit bytes, and PasswordHasher's bound times
// 19 MiB is the most a login flood can take. Time cost is raised with ops_limit, not memory.
struct HashPolicy {
  std::uint64_t ops_limit = 3;
  std::size_t mem_limit_bytes = std::size_t{19} * 1024 * 1024;
};

// Error::unavailable if the memory for the hash cannot be had (the only way libsodium fails here).
Result<std::string> hash_password(std::string_view password, const HashPolicy& policy = {});

// True only if `stored` is a well-formed Argon2 string and the password matches it.
bool verify_password(std::string_view stored, std::string_view password);

// True if `stored` is not Argon2id with exactly these parameters (including if it is malformed),
// so the caller re-hashes the password it has just verified.
bool needs_rehash(std::string_view stored, const HashPolicy& policy = {});

}  // namespace hf::security
