-- Back to row-by-row summaries (nothing is pending outside a transaction): the triggers of
-- migration 0005 as they were.
DROP TRIGGER report_prescriptions_ai;
DROP TRIGGER report_items_ai;
DROP TABLE report_pending;
CREATE TRIGGER report_prescriptions_ai AFTER INSERT ON prescriptions
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
