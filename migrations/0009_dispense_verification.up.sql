-- A pharmacy dispenses a prescription only after it verified it (QR token or typed code) within
-- DISPENSE_VERIFICATION_MINUTES: the patient, or their code, must be at the counter for each
-- visit. One row per prescription and pharmacy, upserted on each successful verification; the
-- dispensing transaction reads it, so every server copy sees the same answer.
CREATE TABLE prescription_verifications (
  prescription_id TEXT NOT NULL REFERENCES prescriptions (id),
  facility_id TEXT NOT NULL REFERENCES facilities (id),
  verified_by TEXT NOT NULL,
  verified_at BIGINT NOT NULL,
  PRIMARY KEY (prescription_id, facility_id)
);

-- Batch numbers are stored as they are compared (domain/batch_number.hpp): trimmed and
-- upper-cased. Rows written before this were stored as typed.
UPDATE dispensation_items SET batch_no = UPPER(TRIM(batch_no))
  WHERE batch_no IS NOT NULL AND batch_no <> UPPER(TRIM(batch_no));
UPDATE dispensation_items SET batch_no = NULL WHERE batch_no = '';
