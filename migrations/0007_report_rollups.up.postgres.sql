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
);

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
);

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
);

CREATE TABLE report_ingredient_monthly (
  month BIGINT NOT NULL,
  governorate TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  items BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, governorate, ingredient)
);

-- The month of a day number: the day number of the month's first day.
CREATE FUNCTION report_month(d BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT d - extract(day FROM DATE '1970-01-01' + d::integer)::bigint + 1
$$;

-- The rows already in the daily tables .
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
SELECT report_month(day) AS m, facility_id, SUM(prescriptions),
       SUM(items), SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions),
       SUM(injection_prescriptions), SUM(controlled_prescriptions), SUM(dispensations)
FROM report_daily GROUP BY m, facility_id;

INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items,
                                       essential_items, antibiotic_prescriptions, injection_prescriptions)
SELECT report_month(day) AS m, prescriber_id, facility_id,
       SUM(prescriptions), SUM(items), SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions),
       SUM(injection_prescriptions)
FROM report_prescriber_daily GROUP BY m, prescriber_id, facility_id;

INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items)
SELECT report_month(day) AS m, governorate, ingredient, SUM(items)
FROM report_ingredient_daily GROUP BY m, governorate, ingredient;

-- The daily rows' keys never change (only the report triggers write them, by upsert), so an update
-- is a change of counts at the same rollup rows.
CREATE FUNCTION report_keys_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% keys are immutable', TG_TABLE_NAME;
END $$;
CREATE TRIGGER report_daily_keys_bu BEFORE UPDATE OF day, facility_id ON report_daily FOR EACH ROW
  WHEN (NEW.day <> OLD.day OR NEW.facility_id <> OLD.facility_id) EXECUTE FUNCTION report_keys_immutable();
CREATE TRIGGER report_prescriber_daily_keys_bu BEFORE UPDATE OF day, prescriber_id, facility_id
  ON report_prescriber_daily FOR EACH ROW
  WHEN (NEW.day <> OLD.day OR NEW.prescriber_id <> OLD.prescriber_id OR NEW.facility_id <> OLD.facility_id)
  EXECUTE FUNCTION report_keys_immutable();
CREATE TRIGGER report_ingredient_daily_keys_bu BEFORE UPDATE OF day, governorate, ingredient
  ON report_ingredient_daily FOR EACH ROW
  WHEN (NEW.day <> OLD.day OR NEW.governorate <> OLD.governorate OR NEW.ingredient <> OLD.ingredient)
  EXECUTE FUNCTION report_keys_immutable();

-- Each change of a daily row (an insert adds its counts, a delete subtracts them, an update adds
-- the difference) is applied to its rollup rows.
CREATE FUNCTION report_daily_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c report_daily%ROWTYPE;
BEGIN
  IF EXISTS (SELECT 1 FROM report_rebuild_guard) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    c := NEW;
  ELSIF TG_OP = 'DELETE' THEN
    c := OLD;
    c.prescriptions := -OLD.prescriptions;
    c.items := -OLD.items;
    c.generic_items := -OLD.generic_items;
    c.essential_items := -OLD.essential_items;
    c.antibiotic_prescriptions := -OLD.antibiotic_prescriptions;
    c.injection_prescriptions := -OLD.injection_prescriptions;
    c.controlled_prescriptions := -OLD.controlled_prescriptions;
    c.dispensations := -OLD.dispensations;
  ELSE
    c := NEW;
    c.prescriptions := NEW.prescriptions - OLD.prescriptions;
    c.items := NEW.items - OLD.items;
    c.generic_items := NEW.generic_items - OLD.generic_items;
    c.essential_items := NEW.essential_items - OLD.essential_items;
    c.antibiotic_prescriptions := NEW.antibiotic_prescriptions - OLD.antibiotic_prescriptions;
    c.injection_prescriptions := NEW.injection_prescriptions - OLD.injection_prescriptions;
    c.controlled_prescriptions := NEW.controlled_prescriptions - OLD.controlled_prescriptions;
    c.dispensations := NEW.dispensations - OLD.dispensations;
  END IF;
  INSERT INTO report_region_daily (day, governorate, facility_type, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations)
  SELECT c.day, f.governorate, f.type, c.prescriptions, c.items, c.generic_items, c.essential_items, c.antibiotic_prescriptions, c.injection_prescriptions, c.controlled_prescriptions, c.dispensations
  FROM facilities f WHERE f.id = c.facility_id
  ON CONFLICT (day, governorate, facility_type) DO UPDATE SET
    prescriptions = report_region_daily.prescriptions + excluded.prescriptions,
    items = report_region_daily.items + excluded.items,
    generic_items = report_region_daily.generic_items + excluded.generic_items,
    essential_items = report_region_daily.essential_items + excluded.essential_items,
    antibiotic_prescriptions = report_region_daily.antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = report_region_daily.injection_prescriptions + excluded.injection_prescriptions,
    controlled_prescriptions = report_region_daily.controlled_prescriptions + excluded.controlled_prescriptions,
    dispensations = report_region_daily.dispensations + excluded.dispensations;
  INSERT INTO report_facility_monthly (month, facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, injection_prescriptions, controlled_prescriptions, dispensations)
  VALUES (report_month(c.day), c.facility_id, c.prescriptions, c.items, c.generic_items, c.essential_items, c.antibiotic_prescriptions, c.injection_prescriptions, c.controlled_prescriptions, c.dispensations)
  ON CONFLICT (month, facility_id) DO UPDATE SET
    prescriptions = report_facility_monthly.prescriptions + excluded.prescriptions,
    items = report_facility_monthly.items + excluded.items,
    generic_items = report_facility_monthly.generic_items + excluded.generic_items,
    essential_items = report_facility_monthly.essential_items + excluded.essential_items,
    antibiotic_prescriptions = report_facility_monthly.antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = report_facility_monthly.injection_prescriptions + excluded.injection_prescriptions,
    controlled_prescriptions = report_facility_monthly.controlled_prescriptions + excluded.controlled_prescriptions,
    dispensations = report_facility_monthly.dispensations + excluded.dispensations;
  RETURN NULL;
END $$;
CREATE TRIGGER report_daily_rollup AFTER INSERT OR UPDATE OR DELETE ON report_daily
  FOR EACH ROW EXECUTE FUNCTION report_daily_rollup();

CREATE FUNCTION report_prescriber_daily_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c report_prescriber_daily%ROWTYPE;
BEGIN
  IF EXISTS (SELECT 1 FROM report_rebuild_guard) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    c := NEW;
  ELSIF TG_OP = 'DELETE' THEN
    c := OLD;
    c.prescriptions := -OLD.prescriptions;
    c.items := -OLD.items;
    c.generic_items := -OLD.generic_items;
    c.essential_items := -OLD.essential_items;
    c.antibiotic_prescriptions := -OLD.antibiotic_prescriptions;
    c.injection_prescriptions := -OLD.injection_prescriptions;
  ELSE
    c := NEW;
    c.prescriptions := NEW.prescriptions - OLD.prescriptions;
    c.items := NEW.items - OLD.items;
    c.generic_items := NEW.generic_items - OLD.generic_items;
    c.essential_items := NEW.essential_items - OLD.essential_items;
    c.antibiotic_prescriptions := NEW.antibiotic_prescriptions - OLD.antibiotic_prescriptions;
    c.injection_prescriptions := NEW.injection_prescriptions - OLD.injection_prescriptions;
  END IF;
  INSERT INTO report_prescriber_monthly (month, prescriber_id, facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions, injection_prescriptions)
  VALUES (report_month(c.day), c.prescriber_id, c.facility_id, c.prescriptions, c.items, c.generic_items, c.essential_items, c.antibiotic_prescriptions, c.injection_prescriptions)
  ON CONFLICT (month, prescriber_id, facility_id) DO UPDATE SET
    prescriptions = report_prescriber_monthly.prescriptions + excluded.prescriptions,
    items = report_prescriber_monthly.items + excluded.items,
    generic_items = report_prescriber_monthly.generic_items + excluded.generic_items,
    essential_items = report_prescriber_monthly.essential_items + excluded.essential_items,
    antibiotic_prescriptions = report_prescriber_monthly.antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = report_prescriber_monthly.injection_prescriptions + excluded.injection_prescriptions;
  RETURN NULL;
END $$;
CREATE TRIGGER report_prescriber_daily_rollup AFTER INSERT OR UPDATE OR DELETE ON report_prescriber_daily
  FOR EACH ROW EXECUTE FUNCTION report_prescriber_daily_rollup();

CREATE FUNCTION report_ingredient_daily_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c report_ingredient_daily%ROWTYPE;
BEGIN
  IF EXISTS (SELECT 1 FROM report_rebuild_guard) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    c := NEW;
  ELSIF TG_OP = 'DELETE' THEN
    c := OLD;
    c.items := -OLD.items;
  ELSE
    c := NEW;
    c.items := NEW.items - OLD.items;
  END IF;
  INSERT INTO report_ingredient_monthly (month, governorate, ingredient, items)
  VALUES (report_month(c.day), c.governorate, c.ingredient, c.items)
  ON CONFLICT (month, governorate, ingredient) DO UPDATE SET items = report_ingredient_monthly.items + excluded.items;
  RETURN NULL;
END $$;
CREATE TRIGGER report_ingredient_daily_rollup AFTER INSERT OR UPDATE OR DELETE ON report_ingredient_daily
  FOR EACH ROW EXECUTE FUNCTION report_ingredient_daily_rollup();
