-- The batch numbers stay normalised: the typed spelling is not kept, and the normalised one
-- compares the same under the earlier rules.
DROP TABLE prescription_verifications;
