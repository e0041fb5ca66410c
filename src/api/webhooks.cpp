#include "api/webhooks.hpp"

#include "api/json_io.hpp"
#include "domain/date.hpp"
#include "http/problem.hpp"
#include "service/webhooks.hpp"

namespace hf::api::webhooks {
namespace {

// The secret is never shown again after registration.
json::object webhook_json(const store::WebhookRecord& w) {
  json::array types;
  for (const auto& t : w.event_types) types.push_back(json::string(t));
  json::object o{
      {"id", w.id},
      {"url", w.url},
      {"event_types", std::move(types)},
      {"status", w.status},
      {"created_at", domain::to_rfc3339(w.created_at)},
      {"deliveries", json::object{{"pending", w.pending}, {"delivered", w.delivered}, {"gave_up", w.gave_up}}}};
  o["failing_since"] = w.failing_since ? json::value(domain::to_rfc3339(*w.failing_since)) : json::value(nullptr);
  return o;
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  service::NewWebhook in;
  auto url = f.text("url", true, 2000);
  in.event_types = f.text_list("event_types", true, 50, 64);
  auto secret = f.text("secret", true, 256);
  for (const auto& kv : *body)
    if (kv.key() != "url" && kv.key() != "event_types" && kv.key() != "secret")
      f.fail(std::string(kv.key()), "is not a field of a webhook subscription");
  if (!f.ok()) return http::problem(f.error());
  in.url = *url;
  in.secret = *secret;
  auto out = service::register_webhook(app, req, in);
  if (!out) return http::problem(out.error());
  return json_response(201, webhook_json(*out));
}

http::Response list(app::App& app, http::Request&) {
  auto out = service::list_webhooks(app);
  if (!out) return http::problem(out.error());
  json::array items;
  for (const auto& w : *out) items.push_back(webhook_json(w));
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response remove(app::App& app, http::Request& req) {
  if (auto s = service::delete_webhook(app, req, req.param("id")); !s) return http::problem(s.error());
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace hf::api::webhooks
