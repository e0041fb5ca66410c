-- Secrets and identities sealed at rest (src/security/data_cipher.hpp, docs/operations/data-encryption.md):
-- users.totp_secret, users.totp_pending_secret, users.national_id, users.phone, patients.national_id,
-- patients.phone, webhooks.secret and sms_outbox.phone hold "hfe1.<key id>.<sealed>" text. SQL cannot
-- encrypt: right after this script, in the same transaction, `migrate up` seals the rows still in
-- clear (src/store/migration_steps.cpp). patients.national_id_index is the keyed blind index
-- (HMAC-SHA256) that finds a patient by national ID and keeps national IDs unique.
ALTER TABLE patients ADD COLUMN national_id_index TEXT;
CREATE UNIQUE INDEX patients_national_id_index_idx ON patients (national_id_index);

-- Who suspended an account and at which level of authority: 'national' (admin) or 'facility'
-- (facility_admin). Only that level or a higher one lifts the suspension. Accounts suspended
-- before this migration count as national (the conservative reading).
ALTER TABLE users ADD COLUMN suspended_by TEXT;
ALTER TABLE users ADD COLUMN suspension_level TEXT CHECK (suspension_level IN ('national', 'facility'));
UPDATE users SET suspension_level = 'national' WHERE status = 'suspended';
