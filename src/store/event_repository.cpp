#include "store/event_repository.hpp"

namespace hf::store {
namespace {

constexpr const char* kInsertEvent =
    "INSERT INTO events (id, type, occurred_at, data, scope) VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kInsertEventFacility =
    "INSERT INTO event_facilities (event_id, facility_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
constexpr const char* kFacilitiesOfPrescription =
    "SELECT facility_id FROM prescriptions WHERE id = $1 "
    "UNION SELECT DISTINCT pharmacy_id FROM dispensations WHERE prescription_id = $1";
constexpr const char* kStampsAfter = "SELECT seq, occurred_at FROM events WHERE seq > $1 ORDER BY seq LIMIT $2";
constexpr const char* kEventsBetween =
    "SELECT seq, id, type, occurred_at, data FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3";
constexpr const char* kEventsBetweenFor =
    "SELECT e.seq, e.id, e.type, e.occurred_at, e.data FROM events e WHERE e.seq > $1 AND e.seq <= $2 "
    "AND (e.scope = 'national' OR EXISTS (SELECT 1 FROM event_facilities f WHERE f.event_id = e.id "
    "AND f.facility_id = $3)) ORDER BY e.seq LIMIT $4";

std::vector<EventRow> rows_of(const QueryResult& q) {
  std::vector<EventRow> out;
  for (const auto& r : q.rows) out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4)});
  return out;
}

}  // namespace

Status insert_event(Connection& c, const EventRow& e, const EventAudience& audience) {
  auto r = c.query(kInsertEvent, {param(e.id), param(e.type), param(e.occurred_at), param(e.data),
                                  param(audience.national ? "national" : "facilities")});
  if (!r) return r.error();
  if (audience.national) return ok_status();
  for (const auto& f : audience.facility_ids) {
    if (f.empty()) continue;
    auto s = c.query(kInsertEventFacility, {param(e.id), param(f)});
    if (!s) return s.error();
  }
  return ok_status();
}

Result<std::vector<std::string>> facilities_of_prescription(Connection& c, const std::string& prescription_id) {
  auto q = c.query(kFacilitiesOfPrescription, {param(prescription_id)});
  if (!q) return q.error();
  std::vector<std::string> out;
  for (const auto& r : q->rows) out.push_back(r.text(0));
  return out;
}

Result<std::vector<EventRow>> event_stamps_after(Connection& c, int64_t after, int limit) {
  auto q = c.query(kStampsAfter, {param(after), param(limit)});
  if (!q) return q.error();
  std::vector<EventRow> out;
  for (const auto& r : q->rows) out.push_back({r.integer(0), "", "", r.integer(1), ""});
  return out;
}

Result<std::vector<EventRow>> events_between(Connection& c, int64_t after, int64_t through, int limit) {
  auto q = c.query(kEventsBetween, {param(after), param(through), param(limit)});
  if (!q) return q.error();
  return rows_of(*q);
}

Result<std::vector<EventRow>> events_between_for(Connection& c, const std::string& facility_id, int64_t after,
                                                 int64_t through, int limit) {
  auto q = c.query(kEventsBetweenFor, {param(after), param(through), param(facility_id), param(limit)});
  if (!q) return q.error();
  return rows_of(*q);
}

}  // namespace hf::store
