#include "api/problem.h"

#include <boost/json.hpp>

#include "api/messages.h"

namespace passerelle::api {

Response render_problem(const Problem& p, std::string_view language, std::string_view request_id) {
  boost::json::object body;
  body["type"] = "https://passerelle.invalid/problems/" + p.slug();
  body["title"] = message(language, p.slug());
  body["status"] = p.status();
  body["request_id"] = request_id;
  if (!p.errors().empty()) {
    boost::json::array errors;
    for (const FieldError& e : p.errors())
      errors.push_back(boost::json::object{{"field", e.field},
                                           {"code", e.message_key},
                                           {"message", message(language, e.message_key)}});
    body["errors"] = std::move(errors);
  }
  if (!p.extra_json.empty()) {
    boost::json::error_code ec;
    auto extra = boost::json::parse(p.extra_json, ec);
    if (!ec && extra.is_object())
      for (auto& [k, v] : extra.as_object()) body[k] = v;
  }
  Response r;
  r.status = p.status();
  r.headers["content-type"] = "application/problem+json";
  r.headers["content-language"] = std::string(language);
  for (const auto& [k, v] : p.headers) r.headers[k] = v;
  r.body = boost::json::serialize(body);
  return r;
}

}  // namespace passerelle::api
