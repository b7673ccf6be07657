// JSON shapes of the foundation's records, as documented in docs/openapi.yaml.
#pragma once

#include <boost/json.hpp>

#include <optional>

#include "api/request.h"
#include "core/audit.h"
#include "core/user.h"

namespace passerelle::api {

boost::json::object user_json(const core::User& u);
boost::json::object session_json(const core::Session& s, bool current);
Response json_response(int status, const boost::json::value& body);
Response no_content();
// 412 version-conflict: the current record (the screens show it beside the user's edit), its
// version (also as the ETag), and the fields the request meant to change.
[[noreturn]] void throw_version_conflict(std::int64_t current_version, boost::json::object current,
                                         boost::json::value changed_fields);
// The same, the changed fields being the members of the request body.
[[noreturn]] void throw_version_conflict(std::int64_t current_version, boost::json::object current,
                                         const boost::json::object& body);
// A document printed by headless Chromium (reports/pdf_renderer.h) as an attachment; when the
// renderer fails, logs why under the request id and answers 503. The HTML never reaches the log.
Response pdf_attachment(const Request& req, const std::string& html, std::string_view filename);
// Adds ETag: "<version>" (the value If-Match must send back).
Response with_etag(Response r, std::int64_t version);
// A JSON string, or null.
boost::json::value nullable(const std::optional<std::string>& v);

}  // namespace passerelle::api
