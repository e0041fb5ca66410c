#pragma once
// The drugs table (migrations/0001_initial.up.sql): the catalogue as the database keeps it.
// Ingredients are stored as a JSON array of {"name","strength","unit"}. SQL lives in the .cpp as
// named constants (STYLE.md "Storage"); the caller owns the transaction.

#include <cstdint>
#include <vector>

#include "domain/catalog/drug.hpp"
#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

Result<int64_t> count_drugs(Connection& conn);

// Every product, ordered by registration number.
Result<std::vector<domain::Drug>> load_all_drugs(Connection& conn);
// One drugs row in the column order id, registration_no, trade_name, trade_name_ar, ingredients,
// form, route, pack_size, pack_unit, price_piastres, atc_code, controlled_schedule, essential,
// requires_approval, popularity, status.
Result<domain::Drug> drug_from_row(const Row& row);

struct DrugUpsertCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
};

// Inserts new registration numbers (fresh UUID v4 ids) and updates the catalogue fields of known
// ones (their id and regulator-set status stay). Run inside the caller's transaction.
Result<DrugUpsertCounts> upsert_drugs(Connection& conn, const std::vector<domain::Drug>& drugs, int64_t now_ms);

}  // namespace hf::store
