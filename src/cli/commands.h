// The subcommands of `passerelle`. Each returns the process exit code:
// 0 done, 1 the operation ran and found a problem (e.g. a broken audit chain), 2 usage,
// 3 the deployment is not in the state the command needs (not initialised, already exists),
// 4 the database could not be reached or failed.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/config.h"
#include "store/store.h"

namespace passerelle::cli {

enum Exit { ok = 0, problem = 1, usage = 2, state = 3, store_failed = 4 };

// Opens the store with the deployment's key(s). Throws std::runtime_error with an actionable
// message (missing key file, wrong mode, unreachable database).
std::unique_ptr<store::Store> open_store(const Config& config, std::size_t pool_size = 0);

int run_init(const Config& config);
int run_migrate(const Config& config);
int run_serve(const Config& config);
struct NewUser {
  std::string username, role, display_name, language = "fr", password;
  std::string partner;  // role partner: a partner id or a mechanism code ("" = none)
  bool password_stdin = false;
};
int run_user_add(const Config& config, NewUser user);
int run_user_list(const Config& config);
int run_user_disable(const Config& config, const std::string& username);
int run_user_reset_2fa(const Config& config, const std::string& username);
int run_backup(const Config& config, const std::string& target);
int run_restore(const Config& config, const std::string& source);
int run_audit_verify(const Config& config);
int run_keys_rotate(const Config& config);
int run_retention(const Config& config);
int run_demo(const Config& config, int people, std::uint64_t seed);

// An audit event for an action taken from the command line (no user, no address).
core::AuditEvent cli_event(std::string action, std::string target_type = {},
                           std::string target_id = {});

}  // namespace passerelle::cli
