#pragma once
// Request framing rules of RFC 9112 that Boost.Beast leaves to the application. Beast takes a
// body as chunked only when "chunked" is the last transfer coding and otherwise reads no body at
// all, so "Transfer-Encoding: gzip" with a body made that body the next request (request
// smuggling behind any proxy that framed it differently). These checks run on the header, before
// routing; every refusal closes the connection.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf::http {

struct FramingRefusal {
  int status;  // 400 or 501
  std::string detail;
};

// The Transfer-Encoding field values in the order received (one per field line).
std::optional<FramingRefusal> check_transfer_coding(const std::vector<std::string_view>& transfer_encoding,
                                                    bool has_content_length, bool http11);

// Obsolete line folding (RFC 9112 5.2): a header line continued on the next line by leading space
// or tab. `header` is raw header text; Beast would have joined the lines silently.
bool has_obs_fold(std::string_view header);

}  // namespace hf::http
