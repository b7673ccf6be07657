// Encryption of identifying fields: XChaCha20-Poly1305 (IETF), random 24-byte nonce, associated
// data = "table/column/row id" so a ciphertext cannot be moved to another row or column.
//
// Stored format (then base64url text): 1 byte format version (1) | 4 bytes key id (big endian)
// | 24 bytes nonce | ciphertext + 16-byte tag.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/keyring.h"

namespace passerelle::crypto {

// Associated data that binds a ciphertext to one place.
struct FieldPlace {
  std::string_view table;
  std::string_view column;
  std::string_view row_id;
};

class FieldCipher {
 public:
  // Encrypts with `current`; decrypts with `current` or `previous` (during/after rotation).
  explicit FieldCipher(const MasterKey& current, const MasterKey* previous = nullptr);
  ~FieldCipher();

  // Base64url text of the stored format.
  std::string encrypt(std::string_view plaintext, const FieldPlace& place) const;
  // nullopt when the text is malformed, the key id is unknown, the tag fails, or the associated
  // data differs (moved or tampered ciphertext).
  std::optional<std::string> decrypt(std::string_view stored, const FieldPlace& place) const;
  // Key id named by a stored ciphertext, if well formed.
  static std::optional<std::uint32_t> key_id_of(std::string_view stored);

 private:
  struct Key;
  std::unique_ptr<Key> current_;
  std::unique_ptr<Key> previous_;
};

}  // namespace passerelle::crypto
