#include "service/recall_check.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/date.hpp"
#include "store/recall_repository.hpp"

namespace hf::service {

Result<std::vector<RecallNotice>> recalls_for_drugs(store::Connection& conn, const std::vector<std::string>& drug_ids) {
  std::vector<RecallNotice> out;
  std::vector<std::string> seen;
  for (const auto& id : drug_ids) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    auto hits = store::active_recalls_for_drug(conn, id);
    if (!hits) return hits.error();
    for (const auto& h : *hits) {
      auto it = std::find_if(out.begin(), out.end(), [&](const RecallNotice& n) {
        return n.recall_id == h.recall_id && n.drug_id == h.drug_id;
      });
      if (it == out.end()) {
        out.push_back({h.recall_id, h.recall_class, h.reason, h.issued_at, h.drug_id, h.trade_name, {}});
        it = out.end() - 1;
      }
      if (h.batch_no) it->batch_numbers.push_back(*h.batch_no);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.issued_at > b.issued_at; });
  return out;
}

Status check_batch_not_recalled(store::Connection& conn, const std::string& drug_id, const std::string& batch_no) {
  auto hit = store::recall_covering(conn, drug_id, batch_no);
  if (!hit) return hit.error();
  if (!*hit) return ok_status();
  const auto& h = **hit;
  std::string what = h.batch_no ? "Batch " + *h.batch_no + " of " + h.trade_name : h.trade_name + " (every batch)";
  Error e = Error::conflict(what + " is recalled (recall " + h.recall_id + ", class " + std::to_string(h.recall_class) +
                            ": " + h.reason + "); it cannot be dispensed.");
  e.type_suffix = "recalled";
  return e;
}

boost::json::object recall_notice_json(const RecallNotice& n) {
  boost::json::array batches;
  for (const auto& b : n.batch_numbers) batches.push_back(boost::json::string(b));
  return {{"recall_id", n.recall_id},
          {"class", n.recall_class},
          {"reason", n.reason},
          {"issued_at", domain::to_rfc3339(n.issued_at)},
          {"drug_id", n.drug_id},
          {"trade_name", n.trade_name},
          {"batch_numbers", std::move(batches)},
          {"whole_product", n.batch_numbers.empty()}};
}

}  // namespace hf::service
