#pragma once
// Alert and interaction severities (DOMAIN.md "Clinical decision support"). Declared most severe
// first so that ordering by value orders alerts by urgency.

#include <cstdint>
#include <optional>
#include <string_view>

namespace hf::domain {

enum class Severity : std::uint8_t { contraindicated, major, moderate, minor };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace hf::domain
