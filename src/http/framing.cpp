#include "http/framing.hpp"

namespace hf::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_chunked(std::string_view coding) {
  constexpr std::string_view kChunked = "chunked";
  if (coding.size() != kChunked.size()) return false;
  for (size_t i = 0; i < coding.size(); ++i)
    if ((coding[i] | 0x20) != kChunked[i]) return false;  // codings are case-insensitive (RFC 9112 7)
  return true;
}

}  // namespace

std::optional<FramingRefusal> check_transfer_coding(const std::vector<std::string_view>& transfer_encoding,
                                                    bool has_content_length, bool http11) {
  if (transfer_encoding.empty()) return std::nullopt;
  // RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
  if (!http11) return FramingRefusal{400, "Transfer-Encoding is not allowed in HTTP/1.0."};
  // RFC 9112 6.1: both fields are a sign of smuggling; refuse rather than guess which one a proxy
  // in front of us used.
  if (has_content_length) return FramingRefusal{400, "Send Content-Length or Transfer-Encoding, not both."};
  std::vector<std::string_view> codings;  // every list element of every field line, in order
  for (std::string_view field : transfer_encoding) {
    while (true) {
      const auto comma = field.find(',');
      const auto element = trim(field.substr(0, comma));
      if (!element.empty()) codings.push_back(element);  // empty list elements are ignored (RFC 9110 5.6.1)
      if (comma == std::string_view::npos) break;
      field.remove_prefix(comma + 1);
    }
  }
  if (codings.empty()) return FramingRefusal{400, "Transfer-Encoding names no transfer coding."};
  // RFC 9112 6.3: chunked must be the final coding (and applied only once, 6.1), else the length
  // of the body cannot be known.
  for (size_t i = 0; i < codings.size(); ++i) {
    if (is_chunked(codings[i]) && i + 1 != codings.size())
      return FramingRefusal{400, "The chunked transfer coding must be the last one and appear only once."};
  }
  // RFC 9112 6.1: a coding the server does not understand answers 501. Only chunked is understood.
  for (auto c : codings) {
    if (!is_chunked(c)) {
      const auto shown = c.substr(0, 40);
      return FramingRefusal{501, "The transfer coding \"" + std::string(shown) + "\" is not supported; send chunked."};
    }
  }
  return std::nullopt;
}

bool has_obs_fold(std::string_view header) {
  for (size_t at = header.find("\r\n"); at != std::string_view::npos; at = header.find("\r\n", at + 2)) {
    if (at + 2 < header.size() && (header[at + 2] == ' ' || header[at + 2] == '\t')) return true;
  }
  return false;
}

}  // namespace hf::http
