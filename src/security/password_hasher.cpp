#include "security/password_hasher.hpp"

#include "security/password_policy.hpp"
#include "security/random.hpp"

namespace hf::security {

namespace {

Error busy() {
  return Error::unavailable("too many sign-ins in progress, try again shortly");
}
Error mismatch() {
  return Error::unauthorized("invalid credentials");
}

}  // namespace

// Holds one of the semaphore's slots for the duration of one Argon2 computation.
class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& owner) : owner_(owner), held_(owner.slots_.try_acquire_for(owner.max_wait_)) {
    if (!held_) return;
    const std::size_t now = owner_.in_flight_.fetch_add(1) + 1;
    std::size_t peak = owner_.peak_in_flight_.load();
    while (now > peak && !owner_.peak_in_flight_.compare_exchange_weak(peak, now)) {
    }
  }
  ~Slot() {
    if (!held_) return;
    owner_.in_flight_.fetch_sub(1);
    owner_.slots_.release();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  bool held() const { return held_; }

 private:
  PasswordHasher& owner_;
  bool held_;
};

Result<std::unique_ptr<PasswordHasher>> PasswordHasher::create(std::size_t max_concurrent,
                                                               std::chrono::milliseconds max_wait, HashPolicy policy) {
  if (max_concurrent == 0) return Error::internal("password hasher needs at least one slot");
  std::unique_ptr<PasswordHasher> hasher(new PasswordHasher(max_concurrent, max_wait, policy));
  // A random password nobody knows, hashed with the same policy, so a dummy verify costs the same.
  auto dummy = hash_password(random_token("dummy_"), policy);
  if (!dummy) return dummy.error();
  hasher->dummy_hash_ = std::move(dummy).value();
  return hasher;
}

PasswordHasher::PasswordHasher(std::size_t max_concurrent, std::chrono::milliseconds max_wait, HashPolicy policy)
    : policy_(policy), max_wait_(max_wait), slots_(static_cast<std::ptrdiff_t>(max_concurrent)) {}

Result<std::string> PasswordHasher::hash(std::string_view password) {
  const Slot slot(*this);
  if (!slot.held()) return busy();
  return hash_password(password, policy_);
}

Status PasswordHasher::verify(std::string_view stored, std::string_view password) {
  return verify_in_slot(stored, password);
}

Status PasswordHasher::verify_unknown_user(std::string_view password) {
  Status result = verify_in_slot(dummy_hash_, password);
  if (!result.ok() && result.error().kind == ErrorKind::unavailable) return result;
  return mismatch();
}

Status PasswordHasher::verify_in_slot(std::string_view stored, std::string_view password) {
  // No valid password is longer than this (password_policy.hpp), so don't spend Argon2 on it.
  if (password.size() > kPasswordMaxCodePoints * 4) return mismatch();
  const Slot slot(*this);
  if (!slot.held()) return busy();
  if (!verify_password(stored, password)) return mismatch();
  return ok_status();
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  return security::needs_rehash(stored, policy_);
}

}  // namespace hf::security
