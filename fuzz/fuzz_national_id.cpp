// libFuzzer target: national IDs as typed or pasted by clerks and patients (ASCII, Arabic-Indic
// digits, bidi marks). Invariants: never crashes; an accepted ID is 14 ASCII digits with a real
// birth date not after `today`, and parsing its own digits gives the same ID.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/national_id.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::domain;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Date today{2026, 1, 1};
  for (bool check : {false, true}) {
    auto id = parse_national_id(input, NationalIdOptions{check}, today);
    if (!id) continue;
    const auto& digits = id->digits();
    if (digits.size() != 14) std::abort();
    for (char c : digits)
      if (c < '0' || c > '9') std::abort();
    if (!is_valid_date(id->birth_date()) || today < id->birth_date()) std::abort();
    if (id->masked().size() != 14) std::abort();
    auto again = parse_national_id(digits, NationalIdOptions{check}, today);
    if (!again || !(*again == *id)) std::abort();
  }
  return 0;
}
