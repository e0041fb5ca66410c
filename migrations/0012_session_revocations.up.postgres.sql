-- Revoked sessions, published to every server copy: each copy reads the rows added since its last
-- look every ~250 ms and refuses those sessions' access tokens from memory (no read per request).
-- A row is needed only while a token of that session can still be valid: expires_at is the
-- revocation time plus the access-token lifetime and leeway; copies prune older rows.
CREATE TABLE session_revocations (
  seq BIGSERIAL PRIMARY KEY,
  session_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX session_revocations_created_idx ON session_revocations (created_at);
