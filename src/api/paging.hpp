#pragma once
// Lists (API.md): ?limit= (default 20, max 100) and an opaque ?cursor=.

#include <string>

#include "domain/result.hpp"
#include "http/message.hpp"

namespace hf::api {

struct Page {
  int limit = 20;
  std::string after;  // decoded cursor: the key to continue after ("" = from the start)
};

Result<Page> read_page(const http::Request& req, int default_limit = 20, int max_limit = 100);
std::string make_cursor(const std::string& key);

}  // namespace hf::api
