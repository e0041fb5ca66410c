#include "api/directory.hpp"

#include <cstdio>

#include "api/drugs.hpp"
#include "api/json_io.hpp"
#include "http/problem.hpp"
#include "service/directory.hpp"

namespace hf::api::directory {
namespace {

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// The JSON body as drugs.csv cells (service/directory.hpp). Types are checked here (400); the
// values by the catalogue loader's rules (422).
struct Parsed {
  service::DrugCells cells;
  std::optional<domain::DrugStatus> status;
};

Result<Parsed> parse_body(const json::object& o) {
  Parsed p;
  std::vector<FieldError> errors;
  auto text = [&](const char* key, const json::value& v) {
    if (!v.is_string()) return errors.push_back({key, "must be a string"});
    p.cells[key] = std::string(v.as_string());
  };
  auto integer = [&](const char* key, const json::value& v) {
    if (!v.is_int64() && !v.is_uint64()) return errors.push_back({key, "must be a whole number"});
    p.cells[key] = std::to_string(v.to_number<int64_t>());
  };
  auto flag = [&](const char* key, const json::value& v) {
    if (!v.is_bool()) return errors.push_back({key, "must be true or false"});
    p.cells[key] = v.as_bool() ? "1" : "0";
  };
  for (const auto& kv : o) {
    const std::string key(kv.key());
    const json::value& v = kv.value();
    if (key == "registration_no" || key == "trade_name" || key == "trade_name_ar" || key == "form" || key == "route" ||
        key == "pack_unit" || key == "atc_code") {
      text(key.c_str(), v);
    } else if (key == "pack_size" || key == "popularity") {
      integer(key.c_str(), v);
    } else if (key == "essential" || key == "requires_approval") {
      flag(key.c_str(), v);
    } else if (key == "controlled") {
      if (!v.is_bool())
        errors.push_back({key, "must be true or false"});
      else if (v.as_bool() && !o.contains("controlled_schedule"))
        errors.push_back({"controlled_schedule", "is required for a controlled product (1, 2 or 3)"});
      else if (!v.as_bool() && !o.contains("controlled_schedule"))
        p.cells["controlled_schedule"] = "";
    } else if (key == "controlled_schedule") {
      if (v.is_null() || (v.is_int64() && v.as_int64() == 0))
        p.cells["controlled_schedule"] = "";
      else
        integer("controlled_schedule", v);
    } else if (key == "price" || key == "price_egp") {
      const json::value* amount = &v;
      if (v.is_object()) {
        for (const auto& m : v.as_object())
          if (m.key() != "amount" && m.key() != "currency")
            errors.push_back({key + "." + std::string(m.key()), "is not a field of a price"});
        const auto* a = v.as_object().if_contains("amount");
        const auto* cur = v.as_object().if_contains("currency");
        if (cur && (!cur->is_string() || cur->as_string() != "EGP")) errors.push_back({key, "currency must be EGP"});
        amount = a;
      }
      if (amount && amount->is_string())
        p.cells["price_egp"] = std::string(amount->as_string());
      else if (amount && amount->is_number())
        p.cells["price_egp"] = number_text(amount->to_number<double>());
      else
        errors.push_back({key, "must be {\"amount\":\"150.50\",\"currency\":\"EGP\"} or a decimal string"});
    } else if (key == "ingredients") {
      if (v.is_string()) {
        p.cells["ingredients"] = std::string(v.as_string());
      } else if (v.is_array()) {
        std::string joined;
        size_t i = 0;
        for (const auto& e : v.as_array()) {
          const auto* io = e.if_object();
          const std::string field = "ingredients[" + std::to_string(i++) + "]";
          if (io) {
            for (const auto& m : *io)
              if (m.key() != "name" && m.key() != "strength" && m.key() != "unit")
                errors.push_back({field + "." + std::string(m.key()), "is not a field of an ingredient"});
          }
          if (!io || !io->contains("name") || !io->at("name").is_string() || !io->contains("strength") ||
              !io->at("strength").is_number() || !io->contains("unit") || !io->at("unit").is_string()) {
            errors.push_back({field, "must be {\"name\",\"strength\":number,\"unit\"}"});
            continue;
          }
          const std::string name(io->at("name").as_string());
          const std::string unit(io->at("unit").as_string());
          if (name.find_first_of(":|") != std::string::npos || unit.find_first_of(":|") != std::string::npos) {
            errors.push_back({field, "name and unit must not contain ':' or '|'"});
            continue;
          }
          joined += (joined.empty() ? "" : "|") + name + ":" + number_text(io->at("strength").to_number<double>()) +
                    ":" + unit;
        }
        if (v.as_array().empty()) errors.push_back({"ingredients", "must name at least one active ingredient"});
        p.cells["ingredients"] = joined;
      } else {
        errors.push_back({"ingredients", "must be a list of {\"name\",\"strength\",\"unit\"}"});
      }
    } else if (key == "status") {
      auto s = v.is_string() ? domain::parse_drug_status(std::string(v.as_string())) : std::nullopt;
      if (!s)
        errors.push_back({"status", "must be active, partially_disabled, permanently_disabled or recalled"});
      else
        p.status = *s;
    } else if (key == "id" || key == "equivalents") {
      errors.push_back({key, "is assigned by the server"});
    } else {
      errors.push_back({key, "is not a field of a product"});
    }
  }
  if (!errors.empty()) return Error::invalid("Some fields are unknown or have the wrong type.", errors);
  return p;
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  auto parsed = parse_body(*body);
  if (!parsed) return http::problem(parsed.error());
  auto out = service::create_drug(app, req, parsed->cells, parsed->status);
  if (!out) return http::problem(out.error());
  return json_response(201, drugs::drug_json(*out, app.catalog->knowledge()));
}

http::Response update(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  auto parsed = parse_body(*body);
  if (!parsed) return http::problem(parsed.error());
  auto out = service::update_drug(app, req, req.param("id"), parsed->cells, parsed->status);
  if (!out) return http::problem(out.error());
  return json_response(200, drugs::drug_json(*out, app.catalog->knowledge()));
}

// text/csv, or JSON {"csv": "..."}.
http::Response bulk(app::App& app, http::Request& req) {
  std::string ct(req.header("content-type"));
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string csv;
  if (ct.rfind("text/csv", 0) == 0) {
    csv = req.body;
  } else {
    auto body = parse_object(req);
    if (!body) return http::problem(body.error());
    Fields f(*body);
    auto text = f.text("csv", true, 1024 * 1024);
    if (!f.ok()) return http::problem(f.error());
    csv = *text;
  }
  auto out = service::bulk_upload(app, req, csv);
  if (!out) return http::problem(out.error());
  return json_response(200, json::object{{"rows", out->rows}, {"inserted", out->inserted}, {"updated", out->updated}});
}

}  // namespace hf::api::directory
