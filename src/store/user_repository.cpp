#include "store/user_repository.h"

#include <soci/soci.h>

#include "core/clock.h"
#include "crypto/totp.h"

namespace passerelle::store {
namespace {

constexpr const char* kColumns =
    "id, username, display_name, role, language, password_hash, "
    "CASE WHEN mfa_secret IS NULL THEN 0 ELSE 1 END, disabled, last_login_at, created_at, "
    "updated_at, version, trained_for_minors, partner_id, secret_places";

struct Row {
  std::string id, username, display_name, role, language, password_hash, last_login_at,
      created_at, updated_at, partner_id;
  int mfa = 0, disabled = 0, trained = 0, secret_places = 0;
  long long version = 0;
  soci::indicator last_login_ind = soci::i_null, partner_ind = soci::i_null;
};

template <class Statement>
void bind(Statement& st, Row& r) {
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.username));
  st.exchange(soci::into(r.display_name));
  st.exchange(soci::into(r.role));
  st.exchange(soci::into(r.language));
  st.exchange(soci::into(r.password_hash));
  st.exchange(soci::into(r.mfa));
  st.exchange(soci::into(r.disabled));
  st.exchange(soci::into(r.last_login_at, r.last_login_ind));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.updated_at));
  st.exchange(soci::into(r.version));
  st.exchange(soci::into(r.trained));
  st.exchange(soci::into(r.partner_id, r.partner_ind));
  st.exchange(soci::into(r.secret_places));
}

}  // namespace

static core::User to_user(const Row& r, const Vault& vault) {
  core::User u;
  u.id = r.id;
  u.username = r.username;
  u.display_name = vault.decrypt(r.display_name, "users", "display_name", r.id);
  u.role = r.role;
  u.language = r.language;
  u.password_hash = r.password_hash;
  u.mfa_enabled = r.mfa != 0;
  u.disabled = r.disabled != 0;
  if (r.last_login_ind == soci::i_ok) u.last_login_at = r.last_login_at;
  u.created_at = r.created_at;
  u.updated_at = r.updated_at;
  u.version = r.version;
  u.trained_for_minors = r.trained != 0;
  if (r.partner_ind == soci::i_ok) u.partner_id = r.partner_id;
  u.secret_places = r.secret_places != 0;
  return u;
}

void UserRepository::create(Tx& tx, const core::User& u) const {
  std::string enc = vault_.encrypt(u.display_name, "users", "display_name", u.id);
  int disabled = u.disabled ? 1 : 0, trained = u.trained_for_minors ? 1 : 0,
      secret_places = u.secret_places ? 1 : 0;
  std::string partner = u.partner_id.value_or("");
  soci::indicator partner_ind = u.partner_id ? soci::i_ok : soci::i_null;
  long long version = u.version;
  tx.sql << "INSERT INTO users (id, username, display_name, role, language, password_hash, "
            "disabled, trained_for_minors, partner_id, secret_places, created_at, updated_at, "
            "version) VALUES (:id, :un, :dn, :r, :l, :p, :d, :t, :pa, :sp, :c, :u, :v)",
      soci::use(u.id), soci::use(u.username), soci::use(enc), soci::use(u.role),
      soci::use(u.language), soci::use(u.password_hash), soci::use(disabled), soci::use(trained),
      soci::use(partner, partner_ind), soci::use(secret_places), soci::use(u.created_at),
      soci::use(u.updated_at), soci::use(version);
}

std::optional<core::User> UserRepository::find(Tx& tx, const std::string& id) const {
  Row r;
  soci::statement st(tx.sql);
  bind(st, r);
  st.exchange(soci::use(id));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM users WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return to_user(r, vault_);
}

std::optional<core::User> UserRepository::find_by_username(Tx& tx,
                                                           const std::string& username) const {
  Row r;
  soci::statement st(tx.sql);
  bind(st, r);
  st.exchange(soci::use(username));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM users WHERE username = :u");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return to_user(r, vault_);
}

UserPage UserRepository::list(Tx& tx, const std::string& after, int limit) const {
  UserPage page;
  Row r;
  long long fetch = limit + 1;
  soci::statement st(tx.sql);
  bind(st, r);
  st.exchange(soci::use(after));
  st.exchange(soci::use(fetch));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns +
             " FROM users WHERE username > :after ORDER BY username LIMIT :lim");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = page.items.back().username;
      break;
    }
    page.items.push_back(to_user(r, vault_));
  }
  return page;
}

int UserRepository::count(Tx& tx) const {
  int n = 0;
  tx.sql << "SELECT count(*) FROM users", soci::into(n);
  return n;
}

UpdateOutcome UserRepository::update(Tx& tx, const std::string& id, std::int64_t expected_version,
                                     const UserChanges& c) const {
  auto current = find(tx, id);
  if (!current) return UpdateOutcome::not_found;
  if (current->version != expected_version) return UpdateOutcome::version_conflict;
  core::User u = *current;
  if (c.display_name) u.display_name = *c.display_name;
  if (c.role) u.role = *c.role;
  if (c.language) u.language = *c.language;
  if (c.disabled) u.disabled = *c.disabled;
  if (c.trained_for_minors) u.trained_for_minors = *c.trained_for_minors;
  if (c.secret_places) u.secret_places = *c.secret_places;
  if (c.partner_id) u.partner_id = *c.partner_id;
  std::string enc = vault_.encrypt(u.display_name, "users", "display_name", id);
  std::string now = core::now_iso8601();
  int disabled = u.disabled ? 1 : 0;
  int trained = u.trained_for_minors ? 1 : 0;
  int secret_places = u.secret_places ? 1 : 0;
  std::string partner = u.partner_id.value_or("");
  soci::indicator partner_ind = u.partner_id ? soci::i_ok : soci::i_null;
  long long expected = expected_version;
  soci::statement st = (tx.sql.prepare << "UPDATE users SET display_name = :dn, role = :r, "
                                          "language = :l, disabled = :d, trained_for_minors = :t, "
                                          "partner_id = :pa, secret_places = :sp, updated_at = :u, "
                                          "version = version + 1 WHERE id = :id AND version = :v",
                        soci::use(enc), soci::use(u.role), soci::use(u.language),
                        soci::use(disabled), soci::use(trained), soci::use(partner, partner_ind),
                        soci::use(secret_places), soci::use(now), soci::use(id),
                        soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1 ? UpdateOutcome::updated : UpdateOutcome::version_conflict;
}

void UserRepository::set_password_hash(Tx& tx, const std::string& id,
                                       const std::string& phc) const {
  std::string now = core::now_iso8601();
  tx.sql << "UPDATE users SET password_hash = :p, updated_at = :u, version = version + 1 "
            "WHERE id = :id",
      soci::use(phc), soci::use(now), soci::use(id);
}

void UserRepository::touch_login(Tx& tx, const std::string& id) const {
  std::string now = core::now_iso8601();
  tx.sql << "UPDATE users SET last_login_at = :n WHERE id = :id", soci::use(now), soci::use(id);
}

void UserRepository::set_pending_mfa_secret(Tx& tx, const std::string& id,
                                            const crypto::Bytes& secret) const {
  std::string enc = vault_.encrypt(crypto::to_hex(secret), "users", "mfa_pending_secret", id);
  tx.sql << "UPDATE users SET mfa_pending_secret = :s WHERE id = :id", soci::use(enc),
      soci::use(id);
}

static std::optional<crypto::Bytes> read_secret(Tx& tx, const Vault& vault, const std::string& id,
                                                const char* column) {
  std::string enc;
  soci::indicator ind = soci::i_null;
  tx.sql << std::string("SELECT ") + column + " FROM users WHERE id = :id", soci::into(enc, ind),
      soci::use(id);
  if (!tx.sql.got_data() || ind != soci::i_ok) return std::nullopt;
  crypto::Bytes secret;
  if (!crypto::from_hex(vault.decrypt(enc, "users", column, id), secret)) return std::nullopt;
  return secret;
}

std::optional<crypto::Bytes> UserRepository::pending_mfa_secret(Tx& tx,
                                                                const std::string& id) const {
  return read_secret(tx, vault_, id, "mfa_pending_secret");
}

std::optional<crypto::Bytes> UserRepository::mfa_secret(Tx& tx, const std::string& id) const {
  return read_secret(tx, vault_, id, "mfa_secret");
}

void UserRepository::activate_mfa(Tx& tx, const std::string& id, std::int64_t used_step,
                                  const std::vector<std::string>& codes) const {
  auto pending = pending_mfa_secret(tx, id);
  if (!pending) throw StoreError("no pending second-factor secret");
  std::string enc = vault_.encrypt(crypto::to_hex(*pending), "users", "mfa_secret", id);
  long long step = used_step;
  std::string now = core::now_iso8601();
  tx.sql << "UPDATE users SET mfa_secret = :s, mfa_pending_secret = NULL, mfa_last_step = :st, "
            "updated_at = :u, version = version + 1 WHERE id = :id",
      soci::use(enc), soci::use(step), soci::use(now), soci::use(id);
  tx.sql << "DELETE FROM recovery_codes WHERE user_id = :id", soci::use(id);
  for (const std::string& code : codes) {
    std::string hash = vault_.token_hash("recovery", crypto::normalise_recovery_code(code));
    tx.sql << "INSERT INTO recovery_codes (user_id, code_hash) VALUES (:id, :h)", soci::use(id),
        soci::use(hash);
  }
}

void UserRepository::clear_mfa(Tx& tx, const std::string& id) const {
  std::string now = core::now_iso8601();
  tx.sql << "UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = 0, "
            "updated_at = :u, version = version + 1 WHERE id = :id",
      soci::use(now), soci::use(id);
  tx.sql << "DELETE FROM recovery_codes WHERE user_id = :id", soci::use(id);
}

std::int64_t UserRepository::mfa_last_step(Tx& tx, const std::string& id) const {
  long long step = 0;
  tx.sql << "SELECT mfa_last_step FROM users WHERE id = :id", soci::into(step), soci::use(id);
  return step;
}

bool UserRepository::use_mfa_step(Tx& tx, const std::string& id, std::int64_t step) const {
  long long s = step;
  soci::statement st = (tx.sql.prepare << "UPDATE users SET mfa_last_step = :s WHERE id = :id "
                                          "AND mfa_last_step < :s2",
                        soci::use(s), soci::use(id), soci::use(s));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool UserRepository::use_recovery_code(Tx& tx, const std::string& id,
                                       const std::string& typed) const {
  std::string hash = vault_.token_hash("recovery", crypto::normalise_recovery_code(typed));
  std::string now = core::now_iso8601();
  soci::statement st = (tx.sql.prepare << "UPDATE recovery_codes SET used_at = :n WHERE user_id "
                                          "= :id AND code_hash = :h AND used_at IS NULL",
                        soci::use(now), soci::use(id), soci::use(hash));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace passerelle::store
