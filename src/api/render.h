// JSON shapes of the foundation's records, as documented in docs/openapi.yaml.
#pragma once

#include <boost/json.hpp>

#include "api/request.h"
#include "core/audit.h"
#include "core/user.h"

namespace passerelle::api {

boost::json::object user_json(const core::User& u);
boost::json::object session_json(const core::Session& s, bool current);
Response json_response(int status, const boost::json::value& body);
Response no_content();

}  // namespace passerelle::api
