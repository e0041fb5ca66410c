#include "security/password.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "security/password_hasher.hpp"

namespace hf::security {
namespace {

// Cheapest parameters libsodium accepts, for tests that only care about behaviour, not cost.
constexpr HashPolicy kFast{1, 8192};

TEST(Password, HashIsArgon2idWithPolicyParameters) {
  const auto stored = hash_password("mbrxw-tqnzkp");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->rfind("$argon2id$v=19$m=19456,t=3,p=1$", 0), 0U) << *stored;
}

TEST(Password, VerifyAcceptsOnlyTheSamePassword) {
  const auto stored = hash_password("mbrxw-tqnzkp", kFast);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(verify_password(*stored, "mbrxw-tqnzkp"));
  EXPECT_FALSE(verify_password(*stored, "mbrxw-tqnzkP"));
  EXPECT_FALSE(verify_password(*stored, "mbrxw-tqnzk"));
  EXPECT_FALSE(verify_password(*stored, ""));
}

TEST(Password, SamePasswordHashesDifferently) {
  const auto a = hash_password("mbrxw-tqnzkp", kFast);
  const auto b = hash_password("mbrxw-tqnzkp", kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // random salt
}

TEST(Password, LongPasswordIsNeverTruncated) {
  // bcrypt silently ignores bytes past 72; Argon2 must not.
  const std::string long_password(128, 'x');
  const auto stored = hash_password(long_password, kFast);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(verify_password(*stored, long_password));
  EXPECT_FALSE(verify_password(*stored, long_password.substr(0, 127) + "y"));
  EXPECT_FALSE(verify_password(*stored, long_password.substr(0, 72)));
}

TEST(Password, VerifyRefusesMalformedStoredHash) {
  EXPECT_FALSE(verify_password("", "mbrxw-tqnzkp"));
  EXPECT_FALSE(verify_password("$argon2id$garbage", "mbrxw-tqnzkp"));
  EXPECT_FALSE(verify_password(std::string(500, '$'), "mbrxw-tqnzkp"));
}

TEST(Password, NeedsRehashWhenPolicyChanges) {
  const auto stored = hash_password("mbrxw-tqnzkp", kFast);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(needs_rehash(*stored, kFast));
  EXPECT_TRUE(needs_rehash(*stored, HashPolicy{}));
  EXPECT_TRUE(needs_rehash(*stored, HashPolicy{2, 8192}));
  EXPECT_TRUE(needs_rehash("not a hash", kFast));
}

TEST(Password, NeedsRehashForArgon2i) {
  // Same parameters but the older variant: moved to Argon2id at the next login.
  constexpr HashPolicy kArgon2iMinimum{3, 8192};
  std::array<char, crypto_pwhash_STRBYTES> argon2i{};
  ASSERT_EQ(
      crypto_pwhash_argon2i_str(argon2i.data(), "pw", 2, kArgon2iMinimum.ops_limit, kArgon2iMinimum.mem_limit_bytes),
      0);
  ASSERT_EQ(std::string_view(argon2i.data()).rfind("$argon2i$", 0), 0U);
  EXPECT_TRUE(verify_password(argon2i.data(), "pw"));
  EXPECT_TRUE(needs_rehash(argon2i.data(), kArgon2iMinimum));
}

TEST(PasswordHasher, VerifyStatusIsOkOnlyOnMatch) {
  auto hasher = PasswordHasher::create(2, std::chrono::seconds(5), kFast);
  ASSERT_TRUE(hasher.ok());
  auto& h = **hasher;
  const auto stored = h.hash("mbrxw-tqnzkp");
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(h.verify(*stored, "mbrxw-tqnzkp").ok());
  const auto wrong = h.verify(*stored, "wrong-password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::unauthorized);
  EXPECT_FALSE(h.verify(*stored, std::string(100'000, 'x')).ok());
  EXPECT_FALSE(h.needs_rehash(*stored));
}

TEST(PasswordHasher, UnknownUserIsRefusedWithTheSameError) {
  auto hasher = PasswordHasher::create(2, std::chrono::seconds(5), kFast);
  ASSERT_TRUE(hasher.ok());
  const auto stored = (*hasher)->hash("mbrxw-tqnzkp");
  ASSERT_TRUE(stored.ok());
  const auto unknown = (*hasher)->verify_unknown_user("mbrxw-tqnzkp");
  const auto wrong = (*hasher)->verify(*stored, "wrong-password");
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(unknown.error().kind, wrong.error().kind);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST(PasswordHasher, UnknownUserCostsAsMuchAsKnownUser) {
  // With the production policy a verify costs tens of milliseconds; a dummy path that skipped
  // Argon2 would answer in microseconds and tell an attacker which usernames exist.
  auto hasher = PasswordHasher::create(2, std::chrono::seconds(30));
  ASSERT_TRUE(hasher.ok());
  auto& h = **hasher;
  const auto stored = h.hash("mbrxw-tqnzkp");
  ASSERT_TRUE(stored.ok());
  const auto time = [](auto&& f) {
    std::vector<std::chrono::nanoseconds> samples;
    for (int i = 0; i < 3; ++i) {
      const auto start = std::chrono::steady_clock::now();
      f();
      samples.push_back(std::chrono::steady_clock::now() - start);
    }
    std::sort(samples.begin(), samples.end());
    return samples[1];  // median
  };
  const auto known = time([&] { (void)h.verify(*stored, "wrong-password"); });
  const auto unknown = time([&] { (void)h.verify_unknown_user("wrong-password"); });
  EXPECT_GT(unknown * 3, known);
  EXPECT_GT(known * 3, unknown);
}

TEST(PasswordHasher, HasherBoundsConcurrency) {
  // Eight logins arrive at once; only two Argon2 computations may hold memory at the same time.
  // Each hash takes tens of milliseconds, so without the bound all eight would overlap.
  constexpr int kThreads = 8;
  auto hasher = PasswordHasher::create(2, std::chrono::seconds(60));
  ASSERT_TRUE(hasher.ok());
  auto& h = **hasher;
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> hashed{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      if (h.hash("mbrxw-tqnzkp").ok()) ++hashed;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hashed.load(), kThreads);  // all served, by waiting their turn
  EXPECT_LE(h.peak_in_flight(), 2U);
  EXPECT_GE(h.peak_in_flight(), 1U);
  EXPECT_EQ(h.in_flight(), 0U);
}

TEST(PasswordHasher, AnswersBusyWhenSlotsStayTaken) {
  auto hasher = PasswordHasher::create(1, std::chrono::milliseconds(0));
  ASSERT_TRUE(hasher.ok());
  auto& h = **hasher;
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> busy{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      const auto result = h.hash("mbrxw-tqnzkp");
      if (!result.ok() && result.error().kind == ErrorKind::unavailable) ++busy;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GE(busy.load(), 1);
  EXPECT_EQ(h.peak_in_flight(), 1U);
}

TEST(PasswordHasher, RefusesZeroSlots) {
  EXPECT_FALSE(PasswordHasher::create(0, std::chrono::seconds(1)).ok());
}

}  // namespace
}  // namespace hf::security
