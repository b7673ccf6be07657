#include "api/json_input.h"

#include "core/clock.h"

#include <algorithm>
#include <charconv>

namespace passerelle::api {
namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

boost::json::object parse_object(const Request& req) {
  std::string_view type = req.header("content-type");
  if (type.substr(0, type.find(';')) != "application/json" &&
      !(type.starts_with("application/json"))) {
    throw Problem(415, "unsupported-media-type");
  }
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec, {}, options);
  if (ec || !v.is_object()) throw Problem(400, "invalid-json");
  return std::move(v.as_object());
}

void only_fields(const boost::json::object& o, std::initializer_list<std::string_view> allowed) {
  FieldErrors errors;
  for (const auto& member : o) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(member.key())) == allowed.end())
      errors.add(std::string(member.key().substr(0, 64)), "field.unknown");
  }
  errors.throw_if_any();
}

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view name,
                                           std::size_t max_chars) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string()) throw Problem(422, "validation", {{std::string(name), "field.not_string"}});
  std::string_view s = it->value().as_string();
  if (code_points(s) > max_chars) throw Problem(422, "validation", {{std::string(name), "field.too_long"}});
  return std::string(s);
}

std::string string_field(const boost::json::object& o, std::string_view name, std::size_t max_chars) {
  auto v = optional_string(o, name, max_chars);
  if (!v || v->empty()) throw Problem(422, "validation", {{std::string(name), "field.required"}});
  return *v;
}

std::optional<bool> optional_bool(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool()) throw Problem(422, "validation", {{std::string(name), "field.not_boolean"}});
  return it->value().as_bool();
}

int limit_param(const Request& req, int fallback) {
  auto it = req.query.find("limit");
  if (it == req.query.end()) return fallback;
  int value = 0;
  auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc{} || ptr != it->second.data() + it->second.size() || value < 1 || value > 200)
    throw Problem(400, "validation", {{"limit", "limit.range"}});
  return value;
}

std::optional<std::string> query_param(const Request& req, std::string_view name,
                                       std::size_t max_chars) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return std::nullopt;
  if (it->second.size() > max_chars) throw Problem(400, "validation", {{std::string(name), "field.too_long"}});
  return it->second;
}

bool valid_date(std::string_view d) { return d.size() == 10 && core::parse_iso8601(d).has_value(); }

std::int64_t if_match_version(const Request& req) {
  std::string_view v = req.header("if-match");
  if (v.empty()) throw Problem(428, "precondition-required");
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t version = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  // Not a version of ours: it matches no record, so the caller answers 412 with the current one.
  if (ec != std::errc{} || ptr != v.data() + v.size() || version < 1) return 0;
  return version;
}

}  // namespace passerelle::api
