// The HTTP exchange as the API layer sees it: plain data, no Boost.Beast.
// src/http/ converts Beast messages to and from these types, so that only src/http/ pays for
// Beast and Asio headers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::api {

// Header names are stored lower-case.
using HeaderMap = std::map<std::string, std::string, std::less<>>;

struct Request {
  std::string method;      // "GET", "POST", ...
  std::string target;      // raw target, path + query
  std::string path;        // percent-decoded path, no query
  std::map<std::string, std::string, std::less<>> query;  // decoded query parameters
  HeaderMap headers;       // lower-case names
  std::string body;
  std::string client_ip;   // peer address (text)
  std::string request_id;  // set by the server, echoed in X-Request-Id and problem+json
  bool secure = false;     // arrived over TLS

  // Header value or empty string.
  std::string_view header(std::string_view lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string_view{} : std::string_view{it->second};
  }
  // Value of one cookie from the Cookie header, if present.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  HeaderMap headers;  // lower-case names; content-type set by the helpers below
  std::string body;
  // Extra Set-Cookie lines (several allowed).
  std::vector<std::string> set_cookies;
};

}  // namespace passerelle::api
