// The audit log screen: search (newest first, cursor by sequence number) and chain verification.
#include <charconv>
#include <set>

#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"

namespace passerelle::api {

Response audit_search(Context& ctx) {
  store::AuditFilter filter;
  filter.limit = limit_param(ctx.req);
  FieldErrors errors;
  if (auto after = query_param(ctx.req, "after", 20)) {
    std::int64_t seq = 0;
    auto [p, ec] = std::from_chars(after->data(), after->data() + after->size(), seq);
    if (ec != std::errc{} || p != after->data() + after->size()) errors.add("after", "field.invalid");
    filter.before_seq = seq;
  }
  filter.action = query_param(ctx.req, "action", 64);
  if (auto actor = query_param(ctx.req, "actor", 64)) {
    if (!core::is_id(*actor)) errors.add("actor", "field.invalid");
    filter.actor_id = actor;
  }
  for (const char* name : {"from", "to"}) {
    if (auto v = query_param(ctx.req, name, 32)) {
      auto t = core::parse_iso8601(*v);
      if (!t) {
        errors.add(name, "date.format");
        continue;
      }
      (std::string_view(name) == "from" ? filter.from : filter.to) = core::iso8601_utc(*t);
    }
  }
  errors.throw_if_any(400);

  store::Store& s = ctx.store();
  std::vector<core::AuditEntry> entries;
  std::map<std::string, std::string> usernames;
  s.db().read([&](store::Tx& tx) {
    entries = s.audit().search(tx, filter);
    std::set<std::string> actors;
    for (const auto& e : entries)
      if (!e.actor_id.empty()) actors.insert(e.actor_id);
    for (const auto& id : actors)
      if (auto u = s.users().find(tx, id)) usernames[id] = u->username;
  });
  boost::json::array items;
  for (const auto& e : entries) {
    boost::json::object o{{"seq", e.seq},
                          {"at", e.at},
                          {"actor_id", e.actor_id.empty() ? boost::json::value(nullptr) : boost::json::value(e.actor_id)},
                          {"actor", usernames.count(e.actor_id) ? boost::json::value(usernames[e.actor_id]) : boost::json::value(nullptr)},
                          {"action", e.action},
                          {"target_type", e.target_type},
                          {"target_id", e.target_id},
                          {"outcome", e.outcome},
                          {"ip", e.ip},
                          {"request_id", e.request_id}};
    boost::json::error_code ec;
    auto details = boost::json::parse(e.details, ec);
    o["details"] = ec ? boost::json::value(nullptr) : details;
    items.push_back(std::move(o));
  }
  boost::json::object body{{"items", std::move(items)}};
  if (static_cast<int>(entries.size()) == filter.limit && !entries.empty())
    body["next"] = std::to_string(entries.back().seq);
  else
    body["next"] = nullptr;
  return json_response(200, body);
}

Response audit_verify(Context& ctx) {
  auto v = ctx.store().audit().verify(ctx.store().db());
  boost::json::object body{{"ok", v.ok}, {"checked", v.checked}};
  body["first_broken"] = v.first_broken ? boost::json::value(*v.first_broken) : boost::json::value(nullptr);
  body["reason"] = v.reason;
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    auto event = ctx.audit("audit.verify");
    event.outcome = v.ok ? "success" : "failure";
    s.audit().append(tx, event);
  });
  return json_response(200, body);
}

Response health(Context&) { return json_response(200, boost::json::object{{"status", "ok"}}); }

Response ready(Context& ctx) {
  if (!ctx.store().db().ping()) throw Problem(503, "unavailable");
  return json_response(200, boost::json::object{{"status", "ok"}});
}

}  // namespace passerelle::api
