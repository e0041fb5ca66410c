#include "service/events.hpp"

#include <boost/json/serialize.hpp>

#include "security/random.hpp"

namespace hf::service {

namespace {
constexpr const char* kInsertEvent = "INSERT INTO events (id, type, occurred_at, data) VALUES ($1, $2, $3, $4)";
}

Status record_event(store::Connection& c, const std::string& type, const boost::json::object& data, int64_t now_ms) {
  auto r = c.query(kInsertEvent, {store::param(security::uuid_v4()), store::param(type), store::param(now_ms),
                                  store::param(boost::json::serialize(data))});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace hf::service
