#pragma once
// Our own request/response types, so that only server.cpp includes Beast.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf::http {

struct Route;

// Who is calling, filled in by authentication before a handler runs.
struct Caller {
  std::string kind = "anonymous";  // anonymous | user | api_key
  std::string id;                  // user id or api key id
  std::string role;                // doctor, pharmacist, patient, facility_admin, admin, regulator, integrator
  std::string session_id;          // refresh-token family, for users
  std::string patient_id;          // for role patient
  std::vector<std::string> facility_ids;
  std::vector<std::string> permissions;  // for api keys
  bool authenticated() const { return kind != "anonymous"; }
};

struct Request {
  std::string method;                                        // upper case
  std::string target;                                        // as received
  std::string path;                                          // percent-decoded path without the query
  std::multimap<std::string, std::string> query;             // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::map<std::string, std::string> params;  // path parameters, e.g. {id}
  std::string route;                          // the matched pattern, for logs and metrics
  Caller caller;
  const Route* matched = nullptr;  // set by the router
  bool behind_tls = false;
  // The Idempotency-Key claim this request holds (set by api/idempotency.cpp once claimed), so a
  // write can record where its result is in its own transaction.
  std::string idempotency_caller;
  std::string idempotency_key;
  std::string idempotency_claim_id;  // this attempt's claim; a takeover by a retry gets a new one

  std::string_view header(std::string_view name) const;  // name lower case; "" if absent
  std::optional<std::string> query_param(const std::string& name) const;
  const std::string& param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;           // close the connection after writing
  std::string internal_detail;  // logged with the request id, never sent (5xx causes)

  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace hf::http
