#include "service/recalls.hpp"

#include <boost/json.hpp>

#include "domain/batch_number.hpp"
#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "service/directory.hpp"
#include "service/events.hpp"
#include "service/idempotent_result.hpp"
#include "store/directory_repository.hpp"

namespace hf::service {

Result<RecallView> issue_recall(app::App& app, const http::Request& req, const NewRecall& in) {
  std::vector<FieldError> errors;
  if (in.drug_ids.empty()) errors.push_back({"drug_ids", "must name at least one product"});
  if (in.recall_class < 1 || in.recall_class > 3) errors.push_back({"class", "must be 1, 2 or 3"});
  if (in.reason.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"reason", "is required"});
  std::vector<std::string> batches;
  for (size_t i = 0; i < in.batch_numbers.size(); ++i) {
    const std::string at = "batch_numbers[" + std::to_string(i) + "]";
    auto b = domain::normalise_batch_number(in.batch_numbers[i]);
    if (!b)
      errors.push_back({at, b.error().message});
    else if (b->empty())
      errors.push_back({at, "must not be empty"});
    else if (std::find(batches.begin(), batches.end(), *b) == batches.end())
      batches.push_back(*b);
  }
  if (!errors.empty()) return Error::rule("The recall cannot be issued as given.", errors);

  const int64_t now = now_ms();
  RecallView view;
  view.recall = {security::uuid_v4(), in.recall_class, in.reason, req.caller.id, now, "active"};
  {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto tx = store::Transaction::begin(**lease);
    if (!tx) return tx.error();
    std::vector<std::string> ids;
    for (size_t i = 0; i < in.drug_ids.size(); ++i) {
      const auto& id = in.drug_ids[i];
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
      auto d = store::find_drug(**lease, id);
      if (!d) return d.error();
      if (!*d) {
        errors.push_back({"drug_ids[" + std::to_string(i) + "]", "no such product in the directory"});
        continue;
      }
      ids.push_back(id);
      view.products.push_back({id, (*d)->trade_name, batches});
    }
    if (!errors.empty()) return Error::rule("The recall names unknown products.", errors);
    if (auto s = store::insert_recall(**lease, view.recall); !s) return s.error();
    if (auto s = record_idempotent_result(**lease, req, "/api/v1/recalls/" + view.recall.id); !s) return s.error();
    for (const auto& id : ids) {
      if (batches.empty()) {
        if (auto s = store::insert_recall_drug(**lease, view.recall.id, id, std::nullopt); !s) return s.error();
        // A whole-product recall: the product itself becomes recalled (no new prescriptions,
        // no dispensing; service/directory_rules.hpp).
        if (auto s = store::set_drug_status(**lease, id, domain::DrugStatus::recalled, now); !s) return s.error();
        boost::json::object d{
            {"drug_id", id}, {"status", "recalled"}, {"change", "recall"}, {"recall_id", view.recall.id}};
        if (auto s = record_event(**lease, "drug.updated", d, now, national_event()); !s) return s.error();
      } else {
        for (const auto& b : batches)
          if (auto s = store::insert_recall_drug(**lease, view.recall.id, id, b); !s) return s.error();
      }
    }
    boost::json::array drug_ids, batch_json;
    for (const auto& id : ids) drug_ids.push_back(boost::json::string(id));
    for (const auto& b : batches) batch_json.push_back(boost::json::string(b));
    boost::json::object data{{"recall_id", view.recall.id},
                             {"class", view.recall.recall_class},
                             {"reason", view.recall.reason},
                             {"drug_ids", std::move(drug_ids)},
                             {"batch_numbers", std::move(batch_json)}};
    if (auto s = record_event(**lease, "recall.issued", data, now, national_event()); !s) return s.error();
    auto audit = audit_entry(req, "recall.issue");
    audit.record_type = "recall";
    audit.record_id = view.recall.id;
    audit.reason = "class " + std::to_string(in.recall_class);
    if (auto s = append_audit(**lease, audit, now); !s) return s.error();
    if (batches.empty())
      if (auto s = store::bump_catalogue_version(**lease, now); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
  }
  if (batches.empty()) refresh_catalogue(app);
  app.metrics.inc("recalls_issued_total");
  view.affected = std::vector<store::AffectedPharmacy>{};
  auto lease = app.db->acquire();
  if (!lease) return view;
  auto affected =
      store::affected_pharmacies(**lease, view.recall.id, now - int64_t{kRecallLookbackDays} * 86400 * 1000);
  if (affected) view.affected = std::move(affected).value();
  return view;
}

Result<std::vector<RecallView>> list_recalls(app::App& app, const std::string& status, int limit, int offset) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto rows = store::list_recalls(**lease, status, limit, offset);
  if (!rows) return rows.error();
  std::vector<RecallView> out;
  for (auto& r : *rows) {
    auto products = store::recalled_products(**lease, r.id);
    if (!products) return products.error();
    out.push_back({std::move(r), std::move(products).value(), std::nullopt});
  }
  return out;
}

Result<RecallView> get_recall(app::App& app, const std::string& id, bool with_affected) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto r = store::find_recall(**lease, id);
  if (!r) return r.error();
  if (!*r) return Error::not_found("No such recall.");
  RecallView view{std::move(**r), {}, std::nullopt};
  auto products = store::recalled_products(**lease, id);
  if (!products) return products.error();
  view.products = std::move(products).value();
  if (with_affected) {
    auto affected =
        store::affected_pharmacies(**lease, id, view.recall.issued_at - int64_t{kRecallLookbackDays} * 86400 * 1000);
    if (!affected) return affected.error();
    view.affected = std::move(affected).value();
  }
  return view;
}

}  // namespace hf::service
