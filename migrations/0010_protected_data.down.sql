-- Before this script `migrate down` opens every sealed value back to clear (it needs
-- DATA_ENCRYPTION_KEY, and DATA_ENCRYPTION_KEY_PREVIOUS for values still under an older key), since
-- the schema before 0010 reads them in clear. Suspensions keep their status but forget who imposed
-- them.
ALTER TABLE users DROP COLUMN suspension_level;
ALTER TABLE users DROP COLUMN suspended_by;
DROP INDEX patients_national_id_index_idx;
ALTER TABLE patients DROP COLUMN national_id_index;
