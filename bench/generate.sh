#!/usr/bin/env bash
# Fills a HealthFlow database with a year of synthetic national data for the report benchmarks
# (docs/performance.md "Reports"): N prescriptions (default 1,000,000) over the last 365 days,
# 1-4 items each (2.5 on average), 80% dispensed, 2% controlled, from 3,000 prescribing facilities
# in the 27 governorates, 1,000 pharmacies, 6,000 doctors and 200,000 patients.
#
#   bench/generate.sh sqlite /path/to/healthflow.db [N]
#   bench/generate.sh postgres postgresql://.../db [N]
#
# The database is migrated and the drug catalogue imported first (with build/healthflow, or
# $HF_BINARY). The report triggers on the raw tables are switched off during the bulk load, and
# `healthflow reports rebuild` then builds the summary tables in one pass (its time is printed),
# as an operator does after a bulk import (docs/reports.md "How reports stay fast").
set -euo pipefail
backend=${1:?sqlite|postgres}
target=${2:?database file or URL}
n=${3:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${HF_BINARY:-$root/build/healthflow}
if [ "$backend" = sqlite ]; then url="sqlite://$target"; else url="$target"; fi
export DATABASE_URL="$url" HF_DATA_DIR=${HF_DATA_DIR:-$(mktemp -d)} LOG_LEVEL=warn
"$bin" migrate up >/dev/null
"$bin" catalog import "$root/data/drugs.csv" >/dev/null

now_ms=$(( $(date +%s) * 1000 ))
start_ms=$(( now_ms - 365 * 86400000 ))

# Reference rows (facilities, users, patients) and a numbered drug list; then the bulk tables.
# Everything is derived from the row number, so a run is reproducible.
common_prelude="
INSERT INTO facilities (id, type, name, name_ar, license_no, governorate, address, status, created_at)
SELECT 'bf-' || g, CASE WHEN g % 10 = 0 THEN 'hospital' ELSE 'clinic' END, 'Bench facility ' || g, 'منشأة ' || g,
       'BENCH-F-' || g,
       substr('010203041112131415161718192122232425262728293132333435', 1 + 2 * (g % 27), 2), 'x', 'active', 0
FROM gen_facilities WHERE NOT EXISTS (SELECT 1 FROM facilities WHERE id = 'bf-1');
INSERT INTO facilities (id, type, name, name_ar, license_no, governorate, address, status, created_at)
SELECT 'bp-' || g, 'pharmacy', 'Bench pharmacy ' || g, 'صيدلية ' || g, 'BENCH-P-' || g,
       substr('010203041112131415161718192122232425262728293132333435', 1 + 2 * (g % 27), 2), 'x', 'active', 0
FROM gen_pharmacies WHERE NOT EXISTS (SELECT 1 FROM facilities WHERE id = 'bp-1');
INSERT INTO users (id, role, username, password_hash, full_name, created_at, updated_at)
SELECT 'bu-' || g, 'doctor', 'bench-doctor-' || g, 'x', 'Bench Doctor ' || g, 0, 0
FROM gen_doctors WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = 'bu-1');
INSERT INTO users (id, role, username, password_hash, full_name, created_at, updated_at)
SELECT 'bh-' || g, 'pharmacist', 'bench-pharmacist-' || g, 'x', 'Bench Pharmacist ' || g, 0, 0
FROM gen_pharmacies WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = 'bh-1');
INSERT INTO patients (id, national_id, full_name, birth_date, sex, governorate, created_at)
SELECT 'bn-' || g, 'B' || g, 'Bench Patient ' || g, '1980-01-01', 'female', '01', 0
FROM gen_patients WHERE NOT EXISTS (SELECT 1 FROM patients WHERE id = 'bn-1');
"
# One prescription per row number r: day spread over the year, prescriber r % 6000 at facility
# (prescriber % 3000), patient r % 200000, items 1 + (r * 7 % 4), drug picked by (r * 31 + position).
rx_sql="
INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, controlled, issued_at, expires_at,
                           qr_token, updated_at)
SELECT 'br-' || g, 'BR' || g, 'bn-' || (1 + g % 200000), 'bu-' || (1 + g % 6000), 'bf-' || (1 + (g % 6000) % 3000),
       'active', CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END,
       $start_ms + (g * 31536000000 / $n) , $start_ms + (g * 31536000000 / $n) + 2592000000, 't', 0
FROM gen_rx;
INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, times_per_day,
                                duration_days, quantity, substitution_allowed, sig_en, sig_ar)
SELECT 'bi-' || r.g || '-' || k.p, 'br-' || r.g, k.p, d.id, 1, 'tablet', 2, 5, 1, CASE WHEN (r.g + k.p) % 3 = 0 THEN 1 ELSE 0 END,
       's', 's'
FROM gen_rx r JOIN gen_positions k ON k.p <= 1 + (r.g * 7 % 4)
JOIN bench_drugs d ON d.k = (r.g * 31 + k.p * 17) % (SELECT COUNT(*) FROM bench_drugs);
INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked, dispensed_at)
SELECT 'bd-' || g, 'br-' || g, 'bh-' || (1 + g % 1000), 'bp-' || (1 + g % 1000), 1,
       $start_ms + (g * 31536000000 / $n) + 3600000
FROM gen_rx WHERE g % 5 <> 0;
"

t0=$(date +%s)
if [ "$backend" = sqlite ]; then
  triggers=$(sqlite3 "$target" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND name IN
    ('report_prescriptions_ai', 'report_items_ai', 'report_dispensations_ai')")
  series() { echo "CREATE TEMP TABLE $1 (g INTEGER PRIMARY KEY); WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $2) INSERT INTO $1 SELECT g FROM s;"; }
  sqlite3 "$target" <<SQL
.timeout 60000
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
DROP TRIGGER IF EXISTS report_prescriptions_ai;
DROP TRIGGER IF EXISTS report_items_ai;
DROP TRIGGER IF EXISTS report_dispensations_ai;
$(series gen_facilities 3000)
$(series gen_pharmacies 1000)
$(series gen_doctors 6000)
$(series gen_patients 200000)
$(series gen_rx "$n")
CREATE TEMP TABLE gen_positions (p INTEGER PRIMARY KEY); INSERT INTO gen_positions VALUES (1), (2), (3), (4);
CREATE TEMP TABLE bench_drugs AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM drugs;
CREATE INDEX temp.bench_drugs_k ON bench_drugs (k);
BEGIN;
$common_prelude
$rx_sql
COMMIT;
$triggers
ANALYZE;
SQL
else
  series() { echo "CREATE TEMP TABLE $1 AS SELECT g FROM generate_series(1, $2) g;"; }
  psql -q -v ON_ERROR_STOP=1 "$target" <<SQL
SET synchronous_commit = off;
ALTER TABLE prescriptions DISABLE TRIGGER report_prescriptions_ai;
ALTER TABLE prescription_items DISABLE TRIGGER report_items_ai;
ALTER TABLE dispensations DISABLE TRIGGER report_dispensations_ai;
$(series gen_facilities 3000)
$(series gen_pharmacies 1000)
$(series gen_doctors 6000)
$(series gen_patients 200000)
$(series gen_rx "$n")
CREATE TEMP TABLE gen_positions AS SELECT g AS p FROM generate_series(1, 4) g;
CREATE TEMP TABLE bench_drugs AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM drugs;
CREATE INDEX ON bench_drugs (k);
ANALYZE gen_rx; ANALYZE bench_drugs;
BEGIN;
$common_prelude
$rx_sql
COMMIT;
ALTER TABLE prescriptions ENABLE TRIGGER report_prescriptions_ai;
ALTER TABLE prescription_items ENABLE TRIGGER report_items_ai;
ALTER TABLE dispensations ENABLE TRIGGER report_dispensations_ai;
VACUUM ANALYZE;
SQL
fi
echo "generated $n prescriptions on $backend in $(( $(date +%s) - t0 )) s"
"$bin" reports rebuild
if [ "$backend" = sqlite ]; then sqlite3 "$target" "ANALYZE"; else psql -q "$target" -c "ANALYZE"; fi
