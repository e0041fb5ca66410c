#pragma once
// The medicine directory's own statements: one product by id, its status, and the
// catalogue version that tells every server copy to rebuild its search index
// (docs/architecture/catalogue-updates.md). Catalogue fields are written by
// store/drug_repository.hpp (upsert_drugs). The caller owns the transaction.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/catalog/drug.hpp"
#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

Result<std::optional<domain::Drug>> find_drug(Connection& conn, const std::string& id);
Result<std::optional<std::string>> find_drug_id_by_registration(Connection& conn, const std::string& registration_no);
Status set_drug_status(Connection& conn, const std::string& id, domain::DrugStatus status, int64_t now_ms);

// settings.catalogue_version += 1 (created at 1).
Status bump_catalogue_version(Connection& conn, int64_t now_ms);

// Changes whenever the directory changes: the version above, and the products' count and
// newest updated_at (which also catch a catalogue imported with the CLI).
Result<std::string> catalogue_fingerprint(Connection& conn);

}  // namespace hf::store
