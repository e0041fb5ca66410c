#pragma once
// Every request passes here: request id, routing, the handler (on the worker pool when it may
// block), problem+json for anything unmatched, security headers, access log and metrics.

#include <atomic>
#include <cstdint>
#include <string>

#include "app/app.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

namespace hf::api {

class Pipeline final : public http::Application {
 public:
  Pipeline(app::App& app, http::Router router);
  bool prepare(http::Request& req) override;
  http::Response handle(http::Request& req) override;
  http::Response reject(int status, const std::string& detail, const std::string& remote_ip) override;
  const http::Router& router() const { return router_; }

 private:
  // `statements`: run by the request's own thread (access log field).
  void finish(const http::Request& req, http::Response& res, double seconds, int64_t statements = 0);
  // "<random per process>-<sequence>": unique across server copies without a system call per
  // request (a request id correlates log lines; it is not a secret).
  std::string next_request_id();
  app::App& app_;
  std::string request_id_prefix_;
  std::atomic<uint64_t> request_seq_{0};
  http::Router router_;
  http::StaticFiles files_;
};

}  // namespace hf::api
