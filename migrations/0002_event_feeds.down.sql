DROP TABLE sms_outbox;
DROP TABLE events;
