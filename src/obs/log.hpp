#pragma once
// Structured logs: one JSON object per line on stdout (CloudWatch/Datadog read them as is).
// Never pass tokens, passwords, bodies or patient data as fields.

#include <boost/json/object.hpp>
#include <memory>
#include <string_view>

namespace spdlog {
class logger;
}

namespace hf::obs {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

Level parse_level(std::string_view s);  // unknown -> info

class Logger {
 public:
  explicit Logger(Level min);
  ~Logger();
  bool enabled(Level l) const { return l >= min_; }
  void log(Level l, std::string_view msg, boost::json::object fields = {}) const;
  void debug(std::string_view m, boost::json::object f = {}) const { log(Level::debug, m, std::move(f)); }
  void info(std::string_view m, boost::json::object f = {}) const { log(Level::info, m, std::move(f)); }
  void warn(std::string_view m, boost::json::object f = {}) const { log(Level::warn, m, std::move(f)); }
  void error(std::string_view m, boost::json::object f = {}) const { log(Level::error, m, std::move(f)); }

 private:
  Level min_;
  std::shared_ptr<spdlog::logger> sink_;
};

}  // namespace hf::obs
