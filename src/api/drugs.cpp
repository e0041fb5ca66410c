#include "api/drugs.hpp"

#include <charconv>
#include <cstdio>

#include "api/json_io.hpp"
#include "domain/catalog/arabic.hpp"
#include "http/problem.hpp"
#include "security/utf8.hpp"

namespace hf::api::drugs {
namespace {

constexpr size_t kDefaultLimit = 20;
constexpr size_t kMaxLimit = 100;
constexpr size_t kMaxQueryChars = 100;
constexpr size_t kMaxOffset = 1000;

std::string money(int64_t piastres) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(piastres / 100),
                static_cast<long long>(piastres % 100));
  return buf;
}

// Regulators and admins see every product; others do not see permanently disabled ones in search
// (DOMAIN.md "Medicine directory": neither prescribed nor dispensed any more).
bool sees_everything(const http::Caller& c) {
  return c.role == "regulator" || c.role == "admin";
}

std::optional<size_t> parse_count(const std::string& s) {
  size_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

json::object drug_json(const domain::Drug& d, const domain::KnowledgeBase& kb) {
  json::array ingredients;
  for (const auto& i : d.ingredients) {
    json::object o{{"name", i.name}, {"strength", i.strength}, {"unit", i.unit}};
    if (const auto* info = kb.ingredient(i.name); info && !info->name_ar.empty()) o["name_ar"] = info->name_ar;
    ingredients.push_back(std::move(o));
  }
  json::object o{{"id", d.id},
                 {"registration_no", d.registration_no},
                 {"trade_name", d.trade_name},
                 {"trade_name_ar", d.trade_name_ar},
                 {"ingredients", std::move(ingredients)},
                 {"form", d.form},
                 {"route", d.route},
                 {"controlled", d.controlled()},
                 {"pack_size", d.pack_size},
                 {"pack_unit", d.pack_unit},
                 {"price", json::object{{"amount", money(d.price_piastres)}, {"currency", "EGP"}}},
                 {"atc_code", d.atc_code},
                 {"essential", d.essential},
                 {"requires_approval", d.requires_approval},
                 {"status", domain::to_string(d.status)}};
  o["controlled_schedule"] = d.controlled() ? json::value(d.controlled_schedule) : json::value(nullptr);
  return o;
}

http::Response search(app::App& app, http::Request& req) {
  std::vector<FieldError> errors;
  const std::string q = req.query_param("q").value_or("");
  const auto chars = security::utf8_code_points(q);
  if (q.find_first_not_of(" \t") == std::string::npos) {
    errors.push_back({"q", "is required: a part of a trade or generic name, in English or Arabic"});
  } else if (!chars || *chars > kMaxQueryChars) {
    errors.push_back({"q", "must be valid text of at most 100 characters"});
  }
  size_t limit = kDefaultLimit;
  if (auto l = req.query_param("limit")) {
    auto v = parse_count(*l);
    if (!v || *v < 1)
      errors.push_back({"limit", "must be a whole number from 1 to 100"});
    else
      limit = std::min(*v, kMaxLimit);
  }
  size_t offset = 0;
  if (auto c = req.query_param("cursor"); c && !c->empty()) {
    auto v = c->size() > 1 && (*c)[0] == 'o' ? parse_count(c->substr(1)) : std::nullopt;
    if (!v || *v > kMaxOffset)
      errors.push_back({"cursor", "is not a cursor this endpoint gave"});
    else
      offset = *v;
  }
  if (!errors.empty()) return http::problem(Error::invalid("The search parameters are not valid.", errors));

  const bool all = sees_everything(req.caller);
  auto [index, generation] = app.catalog->snapshot();
  // Same normalisation as the index, so "أوجمنتين" and "اوجمنتين" share one cache entry.
  const std::string key = std::string(all ? "a" : "p") + std::to_string(limit) + "," + std::to_string(offset) + "," +
                          domain::normalize_for_search(q);
  auto& cache = app.catalog->answers();
  if (auto cached = cache.find(key)) {
    app.metrics.inc("cache_hits_total");
    http::Response res;
    res.body = *cached;
    return res;
  }
  app.metrics.inc("cache_misses_total");
  auto hits =
      all ? index->search(q, offset + limit + 1) : index->search(q, offset + limit + 1, [](const domain::Drug& d) {
        return d.status != domain::DrugStatus::permanently_disabled;
      });
  json::array items;
  const auto& kb = app.catalog->knowledge();
  for (size_t i = offset; i < hits.size() && i < offset + limit; ++i) items.push_back(drug_json(*hits[i].drug, kb));
  json::value next = nullptr;
  if (hits.size() > offset + limit && offset + limit <= kMaxOffset) next = "o" + std::to_string(offset + limit);
  auto body = std::make_shared<const std::string>(
      json::serialize(json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}}));
  cache.insert(generation, key, body);
  http::Response res;
  res.body = *body;
  return res;
}

http::Response get(app::App& app, http::Request& req) {
  const auto index = app.catalog->index();
  const domain::Drug* d = index->find(req.param("id"));
  if (!d) return http::problem(Error::not_found("No such product in the catalogue."));
  const auto& kb = app.catalog->knowledge();
  json::object o = drug_json(*d, kb);
  json::array equivalents;
  for (const domain::Drug* e : index->equivalents(*d)) equivalents.push_back(drug_json(*e, kb));
  o["equivalents"] = std::move(equivalents);
  return json_response(200, o);
}

}  // namespace hf::api::drugs
