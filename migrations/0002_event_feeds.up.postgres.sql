-- Business events and the SMS outbox, written in the same transaction as the change they
-- record; seq gives the feed its order (GET /api/v1/events?after=).
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE sms_outbox (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL,
  lang TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT,
  last_error TEXT
);
CREATE INDEX sms_outbox_pending_idx ON sms_outbox (sent_at, next_attempt_at);
