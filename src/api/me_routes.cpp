// The signed-in user: profile, language, password, own sessions.
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/password_policy.h"
#include "core/permissions.h"
#include "crypto/password_hash.h"

namespace passerelle::api {
namespace {

boost::json::object me_json(Context& ctx, const core::User& u) {
  boost::json::object o = user_json(u);
  boost::json::array permissions;
  if (ctx.session->state == core::session_state::authenticated)
    for (auto p : core::role_permissions(u.role)) permissions.emplace_back(p);
  o["permissions"] = std::move(permissions);
  o["session_state"] = ctx.session->state;
  o["mfa_required"] = core::role_requires_mfa(u.role);
  o["csrf_token"] = ctx.app.csrf_token(ctx.session_token);
  return o;
}

}  // namespace

Response me_get(Context& ctx) { return json_response(200, me_json(ctx, *ctx.user)); }

Response me_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"language", "display_name"});
  store::UserChanges changes;
  changes.language = optional_string(body, "language", 5);
  changes.display_name = optional_string(body, "display_name", 200);
  FieldErrors errors;
  if (changes.language && *changes.language != "en" && *changes.language != "fr")
    errors.add("language", "language.unknown");
  if (changes.display_name && changes.display_name->empty())
    errors.add("display_name", "field.required");
  errors.throw_if_any();
  std::int64_t version = ctx.req.header("if-match").empty() ? ctx.user->version
                                                            : if_match_version(ctx.req);
  store::Store& s = ctx.store();
  store::UpdateOutcome outcome;
  core::User updated;
  s.db().write([&](store::Tx& tx) {
    outcome = s.users().update(tx, ctx.user->id, version, changes);
    if (outcome != store::UpdateOutcome::updated) return;
    updated = *s.users().find(tx, ctx.user->id);
    auto event = ctx.audit("user.update_self", "user", ctx.user->id);
    s.audit().append(tx, event);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw Problem(412, "version-conflict");
  ctx.app.forget_sessions(ctx.user->id);
  return json_response(200, me_json(ctx, updated));
}

Response me_password(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"current_password", "new_password"});
  std::string current = string_field(body, "current_password", 1024);
  std::string next = string_field(body, "new_password", 1024);
  FieldErrors errors;
  for (auto problem : core::check_password(next, ctx.user->username))
    errors.add("new_password", std::string(core::message_key(problem)));
  errors.throw_if_any();
  std::string phc;
  {
    ctx.app.hashing_slots().acquire();
    struct Release {
      App& app;
      ~Release() { app.hashing_slots().release(); }
    } release{ctx.app};
    if (!crypto::verify_password(ctx.user->password_hash, current))
      throw Problem(422, "validation", {{"current_password", "password.wrong_current"}});
    phc = crypto::hash_password(next);
  }
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    s.users().set_password_hash(tx, ctx.user->id, phc);
    // Other sessions end with a password change; this one goes on.
    for (const auto& other : s.sessions().list_for_user(tx, ctx.user->id))
      if (other.id != ctx.session->id) s.sessions().remove(tx, other.id, ctx.user->id);
    s.audit().append(tx, ctx.audit("user.password_change", "user", ctx.user->id));
  });
  ctx.app.forget_sessions(ctx.user->id);
  return no_content();
}

Response me_sessions(Context& ctx) {
  store::Store& s = ctx.store();
  boost::json::array items;
  s.db().read([&](store::Tx& tx) {
    for (const auto& session : s.sessions().list_for_user(tx, ctx.user->id))
      items.push_back(session_json(session, session.id == ctx.session->id));
  });
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Response me_session_end(Context& ctx) {
  store::Store& s = ctx.store();
  bool removed = false;
  const std::string& id = ctx.param("id");
  s.db().write([&](store::Tx& tx) {
    removed = s.sessions().remove(tx, id, ctx.user->id);
    if (removed) s.audit().append(tx, ctx.audit("session.end", "session", id));
  });
  if (!removed) throw Problem(404, "not-found");
  ctx.app.forget_sessions(ctx.user->id);
  return no_content();
}

}  // namespace passerelle::api
