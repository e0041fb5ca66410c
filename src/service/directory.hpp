#pragma once
// The medicine directory as regulators maintain it (DOMAIN.md "Medicine directory, recalls and
// adverse events"; API.md "Regulation (EDA)"): create and edit products, set their status, bulk
// upload a CSV. Every change is audited, announced as a drug.updated event in the same
// transaction, and rebuilds the search index (service/directory_watch.hpp).
//
// Products arrive as the cells of a drugs.csv row (CONVENTIONS.md "Data files"), so a product
// created by hand is checked by exactly the rules of the catalogue loader.

#include <map>
#include <optional>
#include <string>

#include "app/app.hpp"
#include "domain/catalog/drug.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "service/catalog.hpp"

namespace hf::service {

// Column name (registration_no, trade_name, ..., popularity) -> cell text.
using DrugCells = std::map<std::string, std::string>;

// The drugs.csv columns, in file order.
const std::vector<std::string>& drug_columns();
DrugCells cells_of(const domain::Drug& d);

Result<domain::Drug> create_drug(app::App& app, const http::Request& req, const DrugCells& cells,
                                 std::optional<domain::DrugStatus> status);
// Changes the given cells and/or the status; registration_no cannot change. 404 for unknown id.
Result<domain::Drug> update_drug(app::App& app, const http::Request& req, const std::string& id,
                                 const DrugCells& changes, std::optional<domain::DrugStatus> status);
// All or nothing: every bad row is reported as {"field":"line N","message":...}.
Result<CatalogImport> bulk_upload(app::App& app, const http::Request& req, const std::string& csv_text);

// Rebuilds this copy's index now if the directory changed (after a commit).
void refresh_catalogue(app::App& app);

}  // namespace hf::service
