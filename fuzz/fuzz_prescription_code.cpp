// libFuzzer target: prescription codes typed at a pharmacy counter. Invariants: never crashes;
// normalising is idempotent; a validated code validates again from its own text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/prescription_code.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::domain;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto n = normalise_prescription_code(input)) {
    auto twice = normalise_prescription_code(*n);
    if (!twice || *twice != *n) std::abort();
  }
  if (auto code = validate_prescription_code(input)) {
    auto again = validate_prescription_code(code->text());
    if (!again || !(*again == *code)) std::abort();
    if (code->symbols().size() != kCodeSymbols) std::abort();
  }
  return 0;
}
