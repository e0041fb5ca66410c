#include "store/protected_columns.hpp"

#include "security/data_cipher.hpp"

namespace hf::store::columns {

Result<Param> sealed(const Connection& c, std::string_view column, const std::string& plain) {
  if (plain.empty()) return Param{nullptr};
  auto s = c.cipher().seal(column, plain);
  if (!s) return s.error();
  return Param{std::move(s).value()};
}

Result<Param> sealed(const Connection& c, std::string_view column, const std::optional<std::string>& plain) {
  if (!plain) return Param{nullptr};
  return sealed(c, column, *plain);
}

Result<std::string> opened(const Connection& c, std::string_view column, const Row& row, size_t i) {
  if (row.is_null(i) || row.text(i).empty()) return std::string();
  return c.cipher().open(column, row.text(i));
}

Result<std::optional<std::string>> opened_optional(const Connection& c, std::string_view column, const Row& row,
                                                   size_t i) {
  if (row.is_null(i)) return std::optional<std::string>{};
  if (row.text(i).empty()) return std::optional<std::string>{std::string()};
  auto v = c.cipher().open(column, row.text(i));
  if (!v) return v.error();
  return std::optional<std::string>{std::move(v).value()};
}

}  // namespace hf::store::columns
