#pragma once
// Strict parsers for the cells of the data files. Each answers nullopt instead of guessing, so a
// loader can report the row (CONVENTIONS.md "Data files").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hf::domain {

std::optional<double> parse_number(std::string_view text);         // plain decimal, no sign tricks, finite
std::optional<std::int64_t> parse_integer(std::string_view text);  // optional '-', digits only
std::optional<bool> parse_flag(std::string_view text);             // "0" or "1"
// "150.5" -> 15050; at most two decimals, not negative.
std::optional<std::int64_t> parse_egp_to_piastres(std::string_view text);
std::string_view trim(std::string_view text);

}  // namespace hf::domain
