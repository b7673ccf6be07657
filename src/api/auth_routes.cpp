// Sign-in: password, second factor (TOTP or recovery code), 2FA enrolment, sign-out.
#include <algorithm>

#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/permissions.h"
#include "crypto/password_hash.h"
#include "crypto/secret_bytes.h"
#include "crypto/totp.h"

namespace passerelle::api {
namespace {

std::string account_key(std::string_view username) { return "user:" + std::string(username); }
std::string address_key(std::string_view ip) { return "ip:" + std::string(ip); }
std::string mfa_key(std::string_view user_id) { return "mfa:" + std::string(user_id); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Problem too_many(std::int64_t seconds) {
  Problem p(429, "too-many-attempts");
  p.headers.emplace_back("retry-after", std::to_string(std::max<std::int64_t>(1, seconds)));
  return p;
}

std::string initial_state(const core::User& u) {
  if (u.mfa_enabled) return core::session_state::mfa_required;
  if (core::role_requires_mfa(u.role)) return core::session_state::mfa_enrolment_required;
  return core::session_state::authenticated;
}

// Counts a failed second-factor attempt against the user; throws 429 once locked.
void second_factor_failed(Context& ctx, std::string_view action) {
  store::Store& s = ctx.store();
  std::int64_t now = core::now_unix();
  std::int64_t lock = 0;
  auto event = ctx.audit(std::string(action), "user", ctx.user->id);
  event.outcome = "failure";
  s.db().write([&](store::Tx& tx) {
    lock = s.account_throttle().record_failure(tx, mfa_key(ctx.user->id), now);
    s.audit().append(tx, event);
  });
  if (lock > 0) throw too_many(lock);
  throw Problem(401, "invalid-code");
}

void check_second_factor_lock(Context& ctx) {
  store::Store& s = ctx.store();
  std::int64_t wait = 0;
  s.db().read([&](store::Tx& tx) {
    wait = s.account_throttle().locked_for(tx, mfa_key(ctx.user->id), core::now_unix());
  });
  if (wait > 0) throw too_many(wait);
}

bool looks_like_totp(std::string_view code) {
  return code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Response login(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"username", "password"});
  FieldErrors errors;
  auto username = optional_string(body, "username", 64);
  auto password = optional_string(body, "password", 1024);
  if (!username || username->empty()) errors.add("username", "field.required");
  if (!password || password->empty()) errors.add("password", "field.required");
  errors.throw_if_any();
  std::string name = lower(*username);

  store::Store& s = ctx.store();
  std::int64_t now = core::now_unix();
  std::int64_t wait = 0;
  std::optional<core::User> user;
  s.db().read([&](store::Tx& tx) {
    wait = std::max(s.account_throttle().locked_for(tx, account_key(name), now),
                    s.address_throttle().locked_for(tx, address_key(ctx.req.client_ip), now));
    if (wait == 0) user = s.users().find_by_username(tx, name);
  });
  if (wait > 0) throw too_many(wait);

  // Unknown names are verified against a dummy hash: the same work, the same answer.
  bool ok;
  {
    ctx.app.hashing_slots().acquire();
    struct Release {
      App& app;
      ~Release() { app.hashing_slots().release(); }
    } release{ctx.app};
    ok = crypto::verify_password(user ? user->password_hash : crypto::dummy_password_hash(),
                                 *password);
  }
  ok = ok && user && !user->disabled;

  if (!ok) {
    auto event = ctx.audit("auth.login", user ? "user" : "", user ? user->id : "");
    event.outcome = "failure";
    std::int64_t lock = 0;
    s.db().write([&](store::Tx& tx) {
      lock = std::max(s.account_throttle().record_failure(tx, account_key(name), now),
                      s.address_throttle().record_failure(tx, address_key(ctx.req.client_ip), now));
      s.audit().append(tx, event);
    });
    if (lock > 0) throw too_many(lock);
    throw Problem(401, "invalid-credentials");
  }

  core::Session session;
  session.id = core::new_id();
  session.user_id = user->id;
  session.state = initial_state(*user);
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + ctx.app.config().sessions.absolute_seconds;
  session.user_agent = std::string(ctx.req.header("user-agent").substr(0, 200));
  std::string token = crypto::to_base64url(crypto::random_bytes(32));
  ctx.user = user;
  auto event = ctx.audit("auth.login", "session", session.id);
  s.db().write([&](store::Tx& tx) {
    s.account_throttle().record_success(tx, account_key(name));
    s.sessions().create(tx, session, token);
    s.users().touch_login(tx, user->id);
    s.audit().append(tx, event);
  });
  Response r = json_response(200, boost::json::object{{"state", session.state},
                                                      {"csrf_token", ctx.app.csrf_token(token)}});
  r.set_cookies.push_back(ctx.app.session_cookie(token));
  return r;
}

Response mfa_verify(Context& ctx) {
  if (ctx.session->state != core::session_state::mfa_required) throw Problem(409, "mfa-state");
  auto body = parse_object(ctx.req);
  only_fields(body, {"code", "recovery_code"});
  auto code = optional_string(body, "code", 16);
  auto recovery = optional_string(body, "recovery_code", 32);
  if ((!code || code->empty()) && (!recovery || recovery->empty()))
    throw Problem(422, "validation", {{"code", "code.format"}});
  check_second_factor_lock(ctx);

  store::Store& s = ctx.store();
  bool accepted = false;
  std::string how = "totp";
  std::int64_t now = core::now_unix();
  s.db().write([&](store::Tx& tx) {
    if (code && !code->empty()) {
      if (!looks_like_totp(*code)) return;
      auto secret = s.users().mfa_secret(tx, ctx.user->id);
      if (!secret) return;
      auto step = crypto::totp_match(*secret, *code, now);
      // A step not newer than the last accepted one is a replay (ASVS 2.8.4).
      accepted = step && s.users().use_mfa_step(tx, ctx.user->id, *step);
    } else {
      how = "recovery_code";
      accepted = s.users().use_recovery_code(tx, ctx.user->id, *recovery);
    }
    if (!accepted) return;
    s.sessions().set_state(tx, ctx.session->id, core::session_state::authenticated);
    s.account_throttle().record_success(tx, mfa_key(ctx.user->id));
    auto event = ctx.audit("auth.mfa", "session", ctx.session->id);
    event.details = "{\"method\":\"" + how + "\"}";
    s.audit().append(tx, event);
  });
  if (!accepted) second_factor_failed(ctx, "auth.mfa");
  ctx.app.forget_sessions(ctx.user->id);
  return json_response(200, boost::json::object{{"state", core::session_state::authenticated},
                                                {"csrf_token", ctx.app.csrf_token(ctx.session_token)}});
}

Response mfa_enrolment_start(Context& ctx) {
  // Enrolment is for a user with no second factor yet, at sign-in (forced) or from her profile.
  bool allowed = ctx.session->state == core::session_state::mfa_enrolment_required ||
                 (ctx.session->state == core::session_state::authenticated && !ctx.user->mfa_enabled);
  if (!allowed) throw Problem(409, "mfa-state");
  crypto::Bytes secret = crypto::new_totp_secret();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    s.users().set_pending_mfa_secret(tx, ctx.user->id, secret);
    s.audit().append(tx, ctx.audit("auth.mfa_enrolment_start", "user", ctx.user->id));
  });
  return json_response(200, boost::json::object{
                                {"secret", crypto::base32_encode(secret)},
                                {"otpauth_uri", crypto::otpauth_uri(ctx.user->username, secret)}});
}

Response mfa_enrolment_confirm(Context& ctx) {
  bool allowed = ctx.session->state == core::session_state::mfa_enrolment_required ||
                 (ctx.session->state == core::session_state::authenticated && !ctx.user->mfa_enabled);
  if (!allowed) throw Problem(409, "mfa-state");
  auto body = parse_object(ctx.req);
  only_fields(body, {"code"});
  std::string code = string_field(body, "code", 16);
  if (!looks_like_totp(code)) throw Problem(422, "validation", {{"code", "code.format"}});
  check_second_factor_lock(ctx);
  store::Store& s = ctx.store();
  std::vector<std::string> codes = crypto::new_recovery_codes(10);
  bool accepted = false;
  bool no_pending = false;
  s.db().write([&](store::Tx& tx) {
    auto secret = s.users().pending_mfa_secret(tx, ctx.user->id);
    if (!secret) {
      no_pending = true;
      return;
    }
    auto step = crypto::totp_match(*secret, code, core::now_unix());
    if (!step) return;
    s.users().activate_mfa(tx, ctx.user->id, *step, codes);
    s.sessions().set_state(tx, ctx.session->id, core::session_state::authenticated);
    s.audit().append(tx, ctx.audit("auth.mfa_enrolled", "user", ctx.user->id));
    accepted = true;
  });
  if (no_pending) throw Problem(409, "mfa-state");
  if (!accepted) second_factor_failed(ctx, "auth.mfa_enrolment_confirm");
  ctx.app.forget_sessions(ctx.user->id);
  boost::json::array list;
  for (auto& c : codes) list.emplace_back(c);
  return json_response(200, boost::json::object{{"state", core::session_state::authenticated},
                                                {"recovery_codes", std::move(list)},
                                                {"csrf_token", ctx.app.csrf_token(ctx.session_token)}});
}

Response logout(Context& ctx) {
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    s.sessions().remove(tx, ctx.session->id, ctx.session->user_id);
    s.audit().append(tx, ctx.audit("auth.logout", "session", ctx.session->id));
  });
  ctx.app.forget_sessions(ctx.session->user_id);
  Response r = no_content();
  r.set_cookies.push_back(ctx.app.expired_cookie());
  r.headers["clear-site-data"] = "\"cache\", \"cookies\", \"storage\"";
  return r;
}

}  // namespace passerelle::api
