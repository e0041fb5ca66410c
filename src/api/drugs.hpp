#pragma once
// GET /api/v1/drugs?q=&limit=&cursor= and GET /api/v1/drugs/{id} (API.md "Drugs"). Answered from
// the in-memory catalogue (service/catalog.hpp): no database on this path.

#include "app/app.hpp"
#include "domain/catalog/drug.hpp"
#include "domain/cds/knowledge_base.hpp"
#include "http/message.hpp"

#include <boost/json.hpp>

namespace hf::api::drugs {

http::Response search(app::App& app, http::Request& req);
http::Response get(app::App& app, http::Request& req);

// One product as the API shows it (also for prescriptions and dispensing answers).
boost::json::object drug_json(const domain::Drug& d, const domain::KnowledgeBase& kb);

}  // namespace hf::api::drugs
