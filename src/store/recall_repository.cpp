#include "store/recall_repository.hpp"

#include <algorithm>
#include <map>

namespace hf::store {
namespace {

constexpr const char* kInsertRecall =
    "INSERT INTO recalls (id, recall_class, reason, issued_by, issued_at, status) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kInsertRecallDrug = "INSERT INTO recall_drugs (recall_id, drug_id, batch_no) VALUES ($1, $2, $3)";
constexpr const char* kSelectRecall =
    "SELECT id, recall_class, reason, issued_by, issued_at, status FROM recalls WHERE id = $1";
constexpr const char* kListRecalls =
    "SELECT id, recall_class, reason, issued_by, issued_at, status FROM recalls WHERE ($1 = '' OR status = $1) "
    "ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, issued_at DESC, id LIMIT $2 OFFSET $3";
constexpr const char* kRecalledProducts =
    "SELECT rd.drug_id, d.trade_name, rd.batch_no FROM recall_drugs rd JOIN drugs d ON d.id = rd.drug_id "
    "WHERE rd.recall_id = $1 ORDER BY d.trade_name, rd.drug_id, rd.batch_no";
// Each dispensing counted once per pharmacy, even when several items match.
constexpr const char* kAffectedPharmacies =
    "SELECT f.id, f.name, f.name_ar, f.governorate, COUNT(DISTINCT ds.id), MAX(ds.dispensed_at) "
    "FROM recall_drugs rd "
    "JOIN dispensation_items di ON di.drug_id = rd.drug_id "
    "  AND (rd.batch_no IS NULL OR rd.batch_no = UPPER(TRIM(di.batch_no))) "
    "JOIN dispensations ds ON ds.id = di.dispensation_id "
    "JOIN facilities f ON f.id = ds.pharmacy_id "
    "WHERE rd.recall_id = $1 AND ds.dispensed_at >= $2 "
    "GROUP BY f.id, f.name, f.name_ar, f.governorate ORDER BY MAX(ds.dispensed_at) DESC, f.id";
constexpr const char* kActiveForDrug =
    "SELECT r.id, r.recall_class, r.reason, r.issued_at, rd.drug_id, d.trade_name, rd.batch_no "
    "FROM recall_drugs rd JOIN recalls r ON r.id = rd.recall_id JOIN drugs d ON d.id = rd.drug_id "
    "WHERE rd.drug_id = $1 AND r.status = 'active' ORDER BY r.issued_at DESC, r.id, rd.batch_no";
constexpr const char* kCovering =
    "SELECT r.id, r.recall_class, r.reason, r.issued_at, rd.drug_id, d.trade_name, rd.batch_no "
    "FROM recall_drugs rd JOIN recalls r ON r.id = rd.recall_id JOIN drugs d ON d.id = rd.drug_id "
    "WHERE rd.drug_id = $1 AND r.status = 'active' AND (rd.batch_no IS NULL OR rd.batch_no = $2) "
    "ORDER BY r.recall_class, r.issued_at DESC LIMIT 1";

RecallRecord recall_of(const Row& row) {
  return {row.text(0), static_cast<int>(row.integer(1)), row.text(2), row.text(3), row.integer(4), row.text(5)};
}

RecallHit hit_of(const Row& row) {
  return {row.text(0),    static_cast<int>(row.integer(1)), row.text(2), row.integer(3), row.text(4), row.text(5),
          row.opt_text(6)};
}

}  // namespace

Status insert_recall(Connection& c, const RecallRecord& r) {
  auto q = c.query(kInsertRecall, {param(r.id), param(r.recall_class), param(r.reason), param(r.issued_by),
                                   param(r.issued_at), param(r.status)});
  if (!q) return q.error();
  return ok_status();
}

Status insert_recall_drug(Connection& c, const std::string& recall_id, const std::string& drug_id,
                          const std::optional<std::string>& batch_no) {
  auto q = c.query(kInsertRecallDrug, {param(recall_id), param(drug_id), param(batch_no)});
  if (!q) return q.error();
  return ok_status();
}

Result<std::optional<RecallRecord>> find_recall(Connection& c, const std::string& id) {
  auto q = c.query(kSelectRecall, {param(id)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<RecallRecord>{};
  return std::optional<RecallRecord>{recall_of(q->first())};
}

Result<std::vector<RecallRecord>> list_recalls(Connection& c, const std::string& status, int limit, int offset) {
  auto q = c.query(kListRecalls, {param(status), param(limit), param(offset)});
  if (!q) return q.error();
  std::vector<RecallRecord> out;
  for (const auto& row : q->rows) out.push_back(recall_of(row));
  return out;
}

Result<std::vector<RecalledProduct>> recalled_products(Connection& c, const std::string& recall_id) {
  auto q = c.query(kRecalledProducts, {param(recall_id)});
  if (!q) return q.error();
  std::vector<RecalledProduct> out;
  for (const auto& row : q->rows) {
    if (out.empty() || out.back().drug_id != row.text(0)) out.push_back({row.text(0), row.text(1), {}});
    if (!row.is_null(2)) out.back().batch_numbers.push_back(row.text(2));
  }
  return out;
}

Result<std::vector<AffectedPharmacy>> affected_pharmacies(Connection& c, const std::string& recall_id,
                                                          int64_t since_ms) {
  auto q = c.query(kAffectedPharmacies, {param(recall_id), param(since_ms)});
  if (!q) return q.error();
  std::vector<AffectedPharmacy> out;
  for (const auto& row : q->rows)
    out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.integer(5)});
  return out;
}

Result<std::vector<RecallHit>> active_recalls_for_drug(Connection& c, const std::string& drug_id) {
  auto q = c.query(kActiveForDrug, {param(drug_id)});
  if (!q) return q.error();
  std::vector<RecallHit> out;
  for (const auto& row : q->rows) out.push_back(hit_of(row));
  return out;
}

Result<std::optional<RecallHit>> recall_covering(Connection& c, const std::string& drug_id,
                                                 const std::string& batch_no) {
  auto q = c.query(kCovering, {param(drug_id), batch_no.empty() ? Param{nullptr} : param(batch_no)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<RecallHit>{};
  return std::optional<RecallHit>{hit_of(q->first())};
}

}  // namespace hf::store
