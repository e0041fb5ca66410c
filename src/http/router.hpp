#pragma once
// Method + path-pattern routing with {param} segments. The API layer registers every endpoint in
// one table (src/api/routes.cpp); the router only matches.

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace hf::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  // False for handlers that never touch the database (version, metrics): they run on the I/O
  // thread; everything else runs on the worker pool so I/O threads never block.
  bool blocking = true;
  std::vector<std::string> segments;  // split pattern
};

struct Match {
  const Route* route = nullptr;
  bool path_known = false;  // some route has this path (for 405)
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, bool blocking = true);
  Match find(Request& req) const;  // fills req.params and req.route on a match
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace hf::http
