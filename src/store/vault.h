// The keys the store works with, derived from the deployment's master key(s): field encryption,
// blind indexes, session-token hashing and the audit chain.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/blind_index.h"
#include "crypto/field_cipher.h"
#include "crypto/keyring.h"

namespace passerelle::store {

class Vault {
 public:
  // `previous` is set while a rotation is under way (or after one was interrupted): data made
  // with it still decrypts; new data uses `current`.
  explicit Vault(crypto::MasterKey current, std::optional<crypto::MasterKey> previous = {});

  const crypto::MasterKey& current() const { return current_; }
  const crypto::FieldCipher& cipher() const { return *cipher_; }
  const crypto::BlindIndex& blind_index() const { return *blind_index_; }

  std::string encrypt(std::string_view plaintext, std::string_view table, std::string_view column,
                      std::string_view row_id) const;
  // Throws StoreError when the ciphertext does not open (tampered, moved, unknown key).
  std::string decrypt(std::string_view stored, std::string_view table, std::string_view column,
                      std::string_view row_id) const;
  // Keyed hash for values stored only as hashes (session tokens, recovery codes, throttle keys).
  std::string token_hash(std::string_view purpose, std::string_view value) const;
  // Keyed hash chaining the audit log.
  std::string audit_hash(std::string_view data) const;

  // The token and audit keys are random keys kept in the database, wrapped (encrypted) under the
  // master key, so that a master-key rotation re-wraps them instead of breaking every stored
  // hash. Loads them, creating them on first use. Called once by Store::open.
  void load_stable_keys(class Database& db);

 private:
  crypto::MasterKey current_;
  std::optional<crypto::MasterKey> previous_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<crypto::BlindIndex> blind_index_;
  crypto::Bytes token_key_;
  crypto::Bytes audit_key_;
};

}  // namespace passerelle::store
