-- Report summaries from the committed batch (docs/reports.md "How the summaries stay exact"), as on
-- SQLite: the row triggers stand aside for a prescription with a pending row. The server marks
-- prescriptions pending only on SQLite, where one writer commits them in batches; on PostgreSQL each
-- prescription commits in a transaction of its own and the row triggers still keep the summaries
-- (store/prescription_repository.cpp), so this only keeps the schemas alike.
CREATE TABLE report_pending (prescription_id TEXT PRIMARY KEY);

CREATE OR REPLACE FUNCTION report_prescriptions_ai() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM report_pending WHERE prescription_id = NEW.id) THEN RETURN NULL; END IF;
  INSERT INTO report_daily (day, facility_id, prescriptions, controlled_prescriptions)
  VALUES (NEW.issued_at / 86400000, NEW.facility_id, 1, CASE WHEN NEW.controlled = 1 THEN 1 ELSE 0 END)
  ON CONFLICT (day, facility_id) DO UPDATE SET prescriptions = report_daily.prescriptions + 1,
    controlled_prescriptions = report_daily.controlled_prescriptions + excluded.controlled_prescriptions;
  INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, prescriptions)
  VALUES (NEW.issued_at / 86400000, NEW.prescriber_id, NEW.facility_id, 1)
  ON CONFLICT (day, prescriber_id, facility_id) DO UPDATE SET prescriptions = report_prescriber_daily.prescriptions + 1;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_items_ai() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM report_pending WHERE prescription_id = NEW.prescription_id) THEN RETURN NULL; END IF;
  INSERT INTO report_daily (day, facility_id, items, generic_items, essential_items, antibiotic_prescriptions,
                            injection_prescriptions)
  SELECT v.day, v.facility_id, 1, v.generic, v.essential,
         v.antibiotic * (CASE WHEN EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                         AND w.position < NEW.position AND w.antibiotic = 1) THEN 0 ELSE 1 END),
         v.injection * (CASE WHEN EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                         AND w.position < NEW.position AND w.injection = 1) THEN 0 ELSE 1 END)
  FROM report_item_facts v WHERE v.item_id = NEW.id
  ON CONFLICT (day, facility_id) DO UPDATE SET items = report_daily.items + 1,
    generic_items = report_daily.generic_items + excluded.generic_items,
    essential_items = report_daily.essential_items + excluded.essential_items,
    antibiotic_prescriptions = report_daily.antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = report_daily.injection_prescriptions + excluded.injection_prescriptions;
  INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, items, generic_items, essential_items,
                                       antibiotic_prescriptions, injection_prescriptions)
  SELECT v.day, v.prescriber_id, v.facility_id, 1, v.generic, v.essential,
         v.antibiotic * (CASE WHEN EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                         AND w.position < NEW.position AND w.antibiotic = 1) THEN 0 ELSE 1 END),
         v.injection * (CASE WHEN EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                         AND w.position < NEW.position AND w.injection = 1) THEN 0 ELSE 1 END)
  FROM report_item_facts v WHERE v.item_id = NEW.id
  ON CONFLICT (day, prescriber_id, facility_id) DO UPDATE SET items = report_prescriber_daily.items + 1,
    generic_items = report_prescriber_daily.generic_items + excluded.generic_items,
    essential_items = report_prescriber_daily.essential_items + excluded.essential_items,
    antibiotic_prescriptions = report_prescriber_daily.antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = report_prescriber_daily.injection_prescriptions + excluded.injection_prescriptions;
  INSERT INTO report_ingredient_daily (day, governorate, ingredient, items)
  SELECT v.day, v.governorate, lower(j ->> 'name'), 1
  FROM report_item_facts v, json_array_elements(v.ingredients::json) j WHERE v.item_id = NEW.id
  ON CONFLICT (day, governorate, ingredient) DO UPDATE SET items = report_ingredient_daily.items + 1;
  RETURN NULL;
END $$;
