#include "security/breached_passwords.hpp"

#include <fstream>

namespace hf::security {

namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

BreachedPasswords::BreachedPasswords(const std::vector<std::string>& passwords) {
  for (const auto& password : passwords) {
    if (!password.empty()) passwords_.insert(lower_ascii(password));
  }
}

Result<BreachedPasswords> BreachedPasswords::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Error::unavailable("breached password list not readable");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  if (in.bad()) return Error::unavailable("breached password list not readable");
  return BreachedPasswords(lines);
}

bool BreachedPasswords::contains(std::string_view password) const {
  return passwords_.contains(lower_ascii(password));
}

}  // namespace hf::security
