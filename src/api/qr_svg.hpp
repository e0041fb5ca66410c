#pragma once
#include <optional>
#include <string>

namespace hf::api {
// The text as a QR code in SVG (libqrencode), black modules on white with a quiet zone.
std::optional<std::string> qr_svg(const std::string& text);
}  // namespace hf::api
