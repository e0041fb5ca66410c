#include "api/prescriptions.hpp"

#include "api/json_io.hpp"
#include "api/paging.hpp"
#include "api/prescription_body.hpp"
#include "api/prescription_json.hpp"
#include "api/qr_svg.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "security/encoding.hpp"
#include "service/dispensing.hpp"
#include "service/prescribing.hpp"

namespace hf::api::prescriptions {
namespace {

// Keyset cursor for "newest first": "<issued_at>|<id>".
Result<store::PrescriptionFilter> filter_from(const http::Request& req) {
  auto page = read_page(req);
  if (!page) return page.error();
  store::PrescriptionFilter f;
  f.limit = page->limit + 1;
  if (!page->after.empty()) {
    const auto bar = page->after.find('|');
    try {
      f.before_issued_at = std::stoll(page->after.substr(0, bar));
    } catch (const std::exception&) {
      return Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}});
    }
    if (bar == std::string::npos) return Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}});
    f.before_id = page->after.substr(bar + 1);
  }
  if (auto s = req.query_param("status")) f.status = *s;
  return f;
}

// One prescription's answer: its names read in one statement, then serialized. Should that read
// fail after the prescription was written or read, the answer leaves the names out rather than
// turn a done operation into an error.
json::object answer_of(app::App& app, store::PrescriptionRecord p, const PrescriptionView& view = {}) {
  auto details = service::prescription_details(app, p, view.include_patient);
  const auto catalog = app.catalog->index();
  const PrescriptionContext context{*catalog, app::business_now(app)};
  if (!details) return prescription_json(store::PrescriptionDetails{std::move(p), {}, {}, {}}, context, view);
  return prescription_json(*details, context, view);
}

http::Response list_answer(app::App& app, std::vector<store::PrescriptionDetails> list, int limit) {
  const bool more = list.size() > static_cast<size_t>(limit);
  if (more) list.pop_back();
  const auto catalog = app.catalog->index();
  const PrescriptionContext context{*catalog, app::business_now(app)};
  json::array items;
  for (const auto& p : list) items.push_back(prescription_json(p, context));
  json::value next = more ? json::value(make_cursor(std::to_string(list.back().prescription.issued_at) + "|" +
                                                    list.back().prescription.id))
                          : json::value(nullptr);
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

std::optional<std::string> reason_from(http::Request& req, bool required, http::Response& error) {
  auto body = parse_object(req);
  if (!body) {
    error = http::problem(body.error());
    return std::nullopt;
  }
  Fields f(*body);
  auto reason = f.text("reason", required, 1000);
  if (!f.ok()) {
    error = http::problem(f.error());
    return std::nullopt;
  }
  return reason.value_or("");
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  const auto index = app.catalog->index();
  auto draft = parse_prescription_body(*body, *index, PrescriptionBodyOptions{true});
  if (!draft) return http::problem(draft.error());
  service::CreateRefusal refusal;
  auto created = service::create_prescription(app, req, *draft, refusal);
  if (!created) {
    auto res = http::problem(created.error());
    if (!refusal.blocking.empty()) {
      auto o = json::parse(res.body).as_object();
      o["alerts"] = alerts_json(refusal.blocking);
      res.body = json::serialize(o);
    }
    return res;
  }
  auto o = answer_of(app, created->prescription);
  o["alerts"] = alerts_json(created->alerts);
  return json_response(201, o);
}

http::Response get(app::App& app, http::Request& req) {
  auto p = service::read_prescription(app, req, req.param("id"));
  if (!p) return http::problem(p.error());
  return json_response(200, answer_of(app, std::move(*p), {req.caller.role != "regulator", false}));
}

http::Response list(app::App& app, http::Request& req) {
  auto f = filter_from(req);
  if (!f) return http::problem(f.error());
  const int limit = f->limit - 1;
  auto out = service::list_prescriptions(app, req, *f);
  if (!out) return http::problem(out.error());
  return list_answer(app, std::move(out).value(), limit);
}

http::Response patient_history(app::App& app, http::Request& req) {
  auto f = filter_from(req);
  if (!f) return http::problem(f.error());
  const int limit = f->limit - 1;
  auto out = service::patient_history(app, req, req.param("id"), req.query_param("reason").value_or(""), *f);
  if (!out) return http::problem(out.error());
  return list_answer(app, std::move(out).value(), limit);
}

http::Response cancel(app::App& app, http::Request& req) {
  http::Response error;
  auto reason = reason_from(req, true, error);
  if (!reason) return error;
  auto p = service::cancel_prescription(app, req, req.param("id"), *reason);
  if (!p) return http::problem(p.error());
  return json_response(200, answer_of(app, std::move(*p)));
}

http::Response approve(app::App& app, http::Request& req) {
  std::string reason;
  if (!req.body.empty()) {
    http::Response error;
    auto r = reason_from(req, false, error);
    if (!r) return error;
    reason = *r;
  }
  auto p = service::decide_prescription(app, req, req.param("id"), true, reason);
  if (!p) return http::problem(p.error());
  return json_response(200, answer_of(app, std::move(*p), {false, false}));
}

http::Response reject(app::App& app, http::Request& req) {
  http::Response error;
  auto reason = reason_from(req, true, error);
  if (!reason) return error;
  auto p = service::decide_prescription(app, req, req.param("id"), false, *reason);
  if (!p) return http::problem(p.error());
  return json_response(200, answer_of(app, std::move(*p), {false, false}));
}

http::Response qr(app::App& app, http::Request& req) {
  auto p = service::read_prescription(app, req, req.param("id"));
  if (!p) return http::problem(p.error());
  auto svg = qr_svg(p->qr_token);
  if (!svg) return http::problem(Error::internal("QR encoding failed"));
  http::Response r;
  r.content_type = "image/svg+xml";
  r.body = std::move(*svg);
  return r;
}

http::Response verify(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  auto token = f.text("qr_token", false, 4096);
  auto code = f.text("code", false, 40);
  if (!f.ok()) return http::problem(f.error());
  if (token.has_value() == code.has_value()) {
    return http::problem(
        Error::invalid("Send either qr_token or code.", {{"qr_token", "send this or code, not both"}}));
  }
  auto v = service::verify_prescription(app, req, token.value_or(""), code.value_or(""));
  if (!v) return http::problem(v.error());
  json::object out{{"valid", v->valid()}, {"signature", v->signature_ok ? "ok" : "bad"}};
  if (!v->reason.empty()) out["reason"] = v->reason;
  if (v->prescription && v->signature_ok) {
    out["prescription"] = answer_of(app, *v->prescription, {false, true});
  }
  json::array recalls;
  for (const auto& n : v->recalls) recalls.push_back(service::recall_notice_json(n));
  out["recalls"] = std::move(recalls);
  return json_response(200, out);
}

http::Response dispense(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  const auto* items = f.array("items", true, 10);
  auto checked = f.boolean("patient_id_checked", false);
  std::vector<service::DispenseLine> lines;
  if (items) {
    if (items->empty()) f.fail("items", "name at least one item");
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string at = "items[" + std::to_string(i) + "].";
      if (!(*items)[i].is_object()) {
        f.fail("items[" + std::to_string(i) + "]", "must be an object");
        continue;
      }
      Fields line((*items)[i].as_object());
      line.set_prefix(at);
      service::DispenseLine l;
      auto item_id = line.text("item_id", true, 64);
      auto quantity = line.integer("quantity", true, 1, 1000);
      auto drug = line.text("dispensed_drug_id", false, 64);
      auto batch = line.text("batch_no", false, 64);
      for (auto& e : line.errors()) f.fail(e.field, e.message);
      if (!line.ok()) continue;
      lines.push_back({*item_id, static_cast<int>(*quantity), drug.value_or(""), batch.value_or("")});
    }
  }
  if (!f.ok()) return http::problem(f.error());
  auto out = service::dispense(app, req, req.param("id"), lines, checked.value_or(false));
  if (!out) return http::problem(out.error());
  json::array answer;
  for (const auto& l : out->dispensation.lines) {
    int remaining = 0;
    for (const auto& i : out->prescription.items)
      if (i.id == l.item_id) remaining = service::remaining_of(i);
    answer.push_back(json::object{
        {"item_id", l.item_id}, {"drug_id", l.drug_id}, {"quantity", l.quantity}, {"remaining", remaining}});
  }
  return json_response(201, json::object{{"id", out->dispensation.id},
                                         {"prescription_id", out->prescription.id},
                                         {"prescription_status", out->status},
                                         {"dispensed_at", domain::to_rfc3339(out->dispensation.dispensed_at)},
                                         {"items", std::move(answer)}});
}

http::Response dispensations(app::App& app, http::Request& req) {
  auto out = service::dispensations_for(app, req, req.param("id"));
  if (!out) return http::problem(out.error());
  json::array items;
  for (const auto& d : *out) items.push_back(dispensation_json(d));
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response pharmacy_dispensations(app::App& app, http::Request& req) {
  const int64_t now = app::business_now(app);
  const auto today = domain::start_of_day_ms(domain::date_of(now));
  int64_t from = today, to = today + domain::kMillisPerDay;
  if (auto d = req.query_param("date")) {
    auto parsed = domain::parse_iso_date(*d);
    if (!parsed) return http::problem(Error::invalid("date must be YYYY-MM-DD.", {{"date", "must be YYYY-MM-DD"}}));
    from = domain::start_of_day_ms(*parsed);
    to = from + domain::kMillisPerDay;
  }
  auto page = read_page(req, 50, 100);
  if (!page) return http::problem(page.error());
  auto out = service::pharmacy_dispensations(app, req, from, to, page->limit);
  if (!out) return http::problem(out.error());
  json::array items;
  for (const auto& d : *out) items.push_back(dispensation_json(d));
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response keys(app::App& app, http::Request&) {
  json::array keys{app.signing_key->jwk()};
  for (const auto& pk : app.previous_public_keys) keys.push_back(security::public_jwk(pk));
  auto r = json_response(200, json::object{{"keys", std::move(keys)}});
  r.set_header("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace hf::api::prescriptions
