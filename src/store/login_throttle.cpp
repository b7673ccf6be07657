#include "store/login_throttle.h"

#include <soci/soci.h>

namespace passerelle::store {

std::int64_t LoginThrottle::locked_for(Tx& tx, const std::string& key, std::int64_t now) const {
  std::string hash = vault_.token_hash("throttle", key);
  long long locked_until = 0;
  tx.sql << "SELECT locked_until FROM login_throttle WHERE key_hash = :h", soci::use(hash),
      soci::into(locked_until);
  if (!tx.sql.got_data()) return 0;
  return locked_until > now ? locked_until - now : 0;
}

std::int64_t LoginThrottle::record_failure(Tx& tx, const std::string& key,
                                           std::int64_t now) const {
  std::string hash = vault_.token_hash("throttle", key);
  int failures = 0;
  long long last = 0;
  tx.sql << "SELECT failures, last_failure_at FROM login_throttle WHERE key_hash = :h",
      soci::use(hash), soci::into(failures), soci::into(last);
  bool exists = tx.sql.got_data();
  if (exists && now - last > policy_.forget_after_seconds) failures = 0;
  ++failures;
  long long lock = policy_.lock_for(failures);
  long long locked_until = lock ? now + lock : 0;
  long long n = now;
  if (exists) {
    tx.sql << "UPDATE login_throttle SET failures = :f, last_failure_at = :n, locked_until = :l "
              "WHERE key_hash = :h",
        soci::use(failures), soci::use(n), soci::use(locked_until), soci::use(hash);
  } else {
    tx.sql << "INSERT INTO login_throttle (key_hash, failures, last_failure_at, locked_until) "
              "VALUES (:h, :f, :n, :l)",
        soci::use(hash), soci::use(failures), soci::use(n), soci::use(locked_until);
  }
  return lock;
}

void LoginThrottle::record_success(Tx& tx, const std::string& key) const {
  std::string hash = vault_.token_hash("throttle", key);
  tx.sql << "DELETE FROM login_throttle WHERE key_hash = :h", soci::use(hash);
}

}  // namespace passerelle::store
