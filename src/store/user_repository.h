// Users: create, find, list, update with version check; 2FA secrets and recovery codes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/user.h"
#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

struct UserPage {
  std::vector<core::User> items;
  std::optional<std::string> next;  // cursor: the last username of the page
};

// Fields a PATCH may change; unset fields stay as they are.
struct UserChanges {
  std::optional<std::string> display_name, role, language;
  std::optional<bool> disabled, trained_for_minors, secret_places;
  // Unset: unchanged; set to std::optional<std::string>{} (an empty optional): cleared.
  std::optional<std::optional<std::string>> partner_id;
};

enum class UpdateOutcome { updated, not_found, version_conflict };

class UserRepository {
 public:
  explicit UserRepository(const Vault& vault) : vault_(vault) {}

  // Inserts; the caller has checked that the username is free (in the same transaction).
  void create(Tx& tx, const core::User& user) const;
  std::optional<core::User> find(Tx& tx, const std::string& id) const;
  std::optional<core::User> find_by_username(Tx& tx, const std::string& username) const;
  // Ordered by username, `after` exclusive.
  UserPage list(Tx& tx, const std::string& after, int limit) const;
  int count(Tx& tx) const;
  // Applies `changes` when the stored version equals `expected_version`; bumps the version.
  UpdateOutcome update(Tx& tx, const std::string& id, std::int64_t expected_version,
                       const UserChanges& changes) const;
  void set_password_hash(Tx& tx, const std::string& id, const std::string& phc) const;
  void touch_login(Tx& tx, const std::string& id) const;

  // 2FA. The pending secret is kept until the user proves she can read it.
  void set_pending_mfa_secret(Tx& tx, const std::string& id, const crypto::Bytes& secret) const;
  std::optional<crypto::Bytes> pending_mfa_secret(Tx& tx, const std::string& id) const;
  std::optional<crypto::Bytes> mfa_secret(Tx& tx, const std::string& id) const;
  void activate_mfa(Tx& tx, const std::string& id, std::int64_t used_step,
                    const std::vector<std::string>& recovery_codes) const;
  void clear_mfa(Tx& tx, const std::string& id) const;
  std::int64_t mfa_last_step(Tx& tx, const std::string& id) const;
  // Records a used step; false when it is not newer than the last one (a replayed code).
  bool use_mfa_step(Tx& tx, const std::string& id, std::int64_t step) const;
  // Marks a recovery code used; false when unknown or already used.
  bool use_recovery_code(Tx& tx, const std::string& id, const std::string& typed) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
