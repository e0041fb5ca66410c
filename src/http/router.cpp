#include "http/router.hpp"

namespace hf::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const size_t j = path.find('/', i);
    const size_t end = j == std::string_view::npos ? path.size() : j;
    if (end > i) out.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler handler, bool blocking) {
  Route r{std::move(method), std::move(pattern), std::move(handler), blocking, {}};
  r.segments = split_path(r.pattern);
  routes_.push_back(std::move(r));
}

Match Router::find(Request& req) const {
  const auto segs = split_path(req.path);
  Match m;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segs[i];
      } else {
        ok = p == segs[i];
      }
    }
    if (!ok) continue;
    m.path_known = true;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      req.matched = &r;
      req.params = std::move(params);
      req.route = r.pattern;
      return m;
    }
  }
  return m;
}

}  // namespace hf::http
