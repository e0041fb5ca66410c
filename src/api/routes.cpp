// Every endpoint, who may call it, and its handler, in one place (STYLE.md "One route table").
#include "api/routes.hpp"

#include "api/access.hpp"
#include "api/operations.hpp"
#include "api/test_hooks.hpp"
#include "http/problem.hpp"

namespace hf::api {
namespace {

using Handler = http::Response (*)(app::App&, http::Request&);

class Table {
 public:
  Table(http::Router& r, app::App& a) : router_(r), app_(a) {}

  void add(const char* method, const char* pattern, Access access, Handler h, bool blocking = true) {
    app::App& a = app_;
    router_.add(
        method, pattern,
        [&a, access = std::move(access), h](http::Request& req) -> http::Response {
          if (!access.open) {
            auto caller = authenticate(a, req);
            if (!caller) return http::problem(caller.error());
            req.caller = std::move(caller).value();
            if (!access.permits(req.caller)) return http::problem(403, "Your role may not do this.");
          }
          return h(a, req);
        },
        blocking);
  }

 private:
  http::Router& router_;
  app::App& app_;
};

}  // namespace

http::Router build_routes(app::App& app) {
  http::Router router;
  Table t(router, app);
  constexpr bool kInline = false;  // never touches the database: answered on the I/O thread

  // Operations (API.md): no prefix, no authentication.
  t.add("GET", "/health", open_access(), operations::health);
  t.add("GET", "/version", open_access(), operations::version, kInline);
  t.add("GET", "/metrics", open_access(), operations::metrics, kInline);

  if (app.config.test_hooks) t.add("GET", "/__test/sleep", open_access(), test_hooks::sleep);

  return router;
}

}  // namespace hf::api
