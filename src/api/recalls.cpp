#include "api/recalls.hpp"

#include "api/identity_json.hpp"
#include "api/json_io.hpp"
#include "api/paging.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "service/recalls.hpp"

namespace hf::api::recalls {
namespace {

json::object recall_json(const service::RecallView& v) {
  json::array products, drug_ids, batches;
  for (const auto& p : v.products) {
    json::array b;
    for (const auto& x : p.batch_numbers) {
      b.push_back(json::string(x));
      if (std::find(batches.begin(), batches.end(), json::value(x)) == batches.end())
        batches.push_back(json::string(x));
    }
    drug_ids.push_back(json::string(p.drug_id));
    products.push_back(json::object{{"drug_id", p.drug_id},
                                    {"trade_name", p.trade_name},
                                    {"batch_numbers", std::move(b)},
                                    {"whole_product", p.batch_numbers.empty()}});
  }
  json::object o{{"id", v.recall.id},
                 {"class", v.recall.recall_class},
                 {"reason", v.recall.reason},
                 {"status", v.recall.status},
                 {"issued_at", domain::to_rfc3339(v.recall.issued_at)},
                 {"issued_by", v.recall.issued_by},
                 {"drug_ids", std::move(drug_ids)},
                 {"batch_numbers", std::move(batches)},
                 {"products", std::move(products)}};
  if (v.affected) {
    json::array a;
    for (const auto& f : *v.affected)
      a.push_back(json::object{{"facility_id", f.facility_id},
                               {"name", f.name},
                               {"name_ar", f.name_ar},
                               {"governorate", governorate_json(f.governorate)},
                               {"count", f.dispensations},
                               {"last_dispensed_at", domain::to_rfc3339(f.last_dispensed_at)}});
    o["affected_dispensings"] = std::move(a);
    o["lookback_days"] = service::kRecallLookbackDays;
  }
  return o;
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  service::NewRecall in;
  in.drug_ids = f.text_list("drug_ids", true, 50, 64);
  in.batch_numbers = f.text_list("batch_numbers", false, 100, 64);
  auto cls = f.integer("class", true, 1, 3);
  auto reason = f.text("reason", true, 2000);
  for (const auto& kv : *body) {
    const auto k = kv.key();
    if (k != "drug_ids" && k != "batch_numbers" && k != "class" && k != "reason")
      f.fail(std::string(k), "is not a field of a recall");
  }
  if (!f.ok()) return http::problem(f.error());
  in.recall_class = static_cast<int>(*cls);
  in.reason = *reason;
  auto out = service::issue_recall(app, req, in);
  if (!out) return http::problem(out.error());
  return json_response(201, recall_json(*out));
}

http::Response list(app::App& app, http::Request& req) {
  auto page = read_page(req);
  if (!page) return http::problem(page.error());
  int offset = 0;
  if (!page->after.empty()) {
    try {
      offset = std::stoi(page->after);
    } catch (const std::exception&) {
      return http::problem(Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}}));
    }
  }
  const std::string status = req.query_param("status").value_or("");
  if (!status.empty() && status != "active" && status != "closed")
    return http::problem(Error::invalid("Unknown status.", {{"status", "must be active or closed"}}));
  auto out = service::list_recalls(app, status, page->limit + 1, offset);
  if (!out) return http::problem(out.error());
  const bool more = out->size() > static_cast<size_t>(page->limit);
  if (more) out->pop_back();
  json::array items;
  for (const auto& v : *out) items.push_back(recall_json(v));
  json::value next = more ? json::value(make_cursor(std::to_string(offset + page->limit))) : nullptr;
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

http::Response get(app::App& app, http::Request& req) {
  auto out = service::get_recall(app, req.param("id"), req.caller.role == "regulator");
  if (!out) return http::problem(out.error());
  return json_response(200, recall_json(*out));
}

}  // namespace hf::api::recalls
