#include "api/json_duplicates.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <set>
#include <vector>

namespace hf::api {
namespace {

using boost::system::error_code;
using sv = boost::json::string_view;

// One open object or array, for the set of keys seen so far and the path of a duplicate.
struct Frame {
  bool object = false;
  std::set<std::string, std::less<>> keys;
  std::string key;   // the current member's key (objects)
  size_t index = 0;  // the number of elements begun (arrays)
};

// Long keys are cut in the answer; the client knows the rest.
std::string shown(std::string_view key) {
  constexpr size_t kMax = 100;
  if (key.size() <= kMax) return std::string(key);
  size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;  // a UTF-8 boundary
  return std::string(key.substr(0, end)) + "...";
}

struct DuplicateFinder {
  static constexpr size_t max_object_size = static_cast<size_t>(-1);
  static constexpr size_t max_array_size = static_cast<size_t>(-1);
  static constexpr size_t max_key_size = static_cast<size_t>(-1);
  static constexpr size_t max_string_size = static_cast<size_t>(-1);

  std::vector<Frame> stack;
  std::string key;  // the key being read, in parts
  std::optional<std::string> duplicate;

  void value_begins() {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  }
  bool open(bool object) {
    value_begins();
    stack.emplace_back();
    stack.back().object = object;
    return true;
  }
  bool close() {
    stack.pop_back();
    return true;
  }
  std::string path_to(std::string_view last) const {
    std::string out;
    for (size_t i = 0; i + 1 < stack.size(); ++i) {
      const Frame& f = stack[i];
      if (f.object)
        out += (out.empty() ? "" : ".") + shown(f.key);
      else
        out += "[" + std::to_string(f.index - 1) + "]";
    }
    return out + (out.empty() ? "" : ".") + shown(last);
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return open(false); }
  bool on_array_end(size_t, error_code&) { return close(); }
  bool on_object_begin(error_code&) { return open(true); }
  bool on_object_end(size_t, error_code&) { return close(); }
  bool on_string_part(sv, size_t, error_code&) { return true; }
  bool on_string(sv, size_t, error_code&) { return scalar(); }
  bool on_key_part(sv s, size_t, error_code&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(sv s, size_t, error_code& ec) {
    key.append(s.data(), s.size());
    Frame& f = stack.back();
    if (!f.keys.insert(key).second) {
      duplicate = path_to(key);
      ec = boost::json::error::syntax;  // stop: the first one is enough
      return false;
    }
    f.key = std::move(key);
    key.clear();
    return true;
  }
  bool on_number_part(sv, error_code&) { return true; }
  bool on_int64(int64_t, sv, error_code&) { return scalar(); }
  bool on_uint64(uint64_t, sv, error_code&) { return scalar(); }
  bool on_double(double, sv, error_code&) { return scalar(); }
  bool on_bool(bool, error_code&) { return scalar(); }
  bool on_null(error_code&) { return scalar(); }
  bool on_comment_part(sv, error_code&) { return true; }
  bool on_comment(sv, error_code&) { return true; }

 private:
  bool scalar() {
    value_begins();
    return true;
  }
};

}  // namespace

std::optional<std::string> first_duplicate_key(std::string_view text) {
  boost::json::parse_options opt;
  opt.max_depth = 64;
  boost::json::basic_parser<DuplicateFinder> p(opt);
  error_code ec;
  p.write_some(false, text.data(), text.size(), ec);
  return std::move(p.handler().duplicate);
}

}  // namespace hf::api
