// Administration of users: list, create, change role / language / disabled, reset 2FA, sessions.
#include <algorithm>
#include <regex>

#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/password_policy.h"
#include "core/permissions.h"
#include "crypto/password_hash.h"

namespace passerelle::api {
namespace {

bool valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

// A partner user belongs to an organisation of the directory; only partner users do.
void check_partner(Context& ctx, store::Tx& tx, const std::string& role,
                   const std::optional<std::string>& partner_id, bool partner_sent,
                   FieldErrors& errors) {
  if (role == "partner" && !partner_id) {
    errors.add("partner_id", "field.required");
  } else if (role != "partner" && partner_id && partner_sent) {
    errors.add("partner_id", "field.invalid");
  } else if (partner_id && partner_sent &&
             (!core::is_id(*partner_id) || !ctx.store().partners().find(tx, *partner_id))) {
    errors.add("partner_id", "field.invalid");
  }
}

// The shelter addresses are granted to social workers (coordinators have them by role).
bool may_hold_secret_places(std::string_view role) {
  return role == "social_worker" || role == "coordinator";
}

core::User load(Context& ctx, const std::string& id) {
  std::optional<core::User> u;
  ctx.store().db().read([&](store::Tx& tx) { u = ctx.store().users().find(tx, id); });
  if (!u) throw Problem(404, "not-found");
  return *u;
}

}  // namespace

Response users_list(Context& ctx) {
  int limit = limit_param(ctx.req);
  std::string after = query_param(ctx.req, "after", 64).value_or("");
  store::UserPage page;
  ctx.store().db().read([&](store::Tx& tx) { page = ctx.store().users().list(tx, after, limit); });
  boost::json::array items;
  for (const auto& u : page.items) items.push_back(user_json(u));
  boost::json::object body{{"items", std::move(items)}};
  if (page.next)
    body["next"] = *page.next;
  else
    body["next"] = nullptr;
  return json_response(200, body);
}

Response users_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"username", "display_name", "role", "language", "password", "partner_id",
                     "secret_places"});
  FieldErrors errors;
  auto username = optional_string(body, "username", 64).value_or("");
  auto display_name = optional_string(body, "display_name", 200).value_or("");
  auto role = optional_string(body, "role", 32).value_or("");
  auto language = optional_string(body, "language", 5).value_or("fr");
  auto password = optional_string(body, "password", 1024).value_or("");
  auto partner_id = optional_string(body, "partner_id", 36);
  bool secret_places = optional_bool(body, "secret_places").value_or(false);
  if (!valid_username(username)) errors.add("username", "username.format");
  if (display_name.empty()) errors.add("display_name", "field.required");
  if (!core::is_role(role)) errors.add("role", "role.unknown");
  if (language != "en" && language != "fr") errors.add("language", "language.unknown");
  if (password.empty()) errors.add("password", "field.required");
  if (secret_places && !may_hold_secret_places(role)) errors.add("secret_places", "field.invalid");
  for (auto problem : core::check_password(password, username))
    if (!password.empty()) errors.add("password", std::string(core::message_key(problem)));
  errors.throw_if_any();

  core::User u;
  u.id = core::new_id();
  u.username = username;
  u.display_name = display_name;
  u.role = role;
  u.language = language;
  u.partner_id = partner_id;
  u.secret_places = secret_places;
  u.created_at = u.updated_at = core::now_iso8601();
  // The partner must exist: checked before the (slow) password hashing.
  if (core::is_role(role)) {
    FieldErrors partner_errors;
    ctx.store().db().read([&](store::Tx& tx) {
      check_partner(ctx, tx, role, partner_id, true, partner_errors);
    });
    partner_errors.throw_if_any();
  }
  {
    ctx.app.hashing_slots().acquire();
    struct Release {
      App& app;
      ~Release() { app.hashing_slots().release(); }
    } release{ctx.app};
    u.password_hash = crypto::hash_password(password);
  }
  bool taken = false;
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    if (s.users().find_by_username(tx, username)) {
      taken = true;
      return;
    }
    s.users().create(tx, u);
    auto event = ctx.audit("user.create", "user", u.id);
    event.details = "{\"role\":\"" + role + "\"";
    if (u.partner_id) event.details += ",\"partner_id\":\"" + *u.partner_id + "\"";
    if (u.secret_places) event.details += ",\"secret_places\":true";
    event.details += "}";
    s.audit().append(tx, event);
  });
  if (taken) throw Problem(409, "conflict", {{"username", "username.taken"}});
  Response r = json_response(201, user_json(u));
  r.headers["location"] = "/api/v1/users/" + u.id;
  r.headers["etag"] = "\"" + std::to_string(u.version) + "\"";
  return r;
}

Response users_get(Context& ctx) {
  core::User u = load(ctx, ctx.param("id"));
  Response r = json_response(200, user_json(u));
  r.headers["etag"] = "\"" + std::to_string(u.version) + "\"";
  return r;
}

Response users_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"display_name", "role", "language", "disabled", "trained_for_minors",
                     "partner_id", "secret_places"});
  std::int64_t version = if_match_version(ctx.req);
  const std::string& id = ctx.param("id");
  store::UserChanges changes;
  changes.display_name = optional_string(body, "display_name", 200);
  changes.role = optional_string(body, "role", 32);
  changes.language = optional_string(body, "language", 5);
  changes.disabled = optional_bool(body, "disabled");
  changes.trained_for_minors = optional_bool(body, "trained_for_minors");
  changes.secret_places = optional_bool(body, "secret_places");
  bool partner_sent = body.contains("partner_id");
  if (partner_sent) changes.partner_id = optional_string(body, "partner_id", 36);
  FieldErrors errors;
  if (changes.display_name && changes.display_name->empty())
    errors.add("display_name", "field.required");
  if (changes.role && !core::is_role(*changes.role)) errors.add("role", "role.unknown");
  if (changes.language && *changes.language != "en" && *changes.language != "fr")
    errors.add("language", "language.unknown");
  // Separation of duties: nobody changes her own role or disables herself.
  if (id == ctx.user->id && changes.role && *changes.role != ctx.user->role)
    errors.add("role", "role.self");
  if (id == ctx.user->id && changes.disabled.value_or(false)) errors.add("disabled", "disabled.self");
  errors.throw_if_any();

  store::Store& s = ctx.store();
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  std::optional<core::User> before, after;
  s.db().write([&](store::Tx& tx) {
    before = s.users().find(tx, id);
    if (!before) return;
    // The role decides what partner_id and secret_places may be; a role change drops what the
    // new role may not hold.
    std::string role = changes.role.value_or(before->role);
    bool role_changed = role != before->role;
    if (role_changed || partner_sent) {
      std::optional<std::string> partner = partner_sent ? *changes.partner_id : before->partner_id;
      if (role != "partner" && !partner_sent && partner) {
        changes.partner_id = std::optional<std::string>{};
        partner.reset();
      }
      FieldErrors errors;
      check_partner(ctx, tx, role, partner, partner_sent, errors);
      errors.throw_if_any();
    }
    if (changes.secret_places.value_or(false) && !may_hold_secret_places(role))
      throw Problem(422, "validation", {{"secret_places", "field.invalid"}});
    if (role_changed && before->secret_places && !may_hold_secret_places(role) && !changes.secret_places)
      changes.secret_places = false;
    outcome = s.users().update(tx, id, version, changes);
    if (outcome != store::UpdateOutcome::updated) return;
    after = s.users().find(tx, id);
    std::string fields;
    auto note = [&](const char* name, bool changed) {
      if (!changed) return;
      if (!fields.empty()) fields += ",";
      fields += std::string("\"") + name + "\"";
    };
    note("display_name", before->display_name != after->display_name);
    note("role", before->role != after->role);
    note("language", before->language != after->language);
    note("disabled", before->disabled != after->disabled);
    note("trained_for_minors", before->trained_for_minors != after->trained_for_minors);
    note("partner_id", before->partner_id != after->partner_id);
    note("secret_places", before->secret_places != after->secret_places);
    auto event = ctx.audit(before->role != after->role ? "user.role_change" : "user.update",
                           "user", id);
    event.details = "{\"fields\":[" + fields + "]";
    if (before->role != after->role)
      event.details += ",\"from\":\"" + before->role + "\",\"to\":\"" + after->role + "\"";
    event.details += "}";
    s.audit().append(tx, event);
    // A new role or another organisation is another scope: sign in again.
    if (after->disabled || before->role != after->role || before->partner_id != after->partner_id)
      s.sessions().remove_all_for_user(tx, id);
  });
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  if (outcome == store::UpdateOutcome::version_conflict) {
    boost::json::array changed;
    auto diff = [&](const char* name, bool requested, bool differs) {
      if (requested && differs) changed.emplace_back(name);
    };
    // The fields this request would change whose stored value moved since the client read it
    // cannot be known without history; what the client needs is where the current record and
    // its wish differ, plus the current record to show beside its own.
    diff("display_name", changes.display_name.has_value(),
         changes.display_name && *changes.display_name != before->display_name);
    diff("role", changes.role.has_value(), changes.role && *changes.role != before->role);
    diff("language", changes.language.has_value(),
         changes.language && *changes.language != before->language);
    diff("disabled", changes.disabled.has_value(),
         changes.disabled && *changes.disabled != before->disabled);
    diff("partner_id", partner_sent, partner_sent && *changes.partner_id != before->partner_id);
    diff("secret_places", changes.secret_places.has_value(),
         changes.secret_places && *changes.secret_places != before->secret_places);
    throw_version_conflict(before->version, user_json(*before), boost::json::value(std::move(changed)));
  }
  ctx.app.forget_sessions(id);
  Response r = json_response(200, user_json(*after));
  r.headers["etag"] = "\"" + std::to_string(after->version) + "\"";
  return r;
}

Response users_mfa_reset(Context& ctx) {
  const std::string& id = ctx.param("id");
  core::User u = load(ctx, id);
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    s.users().clear_mfa(tx, id);
    s.sessions().remove_all_for_user(tx, id);
    s.audit().append(tx, ctx.audit("user.mfa_reset", "user", id));
  });
  ctx.app.forget_sessions(id);
  return no_content();
}

Response users_sessions(Context& ctx) {
  const std::string& id = ctx.param("id");
  load(ctx, id);
  boost::json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    for (const auto& session : ctx.store().sessions().list_for_user(tx, id))
      items.push_back(session_json(session, session.id == ctx.session->id));
  });
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Response users_sessions_end(Context& ctx) {
  const std::string& id = ctx.param("id");
  load(ctx, id);
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    int n = s.sessions().remove_all_for_user(tx, id);
    auto event = ctx.audit("user.sessions_end", "user", id);
    event.details = "{\"ended\":" + std::to_string(n) + "}";
    s.audit().append(tx, event);
  });
  ctx.app.forget_sessions(id);
  return no_content();
}

Response roles_list(Context& ctx) {
  boost::json::array items;
  for (auto role : core::kRoles) {
    boost::json::array permissions;
    for (auto p : core::role_permissions(role)) permissions.emplace_back(p);
    items.push_back(boost::json::object{{"name", role},
                                        {"permissions", std::move(permissions)},
                                        {"mfa_required", core::role_requires_mfa(role)}});
  }
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace passerelle::api
