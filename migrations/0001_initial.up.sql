-- HealthFlow initial schema. Common subset of SQLite and PostgreSQL: TEXT ids (UUID v4),
-- BIGINT epoch milliseconds for times, INTEGER 0/1 flags, JSON documents kept as TEXT.

CREATE TABLE facilities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('clinic', 'hospital', 'pharmacy')),
  name TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  license_no TEXT NOT NULL UNIQUE,
  governorate TEXT NOT NULL,
  address TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at BIGINT NOT NULL
);

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  national_id TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  full_name_ar TEXT,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  governorate TEXT NOT NULL,
  phone TEXT,
  preferred_lang TEXT NOT NULL DEFAULT 'ar',
  allergies TEXT NOT NULL DEFAULT '[]',
  conditions TEXT NOT NULL DEFAULT '[]',
  created_by TEXT,
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('doctor', 'pharmacist', 'patient', 'facility_admin', 'admin', 'regulator')),
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name TEXT NOT NULL,
  full_name_ar TEXT,
  national_id TEXT,
  license_no TEXT,
  phone TEXT,
  patient_id TEXT REFERENCES patients (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_role_idx ON users (role, status);

CREATE TABLE user_facilities (
  user_id TEXT NOT NULL REFERENCES users (id),
  facility_id TEXT NOT NULL REFERENCES facilities (id),
  PRIMARY KEY (user_id, facility_id)
);
CREATE INDEX user_facilities_facility_idx ON user_facilities (facility_id);

-- Refresh tokens are stored hashed; a family shares one login, so reuse of a rotated token
-- revokes the whole family.
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  family_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  session_started_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  facility_id TEXT NOT NULL REFERENCES facilities (id),
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  permissions TEXT NOT NULL DEFAULT '[]',
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

-- Failed log-ins per account and per address, for back-off (429 with Retry-After).
CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

CREATE TABLE drugs (
  id TEXT PRIMARY KEY,
  registration_no TEXT NOT NULL UNIQUE,
  trade_name TEXT NOT NULL,
  trade_name_ar TEXT NOT NULL,
  ingredients TEXT NOT NULL,
  form TEXT NOT NULL,
  route TEXT NOT NULL,
  pack_size INTEGER NOT NULL,
  pack_unit TEXT NOT NULL,
  price_piastres BIGINT NOT NULL,
  atc_code TEXT NOT NULL,
  controlled_schedule INTEGER NOT NULL DEFAULT 0,
  essential INTEGER NOT NULL DEFAULT 0,
  requires_approval INTEGER NOT NULL DEFAULT 0,
  popularity INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'partially_disabled', 'permanently_disabled', 'recalled')),
  updated_at BIGINT NOT NULL
);

CREATE TABLE prescriptions (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  prescriber_id TEXT NOT NULL REFERENCES users (id),
  facility_id TEXT NOT NULL REFERENCES facilities (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'pending_approval', 'active', 'partially_dispensed', 'dispensed',
                                         'expired', 'cancelled', 'rejected')),
  diagnosis_codes TEXT NOT NULL DEFAULT '[]',
  notes TEXT,
  controlled INTEGER NOT NULL DEFAULT 0,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  cancel_reason TEXT,
  decided_by TEXT,
  decided_at BIGINT,
  decision_reason TEXT,
  qr_token TEXT NOT NULL,
  alerts TEXT NOT NULL DEFAULT '[]',
  overrides TEXT NOT NULL DEFAULT '[]',
  updated_at BIGINT NOT NULL
);
CREATE INDEX prescriptions_patient_idx ON prescriptions (patient_id, issued_at);
CREATE INDEX prescriptions_prescriber_idx ON prescriptions (prescriber_id, issued_at);
CREATE INDEX prescriptions_facility_idx ON prescriptions (facility_id, issued_at);
CREATE INDEX prescriptions_issued_idx ON prescriptions (issued_at);
CREATE INDEX prescriptions_status_idx ON prescriptions (status);

CREATE TABLE prescription_items (
  id TEXT PRIMARY KEY,
  prescription_id TEXT NOT NULL REFERENCES prescriptions (id),
  position INTEGER NOT NULL,
  drug_id TEXT NOT NULL REFERENCES drugs (id),
  dose_amount DOUBLE PRECISION NOT NULL,
  dose_unit TEXT NOT NULL,
  times_per_day INTEGER NOT NULL,
  duration_days INTEGER NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  route TEXT,
  instructions TEXT,
  substitution_allowed INTEGER NOT NULL DEFAULT 1,
  repeats INTEGER NOT NULL DEFAULT 0 CHECK (repeats BETWEEN 0 AND 5),
  repeat_interval_days INTEGER NOT NULL DEFAULT 0,
  sig_en TEXT NOT NULL,
  sig_ar TEXT NOT NULL,
  -- The database decides over-dispensing: dispensed_quantity only grows through a conditional
  -- UPDATE that keeps it within quantity * (1 + repeats) (DOMAIN.md "Dispensing").
  dispensed_quantity INTEGER NOT NULL DEFAULT 0 CHECK (dispensed_quantity <= quantity * (1 + repeats)),
  last_fill_at BIGINT,
  UNIQUE (prescription_id, position)
);
CREATE INDEX prescription_items_drug_idx ON prescription_items (drug_id);

CREATE TABLE dispensations (
  id TEXT PRIMARY KEY,
  prescription_id TEXT NOT NULL REFERENCES prescriptions (id),
  pharmacist_id TEXT NOT NULL REFERENCES users (id),
  pharmacy_id TEXT NOT NULL REFERENCES facilities (id),
  patient_id_checked INTEGER NOT NULL DEFAULT 0,
  dispensed_at BIGINT NOT NULL
);
CREATE INDEX dispensations_prescription_idx ON dispensations (prescription_id);
CREATE INDEX dispensations_pharmacy_idx ON dispensations (pharmacy_id, dispensed_at);

CREATE TABLE dispensation_items (
  id TEXT PRIMARY KEY,
  dispensation_id TEXT NOT NULL REFERENCES dispensations (id),
  item_id TEXT NOT NULL REFERENCES prescription_items (id),
  drug_id TEXT NOT NULL REFERENCES drugs (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  batch_no TEXT
);
CREATE INDEX dispensation_items_dispensation_idx ON dispensation_items (dispensation_id);
CREATE INDEX dispensation_items_drug_idx ON dispensation_items (drug_id, batch_no);

-- Append-only, hash-chained audit log (DOMAIN.md "Audit"). seq is assigned by the single
-- appender in commit order; hash = SHA-256(prev_hash || canonical content).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  actor_id TEXT,
  actor_role TEXT,
  action TEXT NOT NULL,
  patient_id TEXT,
  record_type TEXT,
  record_id TEXT,
  source_ip TEXT,
  request_id TEXT,
  outcome TEXT NOT NULL,
  reason TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- A retried write (same Idempotency-Key from the same caller) returns the stored answer.
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (caller, idem_key)
);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
