// Sign-in sessions. The cookie value never reaches the database: rows are found by its keyed hash.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/user.h"
#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

class SessionRepository {
 public:
  explicit SessionRepository(const Vault& vault) : vault_(vault) {}

  // Stores a new session for the cookie value `token`.
  void create(Tx& tx, const core::Session& s, const std::string& token) const;
  std::optional<core::Session> find_by_token(Tx& tx, const std::string& token) const;
  std::vector<core::Session> list_for_user(Tx& tx, const std::string& user_id) const;
  void set_state(Tx& tx, const std::string& id, const std::string& state) const;
  void touch(Tx& tx, const std::string& id, std::int64_t now) const;
  // Returns whether a row was deleted. `user_id` restricts to that user's sessions.
  bool remove(Tx& tx, const std::string& id, const std::string& user_id) const;
  int remove_all_for_user(Tx& tx, const std::string& user_id) const;
  int remove_expired(Tx& tx, std::int64_t now, std::int64_t idle_seconds) const;
  std::string token_hash(const std::string& token) const {
    return vault_.token_hash("session", token);
  }

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
