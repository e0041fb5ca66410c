#include "service/directory.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "service/audit_log.hpp"
#include "service/directory_watch.hpp"
#include "service/events.hpp"
#include "store/directory_repository.hpp"
#include "store/drug_repository.hpp"

namespace hf::service {
namespace {

std::string csv_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Runs the catalogue loader on one row; its "line 2" errors become errors of the named columns.
Result<domain::Drug> validate_row(app::App& app, const DrugCells& cells) {
  std::string csv;
  for (const auto& c : drug_columns()) csv += (csv.empty() ? "" : ",") + c;
  csv += "\n";
  bool first = true;
  for (const auto& c : drug_columns()) {
    auto it = cells.find(c);
    csv += (first ? "" : ",") + csv_quote(it == cells.end() ? std::string() : it->second);
    first = false;
  }
  csv += "\n";
  auto parsed = parse_drug_file(csv, app.catalog->knowledge());
  if (!parsed) {
    std::vector<FieldError> fields;
    for (const auto& f : parsed.error().fields) {
      const auto colon = f.message.find(": ");
      if (colon != std::string::npos && colon < 40)
        fields.push_back({f.message.substr(0, colon), f.message.substr(colon + 2)});
      else
        fields.push_back({"product", f.message});
    }
    if (fields.empty()) fields.push_back({"product", parsed.error().message});
    return Error::rule("The product is not valid.", std::move(fields));
  }
  if (parsed->size() != 1) return Error::rule("The product is not valid.", {{"product", "could not be read"}});
  return std::move(parsed->front());
}

boost::json::object event_data(const domain::Drug& d, const char* change) {
  return {{"drug_id", d.id},
          {"registration_no", d.registration_no},
          {"status", domain::to_string(d.status)},
          {"requires_approval", d.requires_approval},
          {"change", change}};
}

Status audit(store::Connection& c, const http::Request& req, const char* action, const std::string& drug_id,
             int64_t now, std::string reason = {}) {
  auto e = audit_entry(req, action);
  e.record_type = "drug";
  e.record_id = drug_id;
  e.reason = std::move(reason);
  return append_audit(c, e, now);
}

}  // namespace

const std::vector<std::string>& drug_columns() {
  static const std::vector<std::string> kColumns{"registration_no",
                                                 "trade_name",
                                                 "trade_name_ar",
                                                 "ingredients",
                                                 "form",
                                                 "route",
                                                 "pack_size",
                                                 "pack_unit",
                                                 "price_egp",
                                                 "atc_code",
                                                 "controlled_schedule",
                                                 "essential",
                                                 "requires_approval",
                                                 "popularity"};
  return kColumns;
}

DrugCells cells_of(const domain::Drug& d) {
  std::string ingredients;
  for (const auto& i : d.ingredients)
    ingredients += (ingredients.empty() ? "" : "|") + i.name + ":" + number_text(i.strength) + ":" + i.unit;
  char price[32];
  std::snprintf(price, sizeof price, "%lld.%02lld", static_cast<long long>(d.price_piastres / 100),
                static_cast<long long>(d.price_piastres % 100));
  return {{"registration_no", d.registration_no},
          {"trade_name", d.trade_name},
          {"trade_name_ar", d.trade_name_ar},
          {"ingredients", ingredients},
          {"form", d.form},
          {"route", d.route},
          {"pack_size", std::to_string(d.pack_size)},
          {"pack_unit", d.pack_unit},
          {"price_egp", price},
          {"atc_code", d.atc_code},
          {"controlled_schedule", d.controlled_schedule ? std::to_string(d.controlled_schedule) : ""},
          {"essential", d.essential ? "1" : "0"},
          {"requires_approval", d.requires_approval ? "1" : "0"},
          {"popularity", std::to_string(d.popularity)}};
}

void refresh_catalogue(app::App& app) {
  if (app.catalogue_watcher) {
    if (auto s = app.catalogue_watcher->check_now(); !s)
      app.log->warn("catalogue refresh failed", {{"error", s.error().message}});
    return;
  }
  if (auto s = app.catalog->reload(*app.db); !s)
    app.log->warn("catalogue refresh failed", {{"error", s.error().message}});
}

Result<domain::Drug> create_drug(app::App& app, const http::Request& req, const DrugCells& cells,
                                 std::optional<domain::DrugStatus> status) {
  DrugCells full = cells;
  if (!full.count("popularity")) full["popularity"] = "1";
  if (!full.count("essential")) full["essential"] = "0";
  if (!full.count("requires_approval")) full["requires_approval"] = "0";
  auto drug = validate_row(app, full);
  if (!drug) return drug.error();
  const int64_t now = now_ms();
  // The connection goes back to the pool before the index is rebuilt (which takes one itself).
  auto stored = [&]() -> Result<domain::Drug> {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto tx = store::Transaction::begin(**lease);
    if (!tx) return tx.error();
    auto existing = store::find_drug_id_by_registration(**lease, drug->registration_no);
    if (!existing) return existing.error();
    if (*existing) return Error::conflict("A product with registration number " + drug->registration_no + " exists.");
    auto up = store::upsert_drugs(**lease, {*drug}, now);
    if (!up) return up.error();
    auto id = store::find_drug_id_by_registration(**lease, drug->registration_no);
    if (!id) return id.error();
    if (!*id) return Error::internal("the new product was not stored");
    drug->id = **id;
    if (status && *status != domain::DrugStatus::active) {
      if (auto s = store::set_drug_status(**lease, drug->id, *status, now); !s) return s.error();
      drug->status = *status;
    }
    if (auto s = audit(**lease, req, "drug.create", drug->id, now); !s) return s.error();
    if (auto s = record_event(**lease, "drug.updated", event_data(*drug, "created"), now, national_event()); !s)
      return s.error();
    if (auto s = store::bump_catalogue_version(**lease, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return std::move(drug).value();
  }();
  if (stored) refresh_catalogue(app);
  return stored;
}

Result<domain::Drug> update_drug(app::App& app, const http::Request& req, const std::string& id,
                                 const DrugCells& changes, std::optional<domain::DrugStatus> status) {
  const int64_t now = now_ms();
  auto stored = [&]() -> Result<domain::Drug> {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto tx = store::Transaction::begin(**lease);
    if (!tx) return tx.error();
    auto current = store::find_drug(**lease, id);
    if (!current) return current.error();
    if (!*current) return Error::not_found("No such product in the directory.");
    domain::Drug drug = **current;
    if (auto it = changes.find("registration_no"); it != changes.end() && it->second != drug.registration_no)
      return Error::rule("The registration number of a product cannot change.",
                         {{"registration_no", "cannot be changed; create a new product instead"}});
    std::string changed;
    if (!changes.empty()) {
      DrugCells cells = cells_of(drug);
      for (const auto& [k, v] : changes) {
        if (cells[k] != v) changed += (changed.empty() ? "" : ",") + k;
        cells[k] = v;
      }
      auto edited = validate_row(app, cells);
      if (!edited) return edited.error();
      edited->id = drug.id;
      edited->status = drug.status;
      auto up = store::upsert_drugs(**lease, {*edited}, now);
      if (!up) return up.error();
      drug = std::move(edited).value();
    }
    const char* change = "updated";
    if (status && *status != drug.status) {
      if (auto s = store::set_drug_status(**lease, drug.id, *status, now); !s) return s.error();
      changed += std::string(changed.empty() ? "" : ",") + "status:" + std::string(domain::to_string(drug.status)) +
                 "->" + std::string(domain::to_string(*status));
      drug.status = *status;
      change = "status";
    }
    if (changed.empty()) return drug;  // nothing to do: no audit entry, no event
    if (auto s = audit(**lease, req, status ? "drug.status" : "drug.update", drug.id, now, changed); !s)
      return s.error();
    if (auto s = record_event(**lease, "drug.updated", event_data(drug, change), now, national_event()); !s)
      return s.error();
    if (auto s = store::bump_catalogue_version(**lease, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return drug;
  }();
  if (stored) refresh_catalogue(app);
  return stored;
}

Result<CatalogImport> bulk_upload(app::App& app, const http::Request& req, const std::string& csv_text) {
  auto drugs = parse_drug_file(csv_text, app.catalog->knowledge());
  if (!drugs) {
    Error e = drugs.error();
    e.kind = ErrorKind::rule_broken;
    if (e.fields.empty()) e.fields.push_back({"csv", e.message});
    return e;
  }
  if (drugs->empty()) return Error::rule("The file has no products.", {{"csv", "has a header but no rows"}});
  const int64_t now = now_ms();
  auto stored = [&]() -> Result<CatalogImport> {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto tx = store::Transaction::begin(**lease);
    if (!tx) return tx.error();
    auto counts = store::upsert_drugs(**lease, *drugs, now);
    if (!counts) return counts.error();
    for (auto& d : *drugs) {
      auto id = store::find_drug_id_by_registration(**lease, d.registration_no);
      if (!id) return id.error();
      if (!*id) return Error::internal("an uploaded product was not stored");
      auto stored = store::find_drug(**lease, **id);
      if (!stored) return stored.error();
      if (*stored) d.status = (*stored)->status;
      d.id = **id;
      if (auto s = record_event(**lease, "drug.updated", event_data(d, "bulk"), now, national_event()); !s)
        return s.error();
    }
    auto e = audit_entry(req, "drug.bulk_upload");
    e.record_type = "drug";
    e.reason = std::to_string(drugs->size()) + " rows, " + std::to_string(counts->inserted) + " new, " +
               std::to_string(counts->updated) + " updated";
    if (auto s = append_audit(**lease, e, now); !s) return s.error();
    if (auto s = store::bump_catalogue_version(**lease, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return CatalogImport{static_cast<int64_t>(drugs->size()), counts->inserted, counts->updated};
  }();
  if (stored) refresh_catalogue(app);
  return stored;
}

}  // namespace hf::service
