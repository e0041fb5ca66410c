// The application calls hf::security::initialize() once at start; the tests do the same, once,
// before any test runs.
#include <gtest/gtest.h>

#include "security/init.hpp"

namespace {

class SecurityEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(hf::security::initialize().ok()); }
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SecurityEnvironment);

}  // namespace

TEST(SecurityInit, InitializeIsSafeToRepeat) {
  EXPECT_TRUE(hf::security::initialize().ok());
  EXPECT_TRUE(hf::security::initialize().ok());
}
