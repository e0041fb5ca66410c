#include "api/events.hpp"

#include <charconv>

#include "api/json_io.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "service/webhooks.hpp"

namespace hf::api::events {
namespace {

std::optional<int64_t> parse_non_negative(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

// next_cursor is the seq to ask after next time; it equals `after` when nothing new has arrived,
// so a client polls with the last cursor it got (it may pass events the caller may not see).
http::Response feed(app::App& app, http::Request& req) {
  std::vector<FieldError> errors;
  int64_t after = 0;
  auto given = req.query_param("after");
  if (!given) given = req.query_param("cursor");
  if (given && !given->empty()) {
    auto v = parse_non_negative(*given);
    if (!v)
      errors.push_back({"after", "must be an event seq (a whole number) from an earlier answer"});
    else
      after = *v;
  }
  int64_t limit = 100;
  if (auto l = req.query_param("limit")) {
    auto v = parse_non_negative(*l);
    if (!v || *v < 1 || *v > 500)
      errors.push_back({"limit", "must be from 1 to 500"});
    else
      limit = *v;
  }
  if (!errors.empty()) return http::problem(Error::invalid("The feed parameters are not valid.", errors));
  auto page = service::read_events(app, req.caller, after, static_cast<int>(limit));
  if (!page) return http::problem(page.error());
  json::array items;
  for (const auto& e : page->items) {
    boost::system::error_code ec;
    json::value data = json::parse(e.data, ec);
    if (ec) data = json::object{};
    items.push_back(json::object{{"id", e.id},
                                 {"seq", e.seq},
                                 {"type", e.type},
                                 {"occurred_at", domain::to_rfc3339(e.occurred_at)},
                                 {"data", std::move(data)}});
  }
  return json_response(200,
                       json::object{{"items", std::move(items)}, {"next_cursor", std::to_string(page->next_cursor)}});
}

}  // namespace hf::api::events
