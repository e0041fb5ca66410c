#include "service/events.hpp"

#include <boost/json/serialize.hpp>

#include "security/random.hpp"

namespace hf::service {

Result<EventAudience> prescription_event_audience(store::Connection& c, const std::string& prescription_id) {
  auto facilities = store::facilities_of_prescription(c, prescription_id);
  if (!facilities) return facilities.error();
  return event_for(std::move(facilities).value());
}

Status record_event(store::Connection& c, const std::string& type, const boost::json::object& data, int64_t now_ms,
                    const EventAudience& audience) {
  // Events reach every admin, integrator and webhook receiver: whoever holds the code can fill
  // the prescription, so it never leaves with an event.
  for (const char* secret : {"code", "qr_token"})
    if (data.contains(secret)) return Error::internal("event " + type + " carries the field " + secret);
  store::EventRow e{0, security::uuid_v4(), type, now_ms, boost::json::serialize(data)};
  return store::insert_event(c, e, audience);
}

}  // namespace hf::service
