// A person who signs in to Passerelle (staff, volunteer, partner): not a person supported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace passerelle::core {

struct User {
  std::string id;
  std::string username;      // login name, lower-case
  std::string display_name;  // decrypted
  std::string role;
  std::string language = "fr";
  std::string password_hash;
  bool mfa_enabled = false;
  bool disabled = false;
  bool trained_for_minors = false;  // may see minors' files as a peer mediator on the case team
  std::optional<std::string> partner_id;  // role partner: the organisation she works for
  bool secret_places = false;  // a social worker granted the shelter addresses (access.md)
  std::optional<std::string> last_login_at;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

// Session states in the order a sign-in goes through them.
namespace session_state {
inline constexpr const char* mfa_required = "mfa_required";
inline constexpr const char* mfa_enrolment_required = "mfa_enrolment_required";
inline constexpr const char* authenticated = "authenticated";
}  // namespace session_state

struct Session {
  std::string id;          // public id (listed to the user), not the cookie value
  std::string user_id;
  std::string state;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;  // absolute timeout
  std::string user_agent;
};

// How long sessions live (security.md: idle and absolute timeouts).
struct SessionPolicy {
  std::int64_t idle_seconds = 30 * 60;
  std::int64_t absolute_seconds = 12 * 60 * 60;
  std::int64_t pending_seconds = 5 * 60;  // password accepted, second factor not yet
  bool expired(const Session& s, std::int64_t now) const {
    if (now >= s.expires_at) return true;
    std::int64_t idle = s.state == std::string(session_state::authenticated) ? idle_seconds
                                                                            : pending_seconds;
    return now - s.last_seen_at >= idle;
  }
};

// Per-account and per-address throttling (ASVS 2.2.1): after `free_failures` failures in a row,
// each further failure locks the key for base * 2^(n - free_failures) seconds, capped.
struct ThrottlePolicy {
  int free_failures = 5;
  std::int64_t base_lock_seconds = 30;
  std::int64_t max_lock_seconds = 60 * 60;
  std::int64_t forget_after_seconds = 24 * 60 * 60;
  std::int64_t lock_for(int failures) const {
    if (failures < free_failures) return 0;
    int exponent = failures - free_failures;
    if (exponent > 20) return max_lock_seconds;
    std::int64_t lock = base_lock_seconds << exponent;
    return lock > max_lock_seconds ? max_lock_seconds : lock;
  }
};

}  // namespace passerelle::core
