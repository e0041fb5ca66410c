#pragma once
// Business events (DOMAIN.md "Events and webhooks"): recorded once, in the same transaction as
// the change, with a unique id receivers deduplicate on. Payloads carry ids and states only: never
// a prescription's code or QR token, which are the patient's secret (like gematik's AccessCode).

#include <boost/json/object.hpp>
#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"
#include "store/event_repository.hpp"

namespace hf::service {

using store::EventAudience;

inline EventAudience national_event() {
  return {true, {}};
}
inline EventAudience event_for(std::vector<std::string> facility_ids) {
  return {false, std::move(facility_ids)};
}

// An event about a prescription concerns its prescribing facility and the pharmacies that
// dispensed it (read inside the caller's transaction, so a dispensation just written counts).
Result<EventAudience> prescription_event_audience(store::Connection& c, const std::string& prescription_id);

// Error::internal (a bug) when the payload names a secret field ("code", "qr_token").
Status record_event(store::Connection& c, const std::string& type, const boost::json::object& data, int64_t now_ms,
                    const EventAudience& audience);

}  // namespace hf::service
