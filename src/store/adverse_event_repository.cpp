#include "store/adverse_event_repository.hpp"

namespace hf::store {
namespace {

constexpr const char* kInsert =
    "INSERT INTO adverse_events (id, drug_id, reporter_id, reporter_role, patient_age_band, patient_sex, reaction, "
    "seriousness, outcome, narrative, status, reported_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
constexpr const char* kFind =
    "SELECT a.id, a.drug_id, d.trade_name, a.reporter_id, a.reporter_role, a.patient_age_band, a.patient_sex, "
    "a.reaction, a.seriousness, a.outcome, a.narrative, a.status, a.reported_at, a.updated_at "
    "FROM adverse_events a JOIN drugs d ON d.id = a.drug_id WHERE a.id = $1";
constexpr const char* kList =
    "SELECT a.id, a.drug_id, d.trade_name, a.reporter_id, a.reporter_role, a.patient_age_band, a.patient_sex, "
    "a.reaction, a.seriousness, a.outcome, a.narrative, a.status, a.reported_at, a.updated_at "
    "FROM adverse_events a JOIN drugs d ON d.id = a.drug_id "
    "WHERE ($1 = '' OR a.status = $1) AND ($2 = '' OR a.drug_id = $2) AND ($3 = '' OR a.seriousness = $3) "
    "ORDER BY a.reported_at DESC, a.id LIMIT $4 OFFSET $5";
constexpr const char* kCount =
    "SELECT a.drug_id, d.trade_name, "
    "SUM(CASE WHEN a.seriousness = 'serious' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN a.seriousness = 'non_serious' THEN 1 ELSE 0 END) "
    "FROM adverse_events a JOIN drugs d ON d.id = a.drug_id "
    "WHERE ($1 = '' OR a.status = $1) AND ($2 = '' OR a.drug_id = $2) AND ($3 = '' OR a.seriousness = $3) "
    "GROUP BY a.drug_id, d.trade_name ORDER BY COUNT(*) DESC, d.trade_name";
constexpr const char* kMove = "UPDATE adverse_events SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2";

AdverseEventRecord record_of(const Row& r) {
  AdverseEventRecord a;
  a.id = r.text(0);
  a.drug_id = r.text(1);
  a.trade_name = r.text(2);
  a.reporter_id = r.text(3);
  a.reporter_role = r.text(4);
  a.patient_age_band = r.text(5);
  a.patient_sex = r.text(6);
  a.reaction = r.text(7);
  a.seriousness = r.text(8);
  a.outcome = r.text(9);
  a.narrative = r.opt_text(10);
  a.status = r.text(11);
  a.reported_at = r.integer(12);
  a.updated_at = r.integer(13);
  return a;
}

}  // namespace

Status insert_adverse_event(Connection& c, const AdverseEventRecord& r) {
  auto q = c.query(
      kInsert, {param(r.id), param(r.drug_id), param(r.reporter_id), param(r.reporter_role), param(r.patient_age_band),
                param(r.patient_sex), param(r.reaction), param(r.seriousness), param(r.outcome), param(r.narrative),
                param(r.status), param(r.reported_at), param(r.updated_at)});
  if (!q) return q.error();
  return ok_status();
}

Result<std::optional<AdverseEventRecord>> find_adverse_event(Connection& c, const std::string& id) {
  auto q = c.query(kFind, {param(id)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<AdverseEventRecord>{};
  return std::optional<AdverseEventRecord>{record_of(q->first())};
}

Result<std::vector<AdverseEventRecord>> list_adverse_events(Connection& c, const AdverseEventFilter& f, int limit,
                                                            int offset) {
  auto q = c.query(kList, {param(f.status), param(f.drug_id), param(f.seriousness), param(limit), param(offset)});
  if (!q) return q.error();
  std::vector<AdverseEventRecord> out;
  for (const auto& row : q->rows) out.push_back(record_of(row));
  return out;
}

Result<std::vector<AdverseEventCount>> count_adverse_events(Connection& c, const AdverseEventFilter& f) {
  auto q = c.query(kCount, {param(f.status), param(f.drug_id), param(f.seriousness)});
  if (!q) return q.error();
  std::vector<AdverseEventCount> out;
  for (const auto& row : q->rows) out.push_back({row.text(0), row.text(1), row.integer(2), row.integer(3)});
  return out;
}

Result<bool> move_adverse_event(Connection& c, const std::string& id, const std::string& from, const std::string& to,
                                int64_t now_ms) {
  auto q = c.query(kMove, {param(id), param(from), param(to), param(now_ms)});
  if (!q) return q.error();
  return q->affected == 1;
}

}  // namespace hf::store
