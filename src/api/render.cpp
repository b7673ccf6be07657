#include "api/render.h"

#include "api/problem.h"
#include "core/clock.h"
#include "core/log.h"
#include "reports/pdf_renderer.h"

namespace passerelle::api {

boost::json::object user_json(const core::User& u) {
  boost::json::object o;
  o["id"] = u.id;
  o["username"] = u.username;
  o["display_name"] = u.display_name;
  o["role"] = u.role;
  o["language"] = u.language;
  o["disabled"] = u.disabled;
  o["trained_for_minors"] = u.trained_for_minors;
  o["mfa_enabled"] = u.mfa_enabled;
  if (u.partner_id)
    o["partner_id"] = *u.partner_id;
  else
    o["partner_id"] = nullptr;
  o["secret_places"] = u.secret_places;
  if (u.last_login_at)
    o["last_login_at"] = *u.last_login_at;
  else
    o["last_login_at"] = nullptr;
  o["created_at"] = u.created_at;
  o["updated_at"] = u.updated_at;
  o["version"] = u.version;
  return o;
}

boost::json::object session_json(const core::Session& s, bool current) {
  return {{"id", s.id},
          {"created_at", core::iso8601_utc(s.created_at)},
          {"last_seen_at", core::iso8601_utc(s.last_seen_at)},
          {"expires_at", core::iso8601_utc(s.expires_at)},
          {"state", s.state},
          {"user_agent", s.user_agent},
          {"current", current}};
}

Response json_response(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.headers["content-type"] = "application/json";
  r.body = boost::json::serialize(body);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace passerelle::api

namespace passerelle::api {

Response with_etag(Response r, std::int64_t version) {
  r.headers["etag"] = "\"" + std::to_string(version) + "\"";
  return r;
}

boost::json::value nullable(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

Response pdf_attachment(const Request& req, const std::string& html, std::string_view filename) {
  auto pdf = reports::html_to_pdf(html);
  if (!pdf.pdf) {
    core::log("error", "pdf rendering failed", {{"request_id", req.request_id}, {"reason", pdf.error}});
    throw Problem(503, "unavailable");
  }
  Response r;
  r.status = 200;
  r.headers["content-type"] = "application/pdf";
  r.headers["content-disposition"] = "attachment; filename=\"" + std::string(filename) + "\"";
  r.body = std::move(*pdf.pdf);
  return r;
}

void throw_version_conflict(std::int64_t current_version, boost::json::object current,
                            boost::json::value changed_fields) {
  Problem p(412, "version-conflict");
  p.extra_json = boost::json::serialize(boost::json::object{{"current_version", current_version},
                                                            {"current", std::move(current)},
                                                            {"changed_fields", std::move(changed_fields)}});
  p.headers.emplace_back("etag", "\"" + std::to_string(current_version) + "\"");
  throw p;
}

void throw_version_conflict(std::int64_t current_version, boost::json::object current,
                            const boost::json::object& body) {
  boost::json::array changed;
  for (const auto& member : body) changed.emplace_back(member.key());
  throw_version_conflict(current_version, std::move(current), boost::json::value(std::move(changed)));
}

}  // namespace passerelle::api
