-- A write that commits records, in its own transaction, where its result is: if the process dies
-- before the answer is stored, a retry finds the result instead of doing the write a second time.
-- claim_id names one claim of a key, so a request whose claim was taken over (it ran longer than
-- the abandonment window) cannot record its result on, or store its answer in, the new claim.
ALTER TABLE idempotency_keys ADD COLUMN result_path TEXT;
ALTER TABLE idempotency_keys ADD COLUMN claim_id TEXT;
