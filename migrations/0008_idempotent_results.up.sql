-- A write that commits records, in its own transaction, where its result is: if the process dies
-- before the answer is stored, a retry finds the result instead of doing the write a second time.
ALTER TABLE idempotency_keys ADD COLUMN result_path TEXT;
