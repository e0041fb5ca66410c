-- Rollups of the daily report tables (issue 6; docs/reports.md "How reports stay fast";
-- docs/performance.md "Reports"). The 0005 daily tables are per facility, prescriber or ingredient
-- and grow as large as the raw data; reports over long ranges read these instead:
--   report_region_daily       per day, governorate and facility type (summary, trends): ~30k rows a year
--   report_facility_monthly   per month and facility (providers)
--   report_prescriber_monthly per month, prescriber and facility (providers)
--   report_ingredient_monthly per month, governorate and ingredient (top ingredients)
-- A month is named by the day number of its first day. Each rollup row is the exact sum of the
-- daily rows it covers: triggers on the daily tables apply every insert, update and delete of a
-- daily row to its rollup rows, in the same transaction. `healthflow reports rebuild` rebuilds the
-- daily tables and then these from them (it fills report_rebuild_guard inside its transaction so
-- that the triggers stand aside while it works set by set).

CREATE TABLE report_rebuild_guard (active INTEGER PRIMARY KEY);

CREATE TABLE report_region_daily (
  day BIGINT NOT NULL,
  governorate TEXT NOT NULL,
  facility_type TEXT NOT NULL,
  prescriptions BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  generic_items BIGINT NOT NULL DEFAULT 0,
  essential_items BIGINT NOT NULL DEFAULT 0,
  antibiotic_prescriptions BIGINT NOT NULL DEFAULT 0,
  injection_prescriptions BIGINT NOT NULL DEFAULT 0,
  controlled_prescriptions BIGINT NOT NULL DEFAULT 0,
  dispensations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, governorate, facility_type)
) WITHOUT ROWID;

CREATE TABLE report_facility_monthly (
  month BIGINT NOT NULL,
  facility_id TEXT NOT NULL,
  prescriptions BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  generic_items BIGINT NOT NULL DEFAULT 0,
  essential_items BIGINT NOT NULL DEFAULT 0,
  antibiotic_prescriptions BIGINT NOT NULL DEFAULT 0,
  injection_prescriptions BIGINT NOT NULL DEFAULT 0,
  controlled_prescriptions BIGINT NOT NULL DEFAULT 0,
  dispensations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, facility_id)
) WITHOUT ROWID;

CREATE TABLE report_prescriber_monthly (
  month BIGINT NOT NULL,
  prescriber_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  prescriptions BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  generic_items BIGINT NOT NULL DEFAULT 0,
  essential_items BIGINT NOT NULL DEFAULT 0,
  antibiotic_prescriptions BIGINT NOT NULL DEFAULT 0,
  injection_prescriptions BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, prescriber_id, facility_id)
) WITHOUT ROWID;

CREATE TABLE report_ingredient_monthly (
  month BIGINT NOT NULL,
  governorate TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  items BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, governorate, ingredient)
) WITHOUT ROWID;

-- The rows already in the daily tables (the month of day d: d less its day of the month, plus one).
INSERT INTO report_region_daily (day, governorate, facility_type, prescriptions, items, generic_items, essential_items,
                                 antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations)
SELECT r.day, f.governorate, f.type, SUM(r.prescriptions), SUM(r.items), SUM(r.generic_items), SUM(r.essential_items),
       SUM(r.antibiotic_prescriptions), SUM(r.injection_prescriptions), SUM(r.controlled_prescriptions),
       SUM(r.dispensations)
FROM report_daily r JOIN facilities f ON f.id = r.facility_id
GROUP BY r.day, f.governorate, f.type;

INSERT INTO report_facility_monthly (month, facility_id, prescriptions, items, generic_items, essential_items,
                                     antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions,
                                     dispensations)
SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, facility_id, SUM(prescriptions),
       SUM(items), SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions),
       SUM(injection_prescriptions), SUM(controlled_prescriptions), SUM(dispensations)
FROM report_daily GROUP BY m, facility_id;

INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items,
                                       essential_items, antibiotic_prescriptions, injection_prescriptions)
SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, prescriber_id, facility_id,
       SUM(prescriptions), SUM(items), SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions),
       SUM(injection_prescriptions)
FROM report_prescriber_daily GROUP BY m, prescriber_id, facility_id;

INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items)
SELECT day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, governorate, ingredient, SUM(items)
FROM report_ingredient_daily GROUP BY m, governorate, ingredient;

-- The daily rows' keys never change (only the report triggers write them, by upsert), so an update
-- is a change of counts at the same rollup rows.
CREATE TRIGGER report_daily_keys_bu BEFORE UPDATE OF day, facility_id ON report_daily
WHEN NEW.day <> OLD.day OR NEW.facility_id <> OLD.facility_id
BEGIN
  SELECT RAISE(ABORT, 'report_daily keys are immutable');
END;
CREATE TRIGGER report_prescriber_daily_keys_bu BEFORE UPDATE OF day, prescriber_id, facility_id
ON report_prescriber_daily
WHEN NEW.day <> OLD.day OR NEW.prescriber_id <> OLD.prescriber_id OR NEW.facility_id <> OLD.facility_id
BEGIN
  SELECT RAISE(ABORT, 'report_prescriber_daily keys are immutable');
END;
CREATE TRIGGER report_ingredient_daily_keys_bu BEFORE UPDATE OF day, governorate, ingredient
ON report_ingredient_daily
WHEN NEW.day <> OLD.day OR NEW.governorate <> OLD.governorate OR NEW.ingredient <> OLD.ingredient
BEGIN
  SELECT RAISE(ABORT, 'report_ingredient_daily keys are immutable');
END;

CREATE TRIGGER report_daily_ai AFTER INSERT ON report_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  INSERT INTO report_region_daily (day, governorate, facility_type, prescriptions, items, generic_items, essential_items,
                                   antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions,
                                   dispensations)
  SELECT NEW.day, f.governorate, f.type, NEW.prescriptions, NEW.items, NEW.generic_items, NEW.essential_items,
         NEW.antibiotic_prescriptions, NEW.injection_prescriptions, NEW.controlled_prescriptions, NEW.dispensations
  FROM facilities f WHERE f.id = NEW.facility_id
  ON CONFLICT (day, governorate, facility_type) DO UPDATE SET prescriptions = prescriptions + excluded.prescriptions,
    items = items + excluded.items, generic_items = generic_items + excluded.generic_items,
    essential_items = essential_items + excluded.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + excluded.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions + excluded.controlled_prescriptions,
    dispensations = dispensations + excluded.dispensations;
  INSERT INTO report_facility_monthly (month, facility_id, prescriptions, items, generic_items, essential_items,
                                       antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions,
                                       dispensations)
  VALUES (NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1, NEW.facility_id,
          NEW.prescriptions, NEW.items, NEW.generic_items, NEW.essential_items, NEW.antibiotic_prescriptions,
          NEW.injection_prescriptions, NEW.controlled_prescriptions, NEW.dispensations)
  ON CONFLICT (month, facility_id) DO UPDATE SET prescriptions = prescriptions + excluded.prescriptions,
    items = items + excluded.items, generic_items = generic_items + excluded.generic_items,
    essential_items = essential_items + excluded.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + excluded.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions + excluded.controlled_prescriptions,
    dispensations = dispensations + excluded.dispensations;
END;

CREATE TRIGGER report_daily_au AFTER UPDATE ON report_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_region_daily SET prescriptions = prescriptions + NEW.prescriptions - OLD.prescriptions,
    items = items + NEW.items - OLD.items, generic_items = generic_items + NEW.generic_items - OLD.generic_items,
    essential_items = essential_items + NEW.essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + NEW.antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + NEW.injection_prescriptions - OLD.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions + NEW.controlled_prescriptions - OLD.controlled_prescriptions,
    dispensations = dispensations + NEW.dispensations - OLD.dispensations
  WHERE day = NEW.day AND (governorate, facility_type) = (SELECT f.governorate, f.type FROM facilities f
                                                          WHERE f.id = NEW.facility_id);
  UPDATE report_facility_monthly SET prescriptions = prescriptions + NEW.prescriptions - OLD.prescriptions,
    items = items + NEW.items - OLD.items, generic_items = generic_items + NEW.generic_items - OLD.generic_items,
    essential_items = essential_items + NEW.essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + NEW.antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + NEW.injection_prescriptions - OLD.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions + NEW.controlled_prescriptions - OLD.controlled_prescriptions,
    dispensations = dispensations + NEW.dispensations - OLD.dispensations
  WHERE month = NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND facility_id = NEW.facility_id;
END;

CREATE TRIGGER report_daily_ad AFTER DELETE ON report_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_region_daily SET prescriptions = prescriptions - OLD.prescriptions, items = items - OLD.items,
    generic_items = generic_items - OLD.generic_items, essential_items = essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions - OLD.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions - OLD.controlled_prescriptions,
    dispensations = dispensations - OLD.dispensations
  WHERE day = OLD.day AND (governorate, facility_type) = (SELECT f.governorate, f.type FROM facilities f
                                                          WHERE f.id = OLD.facility_id);
  UPDATE report_facility_monthly SET prescriptions = prescriptions - OLD.prescriptions, items = items - OLD.items,
    generic_items = generic_items - OLD.generic_items, essential_items = essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions - OLD.injection_prescriptions,
    controlled_prescriptions = controlled_prescriptions - OLD.controlled_prescriptions,
    dispensations = dispensations - OLD.dispensations
  WHERE month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND facility_id = OLD.facility_id;
END;

CREATE TRIGGER report_prescriber_daily_ai AFTER INSERT ON report_prescriber_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items,
                                         essential_items, antibiotic_prescriptions, injection_prescriptions)
  VALUES (NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1, NEW.prescriber_id,
          NEW.facility_id, NEW.prescriptions, NEW.items, NEW.generic_items, NEW.essential_items,
          NEW.antibiotic_prescriptions, NEW.injection_prescriptions)
  ON CONFLICT (month, prescriber_id, facility_id) DO UPDATE SET prescriptions = prescriptions + excluded.prescriptions,
    items = items + excluded.items, generic_items = generic_items + excluded.generic_items,
    essential_items = essential_items + excluded.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + excluded.injection_prescriptions;
END;

CREATE TRIGGER report_prescriber_daily_au AFTER UPDATE ON report_prescriber_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_prescriber_monthly SET prescriptions = prescriptions + NEW.prescriptions - OLD.prescriptions,
    items = items + NEW.items - OLD.items, generic_items = generic_items + NEW.generic_items - OLD.generic_items,
    essential_items = essential_items + NEW.essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + NEW.antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + NEW.injection_prescriptions - OLD.injection_prescriptions
  WHERE month = NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND prescriber_id = NEW.prescriber_id AND facility_id = NEW.facility_id;
END;

CREATE TRIGGER report_prescriber_daily_ad AFTER DELETE ON report_prescriber_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_prescriber_monthly SET prescriptions = prescriptions - OLD.prescriptions, items = items - OLD.items,
    generic_items = generic_items - OLD.generic_items, essential_items = essential_items - OLD.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions - OLD.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions - OLD.injection_prescriptions
  WHERE month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND prescriber_id = OLD.prescriber_id AND facility_id = OLD.facility_id;
END;

CREATE TRIGGER report_ingredient_daily_ai AFTER INSERT ON report_ingredient_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items)
  VALUES (NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1, NEW.governorate,
          NEW.ingredient, NEW.items)
  ON CONFLICT (month, governorate, ingredient) DO UPDATE SET items = items + excluded.items;
END;

CREATE TRIGGER report_ingredient_daily_au AFTER UPDATE ON report_ingredient_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_ingredient_monthly SET items = items + NEW.items - OLD.items
  WHERE month = NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND governorate = NEW.governorate AND ingredient = NEW.ingredient;
END;

CREATE TRIGGER report_ingredient_daily_ad AFTER DELETE ON report_ingredient_daily
WHEN NOT EXISTS (SELECT 1 FROM report_rebuild_guard)
BEGIN
  UPDATE report_ingredient_monthly SET items = items - OLD.items
  WHERE month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
    AND governorate = OLD.governorate AND ingredient = OLD.ingredient;
END;
