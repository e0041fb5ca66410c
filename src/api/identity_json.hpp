#pragma once
// How users, facilities and API keys look in answers. Never a hash, secret or token.
#include <boost/json.hpp>

#include "store/api_key_repository.hpp"
#include "store/user_repository.hpp"

namespace hf::api {

boost::json::object user_json(const store::UserRecord& u);
boost::json::object facility_json(const store::FacilityRecord& f);
boost::json::object api_key_json(const store::ApiKeyRecord& k);
boost::json::object governorate_json(const std::string& code);

}  // namespace hf::api
