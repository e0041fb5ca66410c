#include "store/audit_repository.hpp"

#include <set>

namespace hf::store {

Result<std::vector<AuditRow>> list_audit(Connection& c, const AuditFilter& f) {
  // Built from fixed fragments only; every value is a bound parameter.
  std::string sql =
      "SELECT seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, source_ip, request_id, "
      "outcome, reason FROM audit_log WHERE 1 = 1";
  std::vector<Param> params;
  auto add = [&](const char* clause, Param p) {
    params.push_back(std::move(p));
    sql += std::string(" AND ") + clause + " $" + std::to_string(params.size());
  };
  if (f.actor_id) add("actor_id =", param(*f.actor_id));
  if (f.patient_id) add("patient_id =", param(*f.patient_id));
  if (f.action) add("action =", param(*f.action));
  if (f.from_ms) add("at >=", param(*f.from_ms));
  if (f.to_ms) add("at <", param(*f.to_ms));
  if (f.before_seq) add("seq <", param(*f.before_seq));
  params.push_back(param(static_cast<int64_t>(f.limit)));
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
  auto rows = c.query(sql, std::span<const Param>(params.data(), params.size()));
  if (!rows) return rows.error();
  std::vector<AuditRow> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) {
    AuditRow a;
    a.seq = r.integer(0);
    a.id = r.text(1);
    a.at = r.integer(2);
    a.actor_id = r.text(3);
    a.actor_role = r.text(4);
    a.action = r.text(5);
    a.patient_id = r.text(6);
    a.record_type = r.text(7);
    a.record_id = r.text(8);
    a.source_ip = r.text(9);
    a.request_id = r.text(10);
    a.outcome = r.text(11);
    a.reason = r.text(12);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::map<std::string, ActorInfo>> describe_actors(Connection& c, const std::vector<std::string>& user_ids) {
  static constexpr const char* kActor =
      "SELECT u.full_name, u.full_name_ar, u.role, "
      "(SELECT f.name FROM user_facilities uf JOIN facilities f ON f.id = uf.facility_id WHERE uf.user_id = u.id "
      "ORDER BY f.name LIMIT 1), "
      "(SELECT f.name_ar FROM user_facilities uf JOIN facilities f ON f.id = uf.facility_id WHERE uf.user_id = u.id "
      "ORDER BY f.name LIMIT 1) "
      "FROM users u WHERE u.id = $1";
  // An integrator's API key acts under its own id: named by the key and the facility it belongs to.
  static constexpr const char* kApiKey =
      "SELECT k.name, f.name, f.name_ar FROM api_keys k JOIN facilities f ON f.id = k.facility_id WHERE k.id = $1";
  std::map<std::string, ActorInfo> out;
  for (const auto& id : std::set<std::string>(user_ids.begin(), user_ids.end())) {
    if (id.empty()) continue;
    auto rows = c.query(kActor, {param(id)});
    if (!rows) return rows.error();
    if (rows->empty()) {
      auto key = c.query(kApiKey, {param(id)});
      if (!key) return key.error();
      if (key->empty()) continue;
      const auto& k = key->first();
      out.emplace(id, ActorInfo{k.text(0), k.text(0), "integrator", k.opt_text(1), k.opt_text(2)});
      continue;
    }
    const auto& r = rows->first();
    ActorInfo a;
    a.name = r.text(0);
    a.name_ar = r.opt_text(1).value_or(r.text(0));
    a.role = r.text(2);
    a.facility = r.opt_text(3);
    a.facility_ar = r.opt_text(4);
    out.emplace(id, std::move(a));
  }
  return out;
}

}  // namespace hf::store
