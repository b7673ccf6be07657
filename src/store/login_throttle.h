// Failed sign-in counting per account name and per client address (ASVS 2.2.1). Keys are stored
// as keyed hashes, and unknown account names are counted exactly like known ones, so the answer
// never tells whether an account exists.
#pragma once

#include <cstdint>
#include <string>

#include "core/user.h"
#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

class LoginThrottle {
 public:
  LoginThrottle(const Vault& vault, core::ThrottlePolicy policy) : vault_(vault), policy_(policy) {}

  // Seconds the key must still wait (0 when it may try now).
  std::int64_t locked_for(Tx& tx, const std::string& key, std::int64_t now) const;
  // Counts a failure; returns the lock now in force (seconds, 0 if none).
  std::int64_t record_failure(Tx& tx, const std::string& key, std::int64_t now) const;
  void record_success(Tx& tx, const std::string& key) const;
  const core::ThrottlePolicy& policy() const { return policy_; }

 private:
  const Vault& vault_;
  core::ThrottlePolicy policy_;
};

}  // namespace passerelle::store
