#include "api/app.h"

#include <algorithm>

#include "api/messages.h"
#include "api/problem.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/permissions.h"
#include "crypto/secret_bytes.h"

namespace passerelle::api {
namespace {

// How long a cached session is trusted before it is read again (another instance may have
// ended it), and how often its last-seen time is written back.
constexpr std::int64_t kCacheSeconds = 5;

bool is_safe_method(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// An Origin header, when sent, must be this server's own origin.
bool origin_allowed(const Request& req) {
  std::string_view origin = req.header("origin");
  if (origin.empty()) return true;
  std::string_view host = req.header("host");
  std::string expected = std::string(req.secure ? "https://" : "http://") + std::string(host);
  return origin == expected;
}

}  // namespace

store::Store& Context::store() { return app.store(); }

core::AuditEvent Context::audit(std::string action, std::string target_type,
                                std::string target_id) const {
  core::AuditEvent e;
  if (user) e.actor_id = user->id;
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.ip = req.client_ip;
  e.request_id = req.request_id;
  return e;
}

const std::string& Context::param(std::string_view name) const {
  static const std::string empty;
  auto it = params.find(name);
  return it == params.end() ? empty : it->second;
}

App::App(store::Store& store, AppConfig config) : store_(store), config_(std::move(config)) {}

std::string App::cookie_name() const {
  return config_.secure_cookies ? "__Host-passerelle_session" : "passerelle_session";
}

std::string App::session_cookie(const std::string& token) const {
  std::string c = cookie_name() + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (config_.secure_cookies) c += "; Secure";
  return c;
}

std::string App::expired_cookie() const {
  std::string c = cookie_name() + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (config_.secure_cookies) c += "; Secure";
  return c;
}

std::string App::csrf_token(const std::string& session_token) const {
  return store_.vault().token_hash("csrf", session_token).substr(0, 43);
}

void App::forget_sessions(const std::string& user_id) {
  std::lock_guard lock(cache_mutex_);
  if (user_id.empty()) {
    cache_.clear();
    return;
  }
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.user.id == user_id; });
}

std::optional<App::Cached> App::cached_session(const std::string& token, std::int64_t now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const core::SessionPolicy& policy = config_.sessions;
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(token);
  // Activity seen only through the cache is written back at most every touch interval, so the
  // cache must not be trusted longer than that: else a short idle timeout ends a busy session.
  if (it == cache_.end() || now - it->second.loaded_at >= std::min(kCacheSeconds, touch_interval()) ||
      now < it->second.loaded_at || policy.expired(it->second.session, now))
    return std::nullopt;
  it->second.session.last_seen_at = now;
  return it->second;
}

std::int64_t App::touch_interval() const {
  // Last-seen times are written back at most every quarter of the idle timeout (and at least
  // every minute), so a busy session costs no writes.
  return std::max<std::int64_t>(1, std::min<std::int64_t>(60, config_.sessions.idle_seconds / 4));
}

std::optional<App::Cached> App::resolve_session(const std::string& token, std::int64_t now) {
  if (auto cached = cached_session(token, now)) return cached;
  if (token.empty() || token.size() > 128) return std::nullopt;
  const core::SessionPolicy& policy = config_.sessions;
  std::optional<Cached> found;
  bool expired = false;
  store_.db().read([&](store::Tx& tx) {
    auto session = store_.sessions().find_by_token(tx, token);
    if (!session) return;
    auto user = store_.users().find(tx, session->user_id);
    if (!user || user->disabled || policy.expired(*session, now)) {
      expired = true;
      found = Cached{*session, user.value_or(core::User{}), now};
      return;
    }
    found = Cached{*session, *user, now};
  });
  if (expired) {
    store_.db().write([&](store::Tx& tx) {
      store_.sessions().remove(tx, found->session.id, found->session.user_id);
    });
    std::lock_guard lock(cache_mutex_);
    cache_.erase(token);
    return std::nullopt;
  }
  if (!found) return std::nullopt;
  if (now - found->session.last_seen_at >= touch_interval()) {
    store_.db().write([&](store::Tx& tx) { store_.sessions().touch(tx, found->session.id, now); });
  }
  found->session.last_seen_at = now;
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > 10000) cache_.clear();
  cache_[token] = *found;
  return found;
}

Response App::handle(Request& req) { return *dispatch(req, false); }

std::optional<Response> App::handle_in_memory(Request& req) { return dispatch(req, true); }

std::optional<Response> App::dispatch(Request& req, bool in_memory_only) {
  // In memory: only GETs of routes marked in_memory, with a session cookie already cached.
  if (in_memory_only && req.method != "GET") return std::nullopt;
  std::string language = pick_language({}, req.header("accept-language"));
  try {
    // Route lookup: a path that exists with another method gets 405, an unknown one 404.
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> params;
    std::string allowed;
    for (const Route& r : routes()) {
      // The literal part of the pattern before its first parameter must prefix the path: a
      // cheap test that spares the full match for almost every route.
      std::string_view literal = r.pattern.substr(0, r.pattern.find('{'));
      if (!std::string_view(req.path).starts_with(literal)) continue;
      if (!match_route(r.pattern, req.path, params)) continue;
      if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
        route = &r;
        break;
      }
      if (!allowed.empty()) allowed += ", ";
      allowed += r.method;
    }
    if (!route) {
      if (!allowed.empty()) {
        Problem p(405, "method-not-allowed");
        p.headers.emplace_back("allow", allowed);
        throw p;
      }
      throw Problem(404, "not-found");
    }
    match_route(route->pattern, req.path, params);
    if (in_memory_only && !route->in_memory) return std::nullopt;

    Context ctx{req, *this, language, std::nullopt, std::nullopt, {}, std::move(params)};
    std::int64_t now = core::now_unix();
    if (auto token = req.cookie(cookie_name()); token && !token->empty()) {
      auto cached = in_memory_only ? cached_session(*token, now) : resolve_session(*token, now);
      if (in_memory_only && !cached) return std::nullopt;
      if (cached) {
        ctx.session = cached->session;
        ctx.user = cached->user;
        ctx.session_token = *token;
        ctx.language = pick_language(cached->user.language, {});
        language = ctx.language;
      }
    }

    if (!is_safe_method(req.method)) {
      if (!origin_allowed(req)) throw Problem(403, "csrf");
      if (ctx.session) {
        std::string_view sent = req.header("x-csrf-token");
        if (!crypto::equal_constant_time(sent, csrf_token(ctx.session_token)))
          throw Problem(403, "csrf");
      }
    }

    switch (route->access) {
      case Access::undeclared:
        throw Problem(403, "forbidden");
      case Access::open:
        break;
      case Access::any_session:
        if (!ctx.session) throw Problem(401, "authentication-required");
        break;
      case Access::signed_in:
      case Access::permission:
        if (!ctx.session || ctx.session->state != core::session_state::authenticated)
          throw Problem(401, "authentication-required");
        if (route->access == Access::permission &&
            !core::role_has(ctx.user->role, route->permission)) {
          auto event = ctx.audit("access.denied", "route", {});
          event.outcome = "denied";
          event.details = std::string("{\"permission\":\"") + std::string(route->permission) + "\"}";
          store_.db().write([&](store::Tx& tx) { store_.audit().append(tx, event); });
          throw Problem(403, "forbidden");
        }
        break;
    }

    Response response = route->handler(ctx);
    if (!response.headers.count("content-type") && !response.body.empty())
      response.headers["content-type"] = "application/json";
    if (req.method == "HEAD") response.body.clear();
    return response;
  } catch (const Problem& p) {
    return render_problem(p, language, req.request_id);
  } catch (const store::StoreError& e) {
    core::log("error", "store failure", {{"request_id", req.request_id}});
    return render_problem(Problem(503, "unavailable"), language, req.request_id);
  } catch (const std::exception& e) {
    core::log("error", "unhandled exception", {{"request_id", req.request_id}});
    return render_problem(Problem(500, "internal"), language, req.request_id);
  }
}

}  // namespace passerelle::api
