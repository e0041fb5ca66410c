-- Sessions (one per login, shared by the refresh tokens it rotates through) for idle and absolute
-- timeouts and logout; a pending TOTP secret while enrolment is unconfirmed.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  started_at BIGINT NOT NULL,
  last_active_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoke_reason TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
