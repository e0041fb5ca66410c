#pragma once
// Recording business events with the facilities they concern, and reading the feed as one reader
// may see it (migrations/0002_event_feeds, 0011_event_audience). SQL as named constants in the .cpp.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"
#include "store/webhook_repository.hpp"

namespace hf::store {

// Who may read an event on the feed (API_OVERVIEW.md: a key sees only its facility's data).
// Admins read every event; an API key reads national events and those of its own facility.
struct EventAudience {
  bool national = false;                  // catalogue and recall events: every key with events:read
  std::vector<std::string> facility_ids;  // otherwise only keys of these facilities
};

Status insert_event(Connection& c, const EventRow& e, const EventAudience& audience);

// The prescribing facility and every pharmacy that has dispensed against the prescription.
Result<std::vector<std::string>> facilities_of_prescription(Connection& c, const std::string& prescription_id);

// seq and occurred_at of the events after `after` (the other fields empty), in seq order.
Result<std::vector<EventRow>> event_stamps_after(Connection& c, int64_t after, int limit);

// Events with after < seq <= through in seq order (at most limit): every event, or (facility_id
// given) the national ones and those concerning that facility.
Result<std::vector<EventRow>> events_between(Connection& c, int64_t after, int64_t through, int limit);
Result<std::vector<EventRow>> events_between_for(Connection& c, const std::string& facility_id, int64_t after,
                                                 int64_t through, int limit);

}  // namespace hf::store
