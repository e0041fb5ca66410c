// libFuzzer target: RFC 3339 times and ISO dates from request bodies and query strings.
// Invariants: never crashes (no signed overflow under UBSan); a parsed time prints and parses back
// to the same instant; a parsed date is a real date and round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::domain;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto t = parse_rfc3339(input)) {
    auto back = parse_rfc3339(to_rfc3339(*t));
    if (!back || *back != *t) std::abort();
  }
  if (auto d = parse_iso_date(input)) {
    if (!is_valid_date(*d)) std::abort();
    if (to_iso_date(*d) != input) std::abort();
  }
  return 0;
}
