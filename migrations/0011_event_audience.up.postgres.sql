-- Who an event concerns (API_OVERVIEW.md: an API key sees only its facility's data). scope
-- 'national' (catalogue and recall events) is read by every key with events:read; scope
-- 'facilities' only by keys of the facilities listed in event_facilities (admins read all).
ALTER TABLE events ADD COLUMN scope TEXT NOT NULL DEFAULT 'facilities';
CREATE TABLE event_facilities (
  event_id TEXT NOT NULL REFERENCES events (id),
  facility_id TEXT NOT NULL,
  PRIMARY KEY (event_id, facility_id)
);

UPDATE events SET scope = 'national' WHERE type IN ('recall.issued', 'drug.updated');
-- Events about a prescription concern the prescribing facility and every pharmacy that dispensed it.
INSERT INTO event_facilities (event_id, facility_id)
  SELECT e.id, p.facility_id FROM events e JOIN prescriptions p ON p.id = (e.data::jsonb ->> 'prescription_id')
  WHERE e.type LIKE 'prescription.%'
  ON CONFLICT DO NOTHING;
INSERT INTO event_facilities (event_id, facility_id)
  SELECT e.id, d.pharmacy_id FROM events e JOIN dispensations d ON d.prescription_id = (e.data::jsonb ->> 'prescription_id')
  WHERE e.type LIKE 'prescription.%' AND d.dispensed_at <= e.occurred_at
  ON CONFLICT DO NOTHING;
INSERT INTO event_facilities (event_id, facility_id)
  SELECT e.id, e.data::jsonb ->> 'facility_id' FROM events e WHERE e.type = 'facility.created'
  ON CONFLICT DO NOTHING;
INSERT INTO event_facilities (event_id, facility_id)
  SELECT e.id, uf.facility_id FROM events e JOIN user_facilities uf ON uf.user_id = (e.data::jsonb ->> 'user_id')
  WHERE e.type LIKE 'user.%'
  ON CONFLICT DO NOTHING;
INSERT INTO event_facilities (event_id, facility_id)
  SELECT e.id, uf.facility_id FROM events e JOIN adverse_events a ON a.id = (e.data::jsonb ->> 'adverse_event_id')
  JOIN user_facilities uf ON uf.user_id = a.reporter_id
  WHERE e.type LIKE 'adverse_event.%'
  ON CONFLICT DO NOTHING;

-- A prescription's code is the patient's secret: events carry ids only. Earlier events carried it.
UPDATE events SET data = (data::jsonb - 'code')::text WHERE (data::jsonb -> 'code') IS NOT NULL;
