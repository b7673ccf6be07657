// The API as one function: a Request in, a Response out. Resolves the session, checks the
// route's declared access and the CSRF token, runs the handler, turns failures into
// problem+json. Thread-safe: called from the HTTP server's worker pool.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>

#include "api/request.h"
#include "core/audit.h"
#include "core/user.h"
#include "store/store.h"

namespace passerelle::api {

struct AppConfig {
  core::SessionPolicy sessions;
  bool secure_cookies = false;  // set when serving TLS: Secure + __Host- prefix
  std::string version = "dev";
  // The association's name, as partners see it (referral forms, the partner portal's `from`).
  std::string organisation_name = "Passerelle";
  // Small-cell suppression threshold of figures that leave the organisation: counts of people
  // from 1 to k − 1 are hidden in funder reports and project viewers' dashboards.
  int suppression_k = 5;
};

class App;

// What a handler gets: the request, the signed-in user (if any) and the path parameters.
struct Context {
  Request& req;
  App& app;
  std::string language;
  std::optional<core::Session> session;
  std::optional<core::User> user;
  std::string session_token;
  std::map<std::string, std::string, std::less<>> params;

  store::Store& store();
  // An audit event with actor, address and request id filled in.
  core::AuditEvent audit(std::string action, std::string target_type = {},
                         std::string target_id = {}) const;
  const std::string& param(std::string_view name) const;
};

class App {
 public:
  App(store::Store& store, AppConfig config);
  Response handle(Request& req);
  // The response when it can be made from memory alone (a route marked in_memory and a session
  // already cached), without blocking; nullopt means "use handle() on the worker pool".
  std::optional<Response> handle_in_memory(Request& req);

  store::Store& store() { return store_; }
  const AppConfig& config() const { return config_; }

  // Cookie handling shared by the auth handlers.
  std::string cookie_name() const;
  std::string session_cookie(const std::string& token) const;
  std::string expired_cookie() const;
  std::string csrf_token(const std::string& session_token) const;

  // Password hashing is memory-hard (64 MiB each): at most two at once.
  std::counting_semaphore<2>& hashing_slots() { return hashing_slots_; }

  // Drops cached sessions (all, or one user's) after logout, disable, 2FA reset, role change.
  void forget_sessions(const std::string& user_id = {});

 private:
  struct Cached {
    core::Session session;
    core::User user;
    std::int64_t loaded_at = 0;
  };
  std::optional<Cached> resolve_session(const std::string& token, std::int64_t now);
  // The cached session if it may still be trusted; never touches the database.
  std::optional<Cached> cached_session(const std::string& token, std::int64_t now);
  std::int64_t touch_interval() const;
  std::optional<Response> dispatch(Request& req, bool in_memory_only);

  store::Store& store_;
  AppConfig config_;
  std::mutex cache_mutex_;
  std::map<std::string, Cached> cache_;  // by cookie value
  std::counting_semaphore<2> hashing_slots_{2};
};

}  // namespace passerelle::api
