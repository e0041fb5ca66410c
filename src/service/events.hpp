#pragma once
// Business events (DOMAIN.md "Events and webhooks"): recorded once, in the same transaction as
// the change, with a unique id receivers deduplicate on. Payloads carry ids and states only.

#include <boost/json/object.hpp>
#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::service {

Status record_event(store::Connection& c, const std::string& type, const boost::json::object& data, int64_t now_ms);

}  // namespace hf::service
