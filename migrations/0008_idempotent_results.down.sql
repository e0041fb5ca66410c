ALTER TABLE idempotency_keys DROP COLUMN claim_id;
ALTER TABLE idempotency_keys DROP COLUMN result_path;
