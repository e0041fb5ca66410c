#!/usr/bin/env python3
"""The raw-SQL references for bench/prescribe.sh and bench/dispense.sh: the same rows the server
writes for one create (prescription, 3 items, event, audit entry on the chain) or one dispense
(dispensation, line, conditional item update, status update, event, audit entry), each as its own
transaction, on the server's own database (same schema, indexes and report triggers).

  rawsql.py sqlite-prescribe SEED_DIR N   -> N transactions for the sqlite3 shell (stdout); codes RAW...
  rawsql.py sqlite-dispense  SEED_DIR N   (dispensation ids raw-...)
  rawsql.py pg-prescribe     SEED_DIR     -> a pgbench custom script
  rawsql.py pg-dispense      SEED_DIR     (needs the bench_lines table: rawsql.py pg-lines SEED_DIR)
"""
import os
import sys
import time
import uuid

mode, seed = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0


def lines(name):
    with open(os.path.join(seed, name)) as f:
        return [l.strip() for l in f if l.strip()]


drugs, patients, ids = lines('drugs'), lines('patients'), lines('ids')
clinic, pharmacy, doctor, pharmacist = ids[0], ids[1], ids[2], ids[3]
disp = [l.split() for l in lines('dispense')]
now = int(time.time() * 1000)
token = 'x' * 180  # the size of a signed QR token
sig_en, sig_ar = '1 tablet twice a day for 5 days', 'قرص واحد مرتين يوميا لمدة 5 أيام'
H = '0' * 64

AUDIT_SQLITE = ("INSERT INTO audit_log (seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, "
                "source_ip, request_id, outcome, reason, prev_hash, hash) SELECT COALESCE(MAX(seq), 0) + 1, '{id}', {now}, "
                "'{actor}', '{role}', '{action}', '{patient}', 'prescription', '{rx}', '127.0.0.1', '{id}', 'success', NULL, "
                "'" + H + "', '" + H + "' FROM audit_log;")


def sqlite_prescribe():
    out = ['PRAGMA synchronous=FULL;', 'PRAGMA busy_timeout=5000;']
    for i in range(n):
        rx = str(uuid.uuid4())
        p = patients[i % len(patients)]
        out.append('BEGIN IMMEDIATE;')
        out.append("INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, diagnosis_codes, "
                   "notes, controlled, issued_at, expires_at, qr_token, alerts, overrides, updated_at) VALUES "
                   f"('{rx}', 'RAW{rx[:13]}', '{p}', '{doctor}', '{clinic}', 'active', '[\"J06.9\"]', NULL, 0, {now}, "
                   f"{now + 30 * 86400000}, '{token}', '[]', '[]', {now});")
        for pos, d in enumerate(drugs):
            out.append("INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, "
                       "times_per_day, duration_days, quantity, route, instructions, substitution_allowed, repeats, "
                       f"repeat_interval_days, sig_en, sig_ar) VALUES ('{uuid.uuid4()}', '{rx}', {pos + 1}, '{d}', 1, "
                       f"'tablet', 2, 5, 1, NULL, NULL, 1, 0, 0, '{sig_en}', '{sig_ar}');")
        out.append(f"INSERT INTO events (id, type, occurred_at, data) VALUES ('{uuid.uuid4()}', 'prescription.created', "
                   f"{now}, '{{\"prescription_id\":\"{rx}\"}}');")
        out.append(AUDIT_SQLITE.format(id=uuid.uuid4(), now=now, actor=doctor, role='doctor',
                                       action='prescription.create', patient=p, rx=rx))
        out.append('COMMIT;')
    print('\n'.join(out))


def sqlite_dispense():
    out = ['PRAGMA synchronous=FULL;', 'PRAGMA busy_timeout=5000;']
    for i in range(n):
        rx, item = disp[i % len(disp)]
        d = 'raw-' + str(uuid.uuid4())  # counted by bench/prescribe.sh
        out.append('BEGIN IMMEDIATE;')
        out.append("INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked, "
                   f"dispensed_at) VALUES ('{d}', '{rx}', '{pharmacist}', '{pharmacy}', 0, {now});")
        out.append("INSERT INTO dispensation_items (id, dispensation_id, item_id, drug_id, quantity, batch_no) "
                   f"VALUES ('{uuid.uuid4()}', '{d}', '{item}', '{drugs[0]}', 1, NULL);")
        out.append(f"UPDATE prescription_items SET dispensed_quantity = dispensed_quantity + 1, last_fill_at = {now} "
                   f"WHERE id = '{item}' AND dispensed_quantity + 1 <= quantity * (1 + repeats);")
        out.append(f"UPDATE prescriptions SET status = 'partially_dispensed', updated_at = {now} WHERE id = '{rx}';")
        out.append(f"INSERT INTO events (id, type, occurred_at, data) VALUES ('{uuid.uuid4()}', "
                   f"'prescription.dispensed', {now}, '{{\"prescription_id\":\"{rx}\"}}');")
        out.append(AUDIT_SQLITE.format(id=uuid.uuid4(), now=now, actor=pharmacist, role='pharmacist',
                                       action='prescription.dispense', patient='', rx=rx))
        out.append('COMMIT;')
    print('\n'.join(out))


AUDIT_PG = ("SELECT pg_advisory_xact_lock(727275);\n"
            "INSERT INTO audit_log (seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, "
            "source_ip, request_id, outcome, reason, prev_hash, hash) SELECT COALESCE(MAX(seq), 0) + 1, "
            "gen_random_uuid()::text, {now}, '{actor}', '{role}', '{action}', NULL, 'prescription', {rx}, '127.0.0.1', "
            "gen_random_uuid()::text, 'success', NULL, '" + H + "', '" + H + "' FROM audit_log;")


def pg_prescribe():
    np = len(patients)
    print(f"\\set p random(0, {np - 1})")
    print("BEGIN;")
    print("SELECT gen_random_uuid()::text AS rx \\gset")
    # the patient by position: one indexed read the server also does (it loads the patient)
    print(f"SELECT id AS pid FROM patients ORDER BY id OFFSET :p LIMIT 1 \\gset")
    print("INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, diagnosis_codes, notes, "
          "controlled, issued_at, expires_at, qr_token, alerts, overrides, updated_at) VALUES "
          f"(:rx::text, 'RAW' || substr(:rx::text, 1, 13), :pid::text, '{doctor}', '{clinic}', 'active', '[\"J06.9\"]', NULL, 0, {now}, "
          f"{now + 30 * 86400000}, '{token}', '[]', '[]', {now});")
    for pos, d in enumerate(drugs):
        print("INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, "
              "times_per_day, duration_days, quantity, route, instructions, substitution_allowed, repeats, "
              f"repeat_interval_days, sig_en, sig_ar) VALUES (gen_random_uuid()::text, :rx::text, {pos + 1}, '{d}', 1, "
              f"'tablet', 2, 5, 1, NULL, NULL, 1, 0, 0, '{sig_en}', '{sig_ar}');")
    print("INSERT INTO events (id, type, occurred_at, data) VALUES (gen_random_uuid()::text, 'prescription.created', "
          f"{now}, '{{}}');")
    print(AUDIT_PG.format(now=now, actor=doctor, role='doctor', action='prescription.create', rx=":rx::text"))
    print("COMMIT;")


def pg_lines():
    print("DROP TABLE IF EXISTS bench_lines; CREATE TABLE bench_lines (k INTEGER PRIMARY KEY, rx TEXT, item TEXT);")
    for k, (rx, item) in enumerate(disp):
        print(f"INSERT INTO bench_lines VALUES ({k}, '{rx}', '{item}');")


def pg_dispense():
    print(f"\\set k random(0, {len(disp) - 1})")
    print("BEGIN;")
    print("SELECT rx, item, gen_random_uuid()::text AS d FROM bench_lines WHERE k = :k \\gset")
    print("INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked, dispensed_at) "
          f"VALUES (:d::text, :rx::text, '{pharmacist}', '{pharmacy}', 0, {now});")
    print("INSERT INTO dispensation_items (id, dispensation_id, item_id, drug_id, quantity, batch_no) "
          f"VALUES (gen_random_uuid()::text, :d::text, :item::text, '{drugs[0]}', 1, NULL);")
    print(f"UPDATE prescription_items SET dispensed_quantity = dispensed_quantity + 1, last_fill_at = {now} "
          "WHERE id = :item::text AND dispensed_quantity + 1 <= quantity * (1 + repeats);")
    print(f"UPDATE prescriptions SET status = 'partially_dispensed', updated_at = {now} WHERE id = :rx::text;")
    print("INSERT INTO events (id, type, occurred_at, data) VALUES (gen_random_uuid()::text, 'prescription.dispensed', "
          f"{now}, '{{}}');")
    print(AUDIT_PG.format(now=now, actor=pharmacist, role='pharmacist', action='prescription.dispense', rx=":rx::text"))
    print("COMMIT;")


{'sqlite-prescribe': sqlite_prescribe, 'sqlite-dispense': sqlite_dispense, 'pg-prescribe': pg_prescribe,
 'pg-dispense': pg_dispense, 'pg-lines': pg_lines}[mode]()
