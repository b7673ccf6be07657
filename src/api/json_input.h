// Reading request bodies and query parameters with limits; every failure is a Problem naming the
// field, and nothing is written before the whole input has been read.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api/problem.h"
#include "api/request.h"

namespace passerelle::api {

// The body as a JSON object (depth ≤ 32). Throws Problem 415 / 400 invalid-json.
boost::json::object parse_object(const Request& req);

// Refuses members other than `allowed` (422 field.unknown), so typos don't pass silently.
void only_fields(const boost::json::object& o, std::initializer_list<std::string_view> allowed);

// A string member. Required: missing → field.required. Longer than max_chars code points →
// field.too_long. Not a string → field.not_string.
std::string string_field(const boost::json::object& o, std::string_view name, std::size_t max_chars);
std::optional<std::string> optional_string(const boost::json::object& o, std::string_view name,
                                           std::size_t max_chars);
std::optional<bool> optional_bool(const boost::json::object& o, std::string_view name);

// ?limit= (default 50, 1..200) and other query values.
int limit_param(const Request& req, int fallback = 50);
std::optional<std::string> query_param(const Request& req, std::string_view name,
                                       std::size_t max_chars = 200);

// A calendar date "YYYY-MM-DD" that exists.
bool valid_date(std::string_view text);

// The integer version in an If-Match header ("3" or W/"3"); 428 when absent; 0 (matches no
// record, so the update answers 412) when it is not a version.
std::int64_t if_match_version(const Request& req);

// Collects field errors and throws them together.
class FieldErrors {
 public:
  void add(std::string field, std::string key) { errors_.push_back({std::move(field), std::move(key)}); }
  bool empty() const { return errors_.empty(); }
  void throw_if_any(int status = 422) const {
    if (!errors_.empty()) throw Problem(status, "validation", errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace passerelle::api
