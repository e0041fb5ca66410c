#pragma once
// GET /api/v1/events?after=<seq>&limit= (API.md "Regulation (EDA)"): the business events feed.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::events {

http::Response feed(app::App& app, http::Request& req);

}  // namespace hf::api::events
