#include "store/drug_repository.hpp"

#include <boost/json.hpp>

#include "security/random.hpp"

namespace hf::store {
namespace {

namespace json = boost::json;

constexpr const char* kCountDrugs = "SELECT COUNT(*) FROM drugs";
constexpr const char* kSelectAllDrugs =
    "SELECT id, registration_no, trade_name, trade_name_ar, ingredients, form, route, pack_size, pack_unit, "
    "price_piastres, atc_code, controlled_schedule, essential, requires_approval, popularity, status "
    "FROM drugs ORDER BY registration_no";
constexpr const char* kFindIdByRegistration = "SELECT id FROM drugs WHERE registration_no = $1";
constexpr const char* kInsertDrug =
    "INSERT INTO drugs (id, registration_no, trade_name, trade_name_ar, ingredients, form, route, pack_size, "
    "pack_unit, price_piastres, atc_code, controlled_schedule, essential, requires_approval, popularity, status, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'active', $16)";
constexpr const char* kUpdateDrug =
    "UPDATE drugs SET trade_name = $2, trade_name_ar = $3, ingredients = $4, form = $5, route = $6, pack_size = $7, "
    "pack_unit = $8, price_piastres = $9, atc_code = $10, controlled_schedule = $11, essential = $12, "
    "requires_approval = $13, popularity = $14, updated_at = $15 WHERE id = $1";

std::string ingredients_json(const std::vector<domain::DrugIngredient>& ingredients) {
  json::array a;
  for (const auto& i : ingredients)
    a.push_back(json::object{{"name", i.name}, {"strength", i.strength}, {"unit", i.unit}});
  return json::serialize(a);
}

// The column is written only by this file; a value it cannot read is a bug, reported as internal.
Result<std::vector<domain::DrugIngredient>> parse_ingredients(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Error::internal("a stored drug has unreadable ingredients");
  std::vector<domain::DrugIngredient> out;
  for (const auto& e : v.as_array()) {
    const auto* o = e.if_object();
    if (!o || !o->contains("name") || !o->at("name").is_string() || !o->contains("strength") ||
        !o->at("strength").is_number() || !o->contains("unit") || !o->at("unit").is_string()) {
      return Error::internal("a stored drug has unreadable ingredients");
    }
    out.push_back({std::string(o->at("name").as_string()), o->at("strength").to_number<double>(),
                   std::string(o->at("unit").as_string())});
  }
  return out;
}

}  // namespace

Result<domain::Drug> drug_from_row(const Row& row) {
  domain::Drug d;
  d.id = row.text(0);
  d.registration_no = row.text(1);
  d.trade_name = row.text(2);
  d.trade_name_ar = row.text(3);
  auto ingredients = parse_ingredients(row.text(4));
  if (!ingredients) return ingredients.error();
  d.ingredients = std::move(ingredients).value();
  d.form = row.text(5);
  d.route = row.text(6);
  d.pack_size = static_cast<int>(row.integer(7));
  d.pack_unit = row.text(8);
  d.price_piastres = row.integer(9);
  d.atc_code = row.text(10);
  d.controlled_schedule = static_cast<int>(row.integer(11));
  d.essential = row.flag(12);
  d.requires_approval = row.flag(13);
  d.popularity = static_cast<int>(row.integer(14));
  d.status = domain::parse_drug_status(row.text(15)).value_or(domain::DrugStatus::active);
  return d;
}

Result<int64_t> count_drugs(Connection& conn) {
  auto r = conn.query(kCountDrugs);
  if (!r) return r.error();
  return r->first().integer(0);
}

Result<std::vector<domain::Drug>> load_all_drugs(Connection& conn) {
  auto r = conn.query(kSelectAllDrugs);
  if (!r) return r.error();
  std::vector<domain::Drug> out;
  out.reserve(r->rows.size());
  for (const Row& row : r->rows) {
    auto d = drug_from_row(row);
    if (!d) return d.error();
    out.push_back(std::move(d).value());
  }
  return out;
}

Result<DrugUpsertCounts> upsert_drugs(Connection& conn, const std::vector<domain::Drug>& drugs, int64_t now_ms) {
  DrugUpsertCounts counts;
  for (const domain::Drug& d : drugs) {
    auto found = conn.query(kFindIdByRegistration, {param(d.registration_no)});
    if (!found) return found.error();
    const std::string ingredients = ingredients_json(d.ingredients);
    if (found->empty()) {
      auto r = conn.query(
          kInsertDrug, {param(security::uuid_v4()), param(d.registration_no), param(d.trade_name),
                        param(d.trade_name_ar), param(ingredients), param(d.form), param(d.route), param(d.pack_size),
                        param(d.pack_unit), param(d.price_piastres), param(d.atc_code), param(d.controlled_schedule),
                        param(d.essential), param(d.requires_approval), param(d.popularity), param(now_ms)});
      if (!r) return r.error();
      ++counts.inserted;
    } else {
      auto r = conn.query(
          kUpdateDrug, {param(found->first().text(0)), param(d.trade_name), param(d.trade_name_ar), param(ingredients),
                        param(d.form), param(d.route), param(d.pack_size), param(d.pack_unit), param(d.price_piastres),
                        param(d.atc_code), param(d.controlled_schedule), param(d.essential), param(d.requires_approval),
                        param(d.popularity), param(now_ms)});
      if (!r) return r.error();
      ++counts.updated;
    }
  }
  return counts;
}

}  // namespace hf::store
