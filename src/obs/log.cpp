#include "obs/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>

#include "domain/date.hpp"

namespace hf::obs {

Level parse_level(std::string_view s) {
  if (s == "debug" || s == "trace") return Level::debug;
  if (s == "warn" || s == "warning") return Level::warn;
  if (s == "error") return Level::error;
  return Level::info;
}

Logger::Logger(Level min) : min_(min) {
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  sink_ = std::make_shared<spdlog::logger>("healthflow", std::move(sink));
  sink_->set_pattern("%v");
  sink_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

void Logger::log(Level l, std::string_view msg, boost::json::object fields) const {
  if (!enabled(l)) return;
  static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
  boost::json::object line;
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  line["ts"] = hf::domain::to_rfc3339(now);
  line["level"] = kNames[static_cast<int>(l)];
  line["msg"] = msg;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  sink_->info(boost::json::serialize(line));
}

}  // namespace hf::obs
