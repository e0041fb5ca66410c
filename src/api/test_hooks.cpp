#include "api/test_hooks.hpp"

#include <chrono>
#include <thread>

#include "api/json_io.hpp"

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

}  // namespace hf::api::test_hooks
