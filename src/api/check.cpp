#include "api/check.hpp"

#include <algorithm>

#include "api/json_io.hpp"
#include "api/prescription_body.hpp"
#include "http/problem.hpp"
#include "service/clinical_check.hpp"

namespace hf::api::check {

http::Response check(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  const auto index = app.catalog->index();
  auto draft = parse_prescription_body(*body, *index);
  if (!draft) return http::problem(draft.error());
  const auto& mine = req.caller.facility_ids;
  if (std::find(mine.begin(), mine.end(), draft->facility_id) == mine.end()) {
    return http::problem(
        Error::rule("You do not work at this facility.", {{"facility_id", "is not one of your facilities"}}));
  }
  auto alerts = service::check_prescription(app, req, *draft);
  if (!alerts) return http::problem(alerts.error());
  return json_response(200, json::object{{"alerts", alerts_json(*alerts)}});
}

}  // namespace hf::api::check
