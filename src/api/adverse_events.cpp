#include "api/adverse_events.hpp"

#include <algorithm>
#include <cctype>

#include "api/json_io.hpp"
#include "api/paging.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "service/adverse_events.hpp"

namespace hf::api::adverse_events {
namespace {

// Field names that would carry who the patient is: refused with a clear reason (422), so a
// client cannot slip identity into a report under a new name.
bool looks_like_identity(std::string key) {
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* part : {"name", "national", "nid", "phone", "mobile", "address", "email", "patient_id", "birth",
                           "dob", "identity", "passport", "ssn"})
    if (key.find(part) != std::string::npos) return true;
  return false;
}

json::object report_json(const store::AdverseEventRecord& a) {
  json::object o{{"id", a.id},
                 {"drug_id", a.drug_id},
                 {"trade_name", a.trade_name},
                 {"patient_age_band", a.patient_age_band},
                 {"patient_sex", a.patient_sex},
                 {"reaction", a.reaction},
                 {"seriousness", a.seriousness},
                 {"outcome", a.outcome},
                 {"status", a.status},
                 {"reporter_role", a.reporter_role},
                 {"reported_at", domain::to_rfc3339(a.reported_at)},
                 {"updated_at", domain::to_rfc3339(a.updated_at)}};
  o["narrative"] = a.narrative ? json::value(*a.narrative) : json::value(nullptr);
  return o;
}

Result<store::AdverseEventFilter> read_filter(const http::Request& req) {
  store::AdverseEventFilter f;
  f.status = req.query_param("status").value_or("");
  f.drug_id = req.query_param("drug_id").value_or("");
  f.seriousness = req.query_param("seriousness").value_or("");
  std::vector<FieldError> errors;
  if (!f.status.empty() && f.status != "received" && f.status != "under_review" && f.status != "closed")
    errors.push_back({"status", "must be received, under_review or closed"});
  if (!f.seriousness.empty() && f.seriousness != "serious" && f.seriousness != "non_serious")
    errors.push_back({"seriousness", "must be serious or non_serious"});
  if (f.drug_id.size() > 64) errors.push_back({"drug_id", "is not a product id"});
  if (!errors.empty()) return Error::invalid("The filter is not valid.", errors);
  return f;
}

json::object summary_json(const std::vector<store::AdverseEventCount>& counts) {
  json::array by_product;
  int64_t serious = 0, non_serious = 0;
  for (const auto& c : counts) {
    by_product.push_back(json::object{{"drug_id", c.drug_id},
                                      {"trade_name", c.trade_name},
                                      {"serious", c.serious},
                                      {"non_serious", c.non_serious},
                                      {"total", c.serious + c.non_serious}});
    serious += c.serious;
    non_serious += c.non_serious;
  }
  return {{"total", serious + non_serious},
          {"by_seriousness", json::object{{"serious", serious}, {"non_serious", non_serious}}},
          {"by_product", std::move(by_product)}};
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  store::AdverseEventRecord in;
  auto drug = f.text("drug_id", true, 64);
  auto band = f.text("patient_age_band", true, 10);
  auto sex = f.text("patient_sex", true, 10);
  auto reaction = f.text("reaction", true, 2000);
  auto seriousness = f.text("seriousness", true, 20);
  auto outcome = f.text("outcome", true, 20);
  auto narrative = f.text("narrative", false, 5000);
  std::vector<FieldError> identity;
  for (const auto& kv : *body) {
    const std::string k(kv.key());
    if (k == "drug_id" || k == "patient_age_band" || k == "patient_sex" || k == "reaction" || k == "seriousness" ||
        k == "outcome" || k == "narrative")
      continue;
    if (looks_like_identity(k))
      identity.push_back({k, "reports carry no patient name, national ID or other identifier"});
    else
      f.fail(k, "is not a field of an adverse-event report");
  }
  if (!identity.empty())
    return http::problem(Error::rule("Adverse-event reports must not identify the patient.", identity));
  if (!f.ok()) return http::problem(f.error());
  in.drug_id = *drug;
  in.patient_age_band = *band;
  in.patient_sex = *sex;
  in.reaction = *reaction;
  in.seriousness = *seriousness;
  in.outcome = *outcome;
  in.narrative = narrative;
  auto out = service::report_adverse_event(app, req, std::move(in));
  if (!out) return http::problem(out.error());
  return json_response(201, report_json(*out));
}

http::Response list(app::App& app, http::Request& req) {
  auto page = read_page(req);
  if (!page) return http::problem(page.error());
  auto filter = read_filter(req);
  if (!filter) return http::problem(filter.error());
  int offset = 0;
  if (!page->after.empty()) {
    try {
      offset = std::stoi(page->after);
    } catch (const std::exception&) {
      return http::problem(Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}}));
    }
  }
  auto out = service::list_adverse_events(app, *filter, page->limit + 1, offset);
  if (!out) return http::problem(out.error());
  auto counts = service::adverse_event_counts(app, *filter);
  if (!counts) return http::problem(counts.error());
  const bool more = out->size() > static_cast<size_t>(page->limit);
  if (more) out->pop_back();
  json::array items;
  for (const auto& a : *out) items.push_back(report_json(a));
  json::value next = more ? json::value(make_cursor(std::to_string(offset + page->limit))) : nullptr;
  return json_response(
      200, json::object{{"items", std::move(items)}, {"next_cursor", next}, {"summary", summary_json(*counts)}});
}

http::Response summary(app::App& app, http::Request& req) {
  auto filter = read_filter(req);
  if (!filter) return http::problem(filter.error());
  auto counts = service::adverse_event_counts(app, *filter);
  if (!counts) return http::problem(counts.error());
  return json_response(200, summary_json(*counts));
}

http::Response update(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto status = f.text("status", true, 20);
  for (const auto& kv : *body)
    if (kv.key() != "status") f.fail(std::string(kv.key()), "cannot be changed; only status can");
  if (!f.ok()) return http::problem(f.error());
  auto out = service::move_adverse_event(app, req, req.param("id"), *status);
  if (!out) return http::problem(out.error());
  return json_response(200, report_json(*out));
}

}  // namespace hf::api::adverse_events
