#pragma once
// Argon2id is deliberately expensive in memory; without a bound, a flood of login requests would
// make the server allocate mem_limit per request until it is killed. PasswordHasher lets at most
// N hashes run at once and makes the rest wait a short while, then answers "busy" (503) instead.
// It also gives unknown usernames the same Argon2 work as known ones, so response time does not
// reveal which usernames exist (API.md: "same answer whether the user exists or not").

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <semaphore>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "security/password.hpp"

namespace hf::security {

class PasswordHasher {
 public:
  // Computes the dummy hash for unknown users, hence a factory: that can fail for lack of memory.
  static Result<std::unique_ptr<PasswordHasher>> create(std::size_t max_concurrent, std::chrono::milliseconds max_wait,
                                                        HashPolicy policy = {});

  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Error::unavailable when all slots stay busy for max_wait.
  Result<std::string> hash(std::string_view password);
  // ok only when the password matches; Error::unauthorized otherwise, Error::unavailable when busy.
  // Returning Status (not Result<bool>) keeps `if (hasher.verify(...))` meaning "password matched".
  Status verify(std::string_view stored, std::string_view password);
  // The same work as verify() against a hash no password matches; always unauthorized (or busy).
  Status verify_unknown_user(std::string_view password);
  bool needs_rehash(std::string_view stored) const;

  const HashPolicy& policy() const { return policy_; }
  // For the metrics endpoint: hashes running now, and the most that ever ran at once.
  std::size_t in_flight() const { return in_flight_.load(); }
  std::size_t peak_in_flight() const { return peak_in_flight_.load(); }

 private:
  class Slot;
  PasswordHasher(std::size_t max_concurrent, std::chrono::milliseconds max_wait, HashPolicy policy);
  Status verify_in_slot(std::string_view stored, std::string_view password);

  HashPolicy policy_;
  std::chrono::milliseconds max_wait_;
  std::counting_semaphore<> slots_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> peak_in_flight_{0};
  std::string dummy_hash_;
};

}  // namespace hf::security
