#pragma once
// The list of passwords known from breaches that we refuse (NIST SP 800-63B §5.1.1.2, ASVS 2.1.7).
// Loaded once at start from data/common-passwords.txt; read-only afterwards, so safe to share
// between threads.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/result.hpp"

namespace hf::security {

class BreachedPasswords {
 public:
  BreachedPasswords() = default;  // an empty list refuses nothing
  explicit BreachedPasswords(const std::vector<std::string>& passwords);

  // One password per line, UTF-8; blank lines ignored, a trailing '\r' stripped.
  static Result<BreachedPasswords> load(const std::filesystem::path& path);

  // Case-insensitive (ASCII letters), so "PassWord1234" is as refused as "password1234".
  bool contains(std::string_view password) const;
  std::size_t size() const { return passwords_.size(); }

 private:
  std::unordered_set<std::string> passwords_;  // lower-cased
};

}  // namespace hf::security
