#pragma once
// The built portals (web/dist): correct MIME types, long cache for hashed assets, no-cache for
// pages, and no path traversal (any ".." segment, encoded or not, is a 404).

#include <optional>
#include <string>

#include "http/message.hpp"

namespace hf::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // nullopt when nothing matches (the caller answers 404 problem+json).
  std::optional<Response> serve(const Request& req) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

const char* mime_type(const std::string& path);

}  // namespace hf::http
