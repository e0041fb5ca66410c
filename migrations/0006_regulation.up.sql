-- Regulation and integration (issue 7): recalls, adverse-event reports, webhook subscriptions and
-- their deliveries, and the shared rate-limit counters. Common subset of SQLite and PostgreSQL.

-- DOMAIN.md "Medicine directory, recalls and adverse events".
CREATE TABLE recalls (
  id TEXT PRIMARY KEY,
  recall_class INTEGER NOT NULL CHECK (recall_class BETWEEN 1 AND 3),
  reason TEXT NOT NULL,
  issued_by TEXT NOT NULL REFERENCES users (id),
  issued_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  closed_at BIGINT
);
CREATE INDEX recalls_status_idx ON recalls (status, issued_at);

-- One row per recalled product and batch; batch_no NULL recalls every batch of the product.
-- Batch numbers are stored trimmed and upper-cased (and compared the same way).
CREATE TABLE recall_drugs (
  recall_id TEXT NOT NULL REFERENCES recalls (id),
  drug_id TEXT NOT NULL REFERENCES drugs (id),
  batch_no TEXT
);
CREATE INDEX recall_drugs_recall_idx ON recall_drugs (recall_id);
CREATE INDEX recall_drugs_drug_idx ON recall_drugs (drug_id, batch_no);

-- Suspected adverse drug reactions. No patient name or national ID, by design.
CREATE TABLE adverse_events (
  id TEXT PRIMARY KEY,
  drug_id TEXT NOT NULL REFERENCES drugs (id),
  reporter_id TEXT NOT NULL REFERENCES users (id),
  reporter_role TEXT NOT NULL,
  patient_age_band TEXT NOT NULL CHECK (patient_age_band IN ('0-1', '2-11', '12-17', '18-44', '45-64', '65+')),
  patient_sex TEXT NOT NULL CHECK (patient_sex IN ('male', 'female', 'unknown')),
  reaction TEXT NOT NULL,
  seriousness TEXT NOT NULL CHECK (seriousness IN ('serious', 'non_serious')),
  outcome TEXT NOT NULL CHECK (outcome IN ('recovered', 'recovering', 'not_recovered', 'fatal', 'unknown')),
  narrative TEXT,
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'under_review', 'closed')),
  reported_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX adverse_events_status_idx ON adverse_events (status, reported_at);
CREATE INDEX adverse_events_drug_idx ON adverse_events (drug_id, reported_at);

-- Webhook subscriptions. last_seq: every event up to this events.seq has been considered (a
-- delivery row exists when the type matched), so a restart continues where it stopped.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  event_types TEXT NOT NULL,
  secret TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'failing', 'deleted')),
  last_seq BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  failing_since BIGINT,
  deleted_at BIGINT
);

-- One delivery per (subscription, event). Workers on any server copy claim a due delivery with
-- a conditional UPDATE on locked_until, so two copies never post the same delivery at once.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks (id),
  event_seq BIGINT NOT NULL,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'gave_up')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0,
  locked_by TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  last_error TEXT,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);

-- Every attempt, for operators (what the receiver answered, or why it failed).
CREATE TABLE webhook_attempts (
  id TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
  attempt INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  http_status INTEGER,
  error TEXT
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id);

-- Fixed-window (one hour) request counters per caller, shared by every server copy
-- (docs/architecture/rate-limits.md).
CREATE TABLE rate_limit_counters (
  caller_key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  PRIMARY KEY (caller_key, window_start)
);
