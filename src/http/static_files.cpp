#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/router.hpp"

namespace hf::http {
namespace fs = std::filesystem;

const char* mime_type(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "yaml" || ext == "yml") return "application/yaml; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json";
  if (ext == "wasm") return "application/wasm";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (root_.empty()) return std::nullopt;
  // req.path is already percent-decoded, so "%2e%2e" arrives here as "..".
  const auto segments = split_path(req.path);
  for (const auto& s : segments) {
    if (s == ".." || s == "." || s.find('\\') != std::string::npos || s.find('\0') != std::string::npos ||
        s.front() == '.') {
      return std::nullopt;
    }
  }
  fs::path p(root_);
  for (const auto& s : segments) p /= s;
  std::error_code ec;
  const bool trailing_slash = !req.path.empty() && req.path.back() == '/';
  if (fs::is_directory(p, ec)) {
    if (!trailing_slash) {
      Response r;
      r.status = 308;
      r.content_type.clear();
      r.set_header("Location", req.path + "/");
      return r;
    }
    p /= "index.html";
  }
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  // Belt and braces: the resolved file must still be inside the root (symlinks).
  const auto real = fs::canonical(p, ec);
  const auto base = fs::canonical(root_, ec);
  if (ec || real.string().rfind(base.string(), 0) != 0) return std::nullopt;

  std::ifstream in(real, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r;
  r.content_type = mime_type(real.string());
  r.body = req.method == "HEAD" ? std::string() : ss.str();
  const bool hashed = !segments.empty() && segments.front() == "assets";
  r.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace hf::http
