#include "api/paging.hpp"

#include "security/encoding.hpp"

namespace hf::api {

Result<Page> read_page(const http::Request& req, int default_limit, int max_limit) {
  Page p;
  p.limit = default_limit;
  if (auto l = req.query_param("limit")) {
    int n = 0;
    bool ok = !l->empty() && l->size() <= 4;
    for (char c : *l) ok = ok && c >= '0' && c <= '9';
    if (ok) n = std::stoi(*l);
    if (!ok || n < 1 || n > max_limit) {
      return Error::invalid("limit must be a whole number from 1 to " + std::to_string(max_limit) + ".",
                            {{"limit", "must be from 1 to " + std::to_string(max_limit)}});
    }
    p.limit = n;
  }
  if (auto c = req.query_param("cursor"); c && !c->empty()) {
    auto bytes = security::base64url_decode(*c);
    if (!bytes || bytes->size() > 200) return Error::invalid("The cursor is not valid.", {{"cursor", "not valid"}});
    p.after.assign(bytes->begin(), bytes->end());
  }
  return p;
}

std::string make_cursor(const std::string& key) {
  return security::base64url_encode(key);
}

}  // namespace hf::api
