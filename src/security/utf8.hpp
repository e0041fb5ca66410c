#pragma once
// UTF-8 validation and code-point counting. Password length is counted in code points (NIST SP
// 800-63B §5.1.1.2), so "ééééééééééee" is 12 characters although it is 24 bytes.

#include <cstddef>
#include <optional>
#include <string_view>

namespace hf::security {

// Number of code points, or nothing if the text is not well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF, no truncated sequences).
std::optional<std::size_t> utf8_code_points(std::string_view text);

}  // namespace hf::security
