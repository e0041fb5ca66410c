#include "api/test_hooks.hpp"

#include <chrono>
#include <thread>

#include "api/json_io.hpp"
#include "http/problem.hpp"

namespace hf::api::test_hooks {

http::Response sleep(app::App&, http::Request& req) {
  long ms = 0;
  try {
    ms = std::stol(req.query_param("ms").value_or("0"));
  } catch (const std::exception&) {
    ms = 0;
  }
  ms = std::clamp(ms, 0L, 10000L);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return json_response(200, json::object{{"slept_ms", ms}});
}

http::Response clock(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto advance = f.integer("advance_ms", true, 0, 3650LL * 86400 * 1000);
  if (!f.ok()) return http::problem(f.error());
  app.clock_offset_ms += *advance;
  return json_response(200, json::object{{"offset_ms", app.clock_offset_ms.load()}});
}

}  // namespace hf::api::test_hooks
