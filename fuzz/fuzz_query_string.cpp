// libFuzzer target: request targets as the server reads them (src/http/server.cpp to_request):
// Boost.URL origin-form, the decoded path and every decoded query parameter, then the paging
// parameters the list endpoints read. Invariant: never crashes or throws.
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/paging.hpp"
#include "domain/date.hpp"
#include "http/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return 0;
  hf::http::Request req;
  req.method = "GET";
  req.target = std::string(target);
  req.path = std::string(url->path());
  for (auto p : url->params()) req.query.emplace(std::string(p.key), std::string(p.value));
  (void)hf::api::read_page(req);
  for (const auto& [k, v] : req.query) {
    if (k == "since" || k == "until") (void)hf::domain::parse_rfc3339(v);
  }
  for (auto seg : url->segments()) (void)seg.size();
  return 0;
}
