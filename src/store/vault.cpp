#include "store/vault.h"

#include "crypto/keyed_hash.h"
#include <soci/soci.h>

#include "store/database.h"

namespace passerelle::store {

Vault::Vault(crypto::MasterKey current, std::optional<crypto::MasterKey> previous)
    : current_(std::move(current)), previous_(std::move(previous)) {
  cipher_ = std::make_unique<crypto::FieldCipher>(current_, previous_ ? &*previous_ : nullptr);
  blind_index_ = std::make_unique<crypto::BlindIndex>(current_);
}

void Vault::load_stable_keys(Database& db) {
  auto load = [&](const std::string& name, crypto::Bytes& out) {
    std::string stored;
    soci::indicator ind = soci::i_null;
    db.read([&](Tx& tx) {
      tx.sql << "SELECT value FROM settings WHERE name = :n", soci::use(name),
          soci::into(stored, ind);
    });
    if (ind != soci::i_ok) {
      crypto::Bytes fresh = crypto::random_bytes(32);
      db.write([&](Tx& tx) {
        std::string existing;
        soci::indicator again = soci::i_null;
        tx.sql << "SELECT value FROM settings WHERE name = :n", soci::use(name),
            soci::into(existing, again);
        if (again == soci::i_ok) {
          stored = existing;
          return;
        }
        stored = encrypt(crypto::to_hex(fresh), "settings", "value", name);
        tx.sql << "INSERT INTO settings (name, value) VALUES (:n, :v)", soci::use(name),
            soci::use(stored);
      });
    }
    std::string hex = decrypt(stored, "settings", "value", name);
    if (!crypto::from_hex(hex, out) || out.size() != 32)
      throw StoreError("the stored key " + name + " is malformed");
  };
  load("keys.token", token_key_);
  load("keys.audit", audit_key_);
}

std::string Vault::audit_hash(std::string_view data) const {
  return crypto::keyed_hash_hex(audit_key_, data);
}

std::string Vault::encrypt(std::string_view plaintext, std::string_view table,
                           std::string_view column, std::string_view row_id) const {
  return cipher_->encrypt(plaintext, {table, column, row_id});
}

std::string Vault::decrypt(std::string_view stored, std::string_view table,
                           std::string_view column, std::string_view row_id) const {
  auto plain = cipher_->decrypt(stored, {table, column, row_id});
  if (!plain) throw StoreError("an encrypted field did not open (wrong key or tampered data)");
  return *plain;
}

std::string Vault::token_hash(std::string_view purpose, std::string_view value) const {
  std::string data(purpose);
  data += '\0';
  data.append(value);
  return crypto::keyed_hash_hex(token_key_, data);
}

}  // namespace passerelle::store
