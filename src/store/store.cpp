#include "store/store.h"

namespace passerelle::store {
namespace {

core::ThrottlePolicy address_policy() {
  core::ThrottlePolicy p;
  p.free_failures = 30;
  p.base_lock_seconds = 60;
  return p;
}

}  // namespace

Store::Store(std::unique_ptr<Database> db, std::unique_ptr<Vault> vault)
    : db_(std::move(db)),
      vault_(std::move(vault)),
      users_(*vault_),
      sessions_(*vault_),
      audit_(*vault_),
      people_(*vault_),
      cases_(*vault_),
      details_(*vault_),
      partners_(*vault_),
      procedures_(*vault_),
      activities_(*vault_),
      account_throttle_(*vault_, core::ThrottlePolicy{}),
      address_throttle_(*vault_, address_policy()) {}

std::unique_ptr<Store> Store::open(std::string_view url, crypto::MasterKey key,
                                   std::optional<crypto::MasterKey> previous,
                                   std::size_t pool_size) {
  auto db = Database::open(url, pool_size);
  db->migrate();
  auto vault = std::make_unique<Vault>(std::move(key), std::move(previous));
  vault->load_stable_keys(*db);
  return std::unique_ptr<Store>(new Store(std::move(db), std::move(vault)));
}

}  // namespace passerelle::store
