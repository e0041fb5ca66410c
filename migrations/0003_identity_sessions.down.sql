ALTER TABLE users DROP COLUMN totp_pending_secret;
DROP TABLE sessions;
