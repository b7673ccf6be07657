// The deployment's master keys and the per-purpose keys derived from them.
//
// One master key (32 bytes) is active; during `passerelle keys rotate` a second ("next") key
// exists until every ciphertext has been re-encrypted. Every ciphertext and blind index names the
// key it was made with through a 4-byte key id (the first 4 bytes of BLAKE2b(master key)), so the
// ring can decrypt with either key while a rotation is under way or after a crash mid-rotation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/secret_bytes.h"

namespace passerelle::crypto {

// Purposes of derived keys. The numeric values are part of the stored format: never renumber.
enum class KeyPurpose : std::uint64_t {
  field_encryption = 1,  // XChaCha20-Poly1305 on identifying fields
  blind_index = 2,       // keyed BLAKE2b over normalised name tokens, phones, ...
  audit_chain = 3,       // keyed BLAKE2b chaining the audit log
  session_token = 4,     // keyed hash of session ids stored in the database
  totp_secret = 5,       // reserved (TOTP secrets are encrypted with field_encryption today)
  backup_file = 6,       // crypto_secretstream over backup files
};

class MasterKey {
 public:
  explicit MasterKey(Bytes key);  // must be 32 bytes, throws std::invalid_argument otherwise
  ~MasterKey();
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  MasterKey(MasterKey&&) noexcept;
  MasterKey& operator=(MasterKey&&) noexcept;

  // 4-byte identifier, stored beside data made with this key.
  std::uint32_t id() const { return id_; }
  // A 32-byte subkey for the purpose (crypto_kdf_derive_from_key, context "passerel").
  Bytes derive(KeyPurpose purpose) const;

  static MasterKey generate();
  // Reads a key file: 64 hex characters (whitespace around is ignored). Refuses a file that is
  // readable or writable by group or others. Throws std::runtime_error with an actionable message.
  static MasterKey load_file(const std::filesystem::path& path);
  // Writes the key as hex to a new file with mode 0600 (O_EXCL: refuses to overwrite), fsyncs it.
  void save_file(const std::filesystem::path& path) const;
  // Derives a master key from a passphrase with argon2id (opslimit MODERATE, memlimit MODERATE)
  // and the given 16-byte salt.
  static MasterKey from_passphrase(std::string_view passphrase, const Bytes& salt);

 private:
  Bytes key_;
  std::uint32_t id_ = 0;
};

}  // namespace passerelle::crypto
