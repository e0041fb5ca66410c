// libFuzzer target: bearer tokens from the Authorization header. Invariants: never crashes or
// throws; only a token signed with our key is accepted, so random input never verifies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "security/jwt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::security;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const Bytes key(jwt::kMinKeyBytes, 0x42);
  const jwt::Expected expected{"healthflow", "healthflow-api", jwt::TokenType::access};
  auto claims = jwt::verify(input, key, expected, 1'800'000'000);
  // A fuzzer cannot forge HMAC-SHA256: an accepted token must come from the corpus's signed seeds.
  if (claims && claims->sub.empty()) std::abort();
  for (auto type : {jwt::TokenType::refresh, jwt::TokenType::enrol})
    (void)jwt::verify(input, key, jwt::Expected{"healthflow", "healthflow-api", type}, 0, 0);
  return 0;
}
