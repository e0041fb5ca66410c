-- Report summaries from the committed batch (docs/reports.md "How the summaries stay exact").
-- The server's writes no longer maintain report_daily, report_prescriber_daily and
-- report_ingredient_daily row by row: a new prescription's id goes into report_pending in the same
-- transaction, and once per group commit (store/write_queue.hpp) the batch's prescriptions and
-- items are added to the summaries with one statement per table (store/report_pending.cpp). The
-- row triggers stay for rows written any other way (imports, fixtures): they stand aside only for
-- prescriptions that have a pending row.
CREATE TABLE report_pending (prescription_id TEXT PRIMARY KEY);

DROP TRIGGER report_prescriptions_ai;
DROP TRIGGER report_items_ai;
CREATE TRIGGER report_prescriptions_ai AFTER INSERT ON prescriptions
WHEN NOT EXISTS (SELECT 1 FROM report_pending WHERE prescription_id = NEW.id)
BEGIN
  INSERT INTO report_daily (day, facility_id, prescriptions, controlled_prescriptions)
  VALUES (NEW.issued_at / 86400000, NEW.facility_id, 1, CASE WHEN NEW.controlled = 1 THEN 1 ELSE 0 END)
  ON CONFLICT (day, facility_id) DO UPDATE SET prescriptions = prescriptions + 1,
    controlled_prescriptions = controlled_prescriptions + excluded.controlled_prescriptions;
  INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, prescriptions)
  VALUES (NEW.issued_at / 86400000, NEW.prescriber_id, NEW.facility_id, 1)
  ON CONFLICT (day, prescriber_id, facility_id) DO UPDATE SET prescriptions = prescriptions + 1;
END;

CREATE TRIGGER report_items_ai AFTER INSERT ON prescription_items
WHEN NOT EXISTS (SELECT 1 FROM report_pending WHERE prescription_id = NEW.prescription_id)
BEGIN
  INSERT INTO report_daily (day, facility_id, items, generic_items, essential_items, antibiotic_prescriptions,
                            injection_prescriptions)
  SELECT v.day, v.facility_id, 1, v.generic, v.essential,
         v.antibiotic * (1 - EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                     AND w.position < NEW.position AND w.antibiotic = 1)),
         v.injection * (1 - EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                    AND w.position < NEW.position AND w.injection = 1))
  FROM report_item_facts v WHERE v.item_id = NEW.id
  ON CONFLICT (day, facility_id) DO UPDATE SET items = items + 1, generic_items = generic_items + excluded.generic_items,
    essential_items = essential_items + excluded.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + excluded.injection_prescriptions;
  INSERT INTO report_prescriber_daily (day, prescriber_id, facility_id, items, generic_items, essential_items,
                                       antibiotic_prescriptions, injection_prescriptions)
  SELECT v.day, v.prescriber_id, v.facility_id, 1, v.generic, v.essential,
         v.antibiotic * (1 - EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                     AND w.position < NEW.position AND w.antibiotic = 1)),
         v.injection * (1 - EXISTS (SELECT 1 FROM report_item_facts w WHERE w.prescription_id = NEW.prescription_id
                                    AND w.position < NEW.position AND w.injection = 1))
  FROM report_item_facts v WHERE v.item_id = NEW.id
  ON CONFLICT (day, prescriber_id, facility_id) DO UPDATE SET items = items + 1,
    generic_items = generic_items + excluded.generic_items, essential_items = essential_items + excluded.essential_items,
    antibiotic_prescriptions = antibiotic_prescriptions + excluded.antibiotic_prescriptions,
    injection_prescriptions = injection_prescriptions + excluded.injection_prescriptions;
  INSERT INTO report_ingredient_daily (day, governorate, ingredient, items)
  SELECT v.day, v.governorate, lower(json_extract(j.value, '$.name')), 1
  FROM report_item_facts v, json_each(v.ingredients) j WHERE v.item_id = NEW.id
  ON CONFLICT (day, governorate, ingredient) DO UPDATE SET items = items + 1;
END;
