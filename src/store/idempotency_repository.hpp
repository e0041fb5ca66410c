#pragma once
// The Idempotency-Key claim a request holds (api/idempotency.cpp), seen from a service
// transaction: a write records where its result is in the same transaction as the write.

#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct IdempotencyClaim {
  std::string caller;  // "user:<id>" / "api_key:<id>"
  std::string key;     // the client's Idempotency-Key; empty when the request sent none
  std::string id;      // this attempt's claim
};

// Records the path of the created resource on the caller's claim, inside the caller's transaction.
// No claim (no key sent): nothing to record. A claim that is no longer this attempt's (a retry took
// it over while this attempt ran past the abandonment window) is a conflict: the caller's
// transaction rolls back, so the write is done by one attempt only.
Status record_idempotent_result(Connection& c, const IdempotencyClaim& claim, const std::string& result_path);

}  // namespace hf::store
