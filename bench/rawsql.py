#!/usr/bin/env python3
"""The raw-SQL references for bench/prescribe.sh and bench/dispense.sh: the database's own limit for
the rows the server writes for one create (prescription, 3 items, event, audit entry) or one dispense
(dispensation, line, conditional item update, status update, event, audit entry), each as its own
transaction at the server's durability (SQLite WAL + synchronous=FULL; PostgreSQL fsync and
synchronous_commit on), in a reference database of plain tables: the same columns, primary keys and
unique indexes, but no report triggers and no audit-chain lock (issue 17: the reference is what the
database can do, not a copy of our own design).

  rawsql.py schema           SEED_DIR     -> the plain tables and the rows dispensing refers to (both dialects)
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

# An audit row appended as a plain insert (the sequence from the table's own key, no chain lock).
AUDIT_SQLITE = ("INSERT INTO audit_log (id, at, actor_id, actor_role, action, patient_id, record_type, record_id, "
                "source_ip, request_id, outcome, reason, prev_hash, hash) VALUES ('{id}', {now}, "
                "'{actor}', '{role}', '{action}', '{patient}', 'prescription', '{rx}', '127.0.0.1', '{id}', 'success', NULL, "
                "'" + H + "', '" + H + "');")


def schema():
    """Plain tables with the server's columns, keys and unique indexes, and the prescriptions and
    items the dispense reference fills (one statement per line; both dialects)."""
    out = [
        "CREATE TABLE prescriptions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, patient_id TEXT NOT NULL, "
        "prescriber_id TEXT NOT NULL, facility_id TEXT NOT NULL, status TEXT NOT NULL, diagnosis_codes TEXT, notes TEXT, "
        "controlled INTEGER NOT NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, qr_token TEXT, alerts TEXT, "
        "overrides TEXT, updated_at BIGINT NOT NULL);",
        "CREATE INDEX prescriptions_patient_idx ON prescriptions (patient_id, issued_at);",
        "CREATE TABLE prescription_items (id TEXT PRIMARY KEY, prescription_id TEXT NOT NULL, position INTEGER NOT NULL, "
        "drug_id TEXT NOT NULL, dose_amount REAL, dose_unit TEXT, times_per_day INTEGER, duration_days INTEGER, "
        "quantity INTEGER NOT NULL, route TEXT, instructions TEXT, substitution_allowed INTEGER, repeats INTEGER NOT NULL, "
        "repeat_interval_days INTEGER, sig_en TEXT, sig_ar TEXT, dispensed_quantity INTEGER NOT NULL DEFAULT 0, "
        "last_fill_at BIGINT, UNIQUE (prescription_id, position));",
        "CREATE TABLE dispensations (id TEXT PRIMARY KEY, prescription_id TEXT NOT NULL, pharmacist_id TEXT NOT NULL, "
        "pharmacy_id TEXT NOT NULL, patient_id_checked INTEGER NOT NULL, dispensed_at BIGINT NOT NULL);",
        "CREATE TABLE dispensation_items (id TEXT PRIMARY KEY, dispensation_id TEXT NOT NULL, item_id TEXT NOT NULL, "
        "drug_id TEXT NOT NULL, quantity INTEGER NOT NULL, batch_no TEXT);",
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, "
        "occurred_at BIGINT NOT NULL, data TEXT NOT NULL);",
        "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at BIGINT NOT NULL, actor_id TEXT, "
        "actor_role TEXT, action TEXT NOT NULL, patient_id TEXT, record_type TEXT, record_id TEXT, source_ip TEXT, "
        "request_id TEXT, outcome TEXT NOT NULL, reason TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);",
    ]
    seen = set()
    for rx, item in disp:
        if rx not in seen:
            seen.add(rx)
            out.append("INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, controlled, "
                       f"issued_at, expires_at, updated_at) VALUES ('{rx}', 'SEED{rx[:12]}', '{patients[0]}', '{doctor}', "
                       f"'{clinic}', 'active', 0, {now}, {now + 30 * 86400000}, {now});")
        out.append("INSERT INTO prescription_items (id, prescription_id, position, drug_id, quantity, repeats) VALUES "
                   f"('{item}', '{rx}', (SELECT COUNT(*) FROM prescription_items WHERE prescription_id = '{rx}') + 1, "
                   f"'{drugs[0]}', 1000000, 0);")
    print('\n'.join(out))


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


AUDIT_PG = ("INSERT INTO audit_log (seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, "
            "source_ip, request_id, outcome, reason, prev_hash, hash) VALUES (nextval('bench_seq'), "
            "gen_random_uuid()::text, {now}, '{actor}', '{role}', '{action}', NULL, 'prescription', {rx}, '127.0.0.1', "
            "gen_random_uuid()::text, 'success', NULL, '" + H + "', '" + H + "');")


def pg_prescribe():
    np = len(patients)
    print(f"\\set p random(0, {np - 1})")
    print("BEGIN;")
    print("SELECT gen_random_uuid()::text AS rx \\gset")
    # the patient by position: one indexed read the server also does (it loads the patient)
    print("INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, diagnosis_codes, notes, "
          "controlled, issued_at, expires_at, qr_token, alerts, overrides, updated_at) VALUES "
          f"(:rx::text, 'RAW' || substr(:rx::text, 1, 13), 'patient-' || :p, '{doctor}', '{clinic}', 'active', '[\"J06.9\"]', NULL, 0, {now}, "
          f"{now + 30 * 86400000}, '{token}', '[]', '[]', {now});")
    for pos, d in enumerate(drugs):
        print("INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, "
              "times_per_day, duration_days, quantity, route, instructions, substitution_allowed, repeats, "
              f"repeat_interval_days, sig_en, sig_ar) VALUES (gen_random_uuid()::text, :rx::text, {pos + 1}, '{d}', 1, "
              f"'tablet', 2, 5, 1, NULL, NULL, 1, 0, 0, '{sig_en}', '{sig_ar}');")
    print("INSERT INTO events (seq, id, type, occurred_at, data) VALUES (nextval('bench_seq'), gen_random_uuid()::text, 'prescription.created', "
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
    print("INSERT INTO events (seq, id, type, occurred_at, data) VALUES (nextval('bench_seq'), gen_random_uuid()::text, 'prescription.dispensed', "
          f"{now}, '{{}}');")
    print(AUDIT_PG.format(now=now, actor=pharmacist, role='pharmacist', action='prescription.dispense', rx=":rx::text"))
    print("COMMIT;")


{'schema': schema, 'sqlite-prescribe': sqlite_prescribe, 'sqlite-dispense': sqlite_dispense, 'pg-prescribe': pg_prescribe,
 'pg-dispense': pg_dispense, 'pg-lines': pg_lines}[mode]()
