#include "store/protected_data.hpp"

#include <optional>
#include <string>
#include <vector>

#include "security/data_cipher.hpp"
#include "store/protected_columns.hpp"

namespace hf::store {
namespace {

struct SealedColumn {
  const char* table;
  const char* column;
  std::string_view label;       // associated data (columns::k...)
  const char* index = nullptr;  // blind index column, if any
};

// Every sealed column; each table's key is a TEXT id.
const SealedColumn kColumns[] = {
    {"users", "totp_secret", columns::kUserTotpSecret},
    {"users", "totp_pending_secret", columns::kUserTotpPending},
    {"users", "national_id", columns::kUserNationalId},
    {"users", "phone", columns::kUserPhone},
    {"patients", "national_id", columns::kPatientNationalId, "national_id_index"},
    {"patients", "phone", columns::kPatientPhone},
    {"webhooks", "secret", columns::kWebhookSecret},
    {"sms_outbox", "phone", columns::kSmsPhone},
};
constexpr int kBatch = 500;

// The value to write instead of `stored`, or nullopt when it is right as it is.
Result<std::optional<std::string>> replacement(const security::DataCipher& cipher, const SealedColumn& col,
                                               ProtectStep step, const std::string& stored) {
  const bool sealed = security::DataCipher::looks_sealed(stored);
  if (step == ProtectStep::open) {
    if (!sealed) return std::optional<std::string>{};
    auto plain = cipher.open(col.label, stored);
    if (!plain) return plain.error();
    return std::optional<std::string>{std::move(plain).value()};
  }
  if (sealed && (step == ProtectStep::seal_clear || cipher.sealed_with_current(stored))) {
    // Already sealed: it must still open, or a key is missing and sealing it again would bury it.
    if (auto plain = cipher.open(col.label, stored); !plain) return plain.error();
    return std::optional<std::string>{};
  }
  std::string plain = stored;
  if (sealed) {
    auto opened = cipher.open(col.label, stored);
    if (!opened) return opened.error();
    plain = std::move(opened).value();
  }
  auto again = cipher.seal(col.label, plain);
  if (!again) return again.error();
  return std::optional<std::string>{std::move(again).value()};
}

Result<std::string> clear_value(const security::DataCipher& cipher, const SealedColumn& col, const std::string& value) {
  if (!security::DataCipher::looks_sealed(value)) return value;
  return cipher.open(col.label, value);
}

Result<ProtectCounts> walk_column(Connection& c, const SealedColumn& col, ProtectStep step, bool own_transactions) {
  const std::string select = std::string("SELECT id, ") + col.column + " FROM " + col.table + " WHERE " + col.column +
                             " IS NOT NULL AND " + col.column + " <> '' AND id > $1 ORDER BY id LIMIT " +
                             std::to_string(kBatch);
  // Conditional on the value read: a row changed meanwhile (a live rotation) keeps its new value.
  std::string update = std::string("UPDATE ") + col.table + " SET " + col.column + " = $2";
  if (col.index) update += std::string(", ") + col.index + " = $4";
  update += std::string(" WHERE id = $1 AND ") + col.column + " = $3";
  ProtectCounts counts;
  std::string after;
  for (;;) {
    std::optional<Transaction> tx;
    if (own_transactions) {
      auto t = Transaction::begin(c);
      if (!t) return t.error();
      tx.emplace(std::move(t).value());
    }
    auto rows = c.query(select, {param(after)});
    if (!rows) return rows.error();
    if (rows->empty()) break;
    for (const auto& row : rows->rows) {
      ++counts.examined;
      const std::string& stored = row.text(1);
      auto next = replacement(c.cipher(), col, step, stored);
      if (!next)
        return Error::internal(std::string(col.table) + "." + col.column + " row " + row.text(0) + ": " +
                               next.error().message);
      if (!*next) continue;
      std::vector<Param> params{param(row.text(0)), param(**next), param(stored)};
      if (col.index) {
        if (step == ProtectStep::open) {
          params.emplace_back(nullptr);
        } else {
          auto plain = clear_value(c.cipher(), col, stored);
          if (!plain) return plain.error();
          auto index = c.cipher().blind_index(col.label, *plain);
          if (!index) return index.error();
          params.push_back(param(*index));
        }
      }
      auto r = c.query(update, params);
      if (!r) return r.error();
      counts.changed += r->affected;
    }
    after = rows->rows.back().text(0);
    if (tx) {
      if (auto s = tx->commit(); !s) return s.error();
    }
  }
  return counts;
}

}  // namespace

Result<ProtectCounts> protect_stored_data(Connection& c, ProtectStep step, bool own_transactions) {
  if (step != ProtectStep::open && !c.cipher().has_keys())
    return Error::internal("no data encryption key is configured");
  ProtectCounts total;
  for (const auto& col : kColumns) {
    auto counts = walk_column(c, col, step, own_transactions);
    if (!counts) return counts.error();
    total.examined += counts->examined;
    total.changed += counts->changed;
  }
  return total;
}

}  // namespace hf::store
