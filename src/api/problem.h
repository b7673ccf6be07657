// RFC 9457 problem details (application/problem+json), and the exception that carries one from a
// handler to the dispatcher.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "api/request.h"

namespace passerelle::api {

struct FieldError {
  std::string field;
  std::string message_key;  // translated when rendered
};

// Thrown by handlers and helpers; App::handle renders it. `slug` is the stable problem type.
class Problem : public std::exception {
 public:
  Problem(int status, std::string slug, std::vector<FieldError> errors = {})
      : status_(status), slug_(std::move(slug)), errors_(std::move(errors)) {}
  const char* what() const noexcept override { return slug_.c_str(); }
  int status() const { return status_; }
  const std::string& slug() const { return slug_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  // Extra members merged into the body (e.g. current_version on 412). JSON object text.
  std::string extra_json;
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  int status_;
  std::string slug_;
  std::vector<FieldError> errors_;
};

// The response for a problem, titles and field messages in `language`.
Response render_problem(const Problem& p, std::string_view language, std::string_view request_id);

}  // namespace passerelle::api
