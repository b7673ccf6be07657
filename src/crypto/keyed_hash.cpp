#include "crypto/keyed_hash.h"

#include <sodium.h>

#include <stdexcept>

namespace passerelle::crypto {

std::string keyed_hash_hex(const Bytes& key, std::string_view data) {
  init();
  if (key.size() < crypto_generichash_KEYBYTES_MIN ||
      key.size() > crypto_generichash_KEYBYTES_MAX) {
    throw std::invalid_argument("keyed_hash_hex: the key must be 16 to 64 bytes");
  }
  Bytes digest(crypto_generichash_BYTES);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), key.data(),
                     key.size());
  return to_hex(digest);
}

std::string hash_hex(std::string_view data) {
  init();
  Bytes digest(crypto_generichash_BYTES);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return to_hex(digest);
}

}  // namespace passerelle::crypto
