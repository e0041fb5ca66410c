#pragma once
// Recalls and the products (and batches) they name (migrations/0006_regulation.up.sql). SQL as
// named constants in the .cpp; the caller owns the transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct RecallRecord {
  std::string id;
  int recall_class = 1;
  std::string reason;
  std::string issued_by;
  int64_t issued_at = 0;
  std::string status = "active";  // active | closed
};

struct RecalledProduct {
  std::string drug_id;
  std::string trade_name;
  std::vector<std::string> batch_numbers;  // empty: every batch
};

// One pharmacy that dispensed an affected product or batch (regulators' follow-up list).
struct AffectedPharmacy {
  std::string facility_id;
  std::string name;
  std::string name_ar;
  std::string governorate;
  int64_t dispensations = 0;
  int64_t last_dispensed_at = 0;
};

// A recall naming one product, as verify and dispense see it.
struct RecallHit {
  std::string recall_id;
  int recall_class = 1;
  std::string reason;
  int64_t issued_at = 0;
  std::string drug_id;
  std::string trade_name;
  std::optional<std::string> batch_no;  // nullopt: every batch
};

Status insert_recall(Connection& c, const RecallRecord& r);
Status insert_recall_drug(Connection& c, const std::string& recall_id, const std::string& drug_id,
                          const std::optional<std::string>& batch_no);
Result<std::optional<RecallRecord>> find_recall(Connection& c, const std::string& id);
// Active first, then newest first; offset paging.
Result<std::vector<RecallRecord>> list_recalls(Connection& c, const std::string& status, int limit, int offset);
Result<std::vector<RecalledProduct>> recalled_products(Connection& c, const std::string& recall_id);
Result<std::vector<AffectedPharmacy>> affected_pharmacies(Connection& c, const std::string& recall_id,
                                                          int64_t since_ms);
// Active recalls naming the product (every row: one per batch or one for the whole product).
Result<std::vector<RecallHit>> active_recalls_for_drug(Connection& c, const std::string& drug_id);
// The first active recall covering this product and batch (a whole-product recall covers every
// batch; an empty batch matches only whole-product recalls). batch_no as domain::normalise_batch_number
// gives it: recalls store their batches in that form.
Result<std::optional<RecallHit>> recall_covering(Connection& c, const std::string& drug_id,
                                                 const std::string& batch_no);

}  // namespace hf::store
