#pragma once
// Recalls as the prescription verify and dispense services see them (DOMAIN.md "Medicine
// directory, recalls and adverse events": verifying a prescription that contains a recalled
// product warns; dispensing a recalled batch is refused). Both run on the caller's connection,
// inside its transaction if it has one.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::service {

// One active recall of one product.
struct RecallNotice {
  std::string recall_id;
  int recall_class = 1;  // 1 most serious
  std::string reason;
  int64_t issued_at = 0;  // epoch ms
  std::string drug_id;
  std::string trade_name;
  std::vector<std::string> batch_numbers;  // empty: every batch of the product
};

// Active recalls naming any of the products (most recent first, one notice per recall and product).
Result<std::vector<RecallNotice>> recalls_for_drugs(store::Connection& conn, const std::vector<std::string>& drug_ids);

// 409 (problem type ".../recalled") naming the recall when the batch, or the whole product, is
// recalled. An empty batch_no is refused only by a whole-product recall (a batch recall cannot be
// matched without the batch number; verify shows it as a warning).
Status check_batch_not_recalled(store::Connection& conn, const std::string& drug_id, const std::string& batch_no);

// {"recall_id","class","reason","issued_at","drug_id","trade_name","batch_numbers":[..]} for answers.
boost::json::object recall_notice_json(const RecallNotice& n);

}  // namespace hf::service
