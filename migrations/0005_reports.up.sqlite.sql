-- Regulator reports (issue 6, DOMAIN.md "Reports for regulators"; definitions in docs/reports.md).
-- Reports read small daily summary tables kept up to date by triggers in the same transaction as
-- the prescription, item or dispensation they count, so a year of national data is read in well
-- under a second. Days are UTC days since 1970-01-01 (issued_at / 86400000).

-- Ingredients the knowledge base (data/ingredients.csv, column antibiotic) marks as antibiotics;
-- the server replaces the list at start-up and rebuilds the summaries when it changed.
CREATE TABLE report_antibiotic_ingredients (name TEXT PRIMARY KEY);

-- One row per prescription item with what the indicators need to know about it.
CREATE VIEW report_item_facts AS
SELECT i.id AS item_id,
       i.prescription_id AS prescription_id,
       i.position AS position,
       p.issued_at / 86400000 AS day,
       p.facility_id AS facility_id,
       p.prescriber_id AS prescriber_id,
       f.governorate AS governorate,
       d.ingredients AS ingredients,
       CASE WHEN i.substitution_allowed = 1
              OR (json_array_length(d.ingredients) = 1
                  AND lower(d.trade_name) LIKE lower(json_extract(d.ingredients, '$[0].name')) || '%')
            THEN 1 ELSE 0 END AS generic,
       CASE WHEN d.essential = 1 THEN 1 ELSE 0 END AS essential,
       CASE WHEN EXISTS (SELECT 1 FROM json_each(d.ingredients) j
                         JOIN report_antibiotic_ingredients a ON a.name = lower(json_extract(j.value, '$.name')))
            THEN 1 ELSE 0 END AS antibiotic,
       CASE WHEN d.form IN ('injection', 'infusion') OR coalesce(i.route, d.route) IN ('iv', 'im', 'sc')
            THEN 1 ELSE 0 END AS injection
FROM prescription_items i
JOIN prescriptions p ON p.id = i.prescription_id
JOIN drugs d ON d.id = i.drug_id
JOIN facilities f ON f.id = p.facility_id;

-- Per facility and day: prescriptions written there, or dispensations made there (pharmacies).
CREATE TABLE report_daily (
  day BIGINT NOT NULL,
  facility_id TEXT NOT NULL,
  prescriptions BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  generic_items BIGINT NOT NULL DEFAULT 0,
  essential_items BIGINT NOT NULL DEFAULT 0,
  antibiotic_prescriptions BIGINT NOT NULL DEFAULT 0,
  injection_prescriptions BIGINT NOT NULL DEFAULT 0,
  controlled_prescriptions BIGINT NOT NULL DEFAULT 0,
  dispensations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, facility_id)
);

-- Per prescriber, facility and day (provider performance).
CREATE TABLE report_prescriber_daily (
  day BIGINT NOT NULL,
  prescriber_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  prescriptions BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  generic_items BIGINT NOT NULL DEFAULT 0,
  essential_items BIGINT NOT NULL DEFAULT 0,
  antibiotic_prescriptions BIGINT NOT NULL DEFAULT 0,
  injection_prescriptions BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, prescriber_id, facility_id)
);

-- Items per ingredient, governorate (of the prescribing facility) and day (top ingredients).
CREATE TABLE report_ingredient_daily (
  day BIGINT NOT NULL,
  governorate TEXT NOT NULL,
  ingredient TEXT NOT NULL,
  items BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, governorate, ingredient)
);

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

-- A prescription counts once for "with an antibiotic" / "with an injection": at its such item with the
-- lowest position (items are inserted in position order, in one statement or several).
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

CREATE TRIGGER report_dispensations_ai AFTER INSERT ON dispensations
BEGIN
  INSERT INTO report_daily (day, facility_id, dispensations) VALUES (NEW.dispensed_at / 86400000, NEW.pharmacy_id, 1)
  ON CONFLICT (day, facility_id) DO UPDATE SET dispensations = dispensations + 1;
END;

-- Controlled-substance alerts and the audit list.
CREATE INDEX report_controlled_rx_idx ON prescriptions (issued_at, patient_id, prescriber_id) WHERE controlled = 1;
CREATE INDEX dispensations_at_idx ON dispensations (dispensed_at);
CREATE INDEX audit_log_actor_seq_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_patient_seq_idx ON audit_log (patient_id, seq);
CREATE INDEX audit_log_action_seq_idx ON audit_log (action, seq);
