#pragma once
// Issuing and reading recalls (API.md "Regulation (EDA)"; DOMAIN.md "Medicine directory, recalls
// and adverse events"). Issuing is audited and announced (event recall.issued, hence webhooks) in
// the same transaction; a recall without batch numbers marks the whole product recalled.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/recall_repository.hpp"

namespace hf::service {

// DOMAIN.md: every pharmacy that dispensed an affected batch in the look-back window.
inline constexpr int kRecallLookbackDays = 90;

struct NewRecall {
  std::vector<std::string> drug_ids;
  std::vector<std::string> batch_numbers;  // empty: every batch
  int recall_class = 1;
  std::string reason;
};

struct RecallView {
  store::RecallRecord recall;
  std::vector<store::RecalledProduct> products;
  std::optional<std::vector<store::AffectedPharmacy>> affected;  // regulators only
};

Result<RecallView> issue_recall(app::App& app, const http::Request& req, const NewRecall& in);
Result<std::vector<RecallView>> list_recalls(app::App& app, const std::string& status, int limit, int offset);
Result<RecallView> get_recall(app::App& app, const std::string& id, bool with_affected);

}  // namespace hf::service
