-- The codes removed from old events are not restored (they were never meant to be there).
DROP TABLE event_facilities;
ALTER TABLE events DROP COLUMN scope;
