#include "crypto/blind_index.h"

#include <sodium.h>

#include <array>

namespace passerelle::crypto {

namespace {

// 8 bytes = 64 bits: enough that unrelated values almost never share a token in one deployment,
// few enough that a token alone says little. Part of the stored format.
constexpr std::size_t kTokenBytes = 8;

void update_with_length(crypto_generichash_state& state, std::string_view part) {
  // Each part is prefixed with its length (8 bytes, little endian) so that ("ab", "c") and
  // ("a", "bc") hash differently: no choice of domain can collide with another domain's values.
  std::array<unsigned char, 8> length{};
  std::uint64_t n = part.size();
  for (auto& byte : length) {
    byte = static_cast<unsigned char>(n & 0xff);
    n >>= 8;
  }
  crypto_generichash_update(&state, length.data(), length.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                            part.size());
}

}  // namespace

BlindIndex::BlindIndex(const MasterKey& key) : key_(key.derive(KeyPurpose::blind_index)) {}

BlindIndex::~BlindIndex() { wipe(key_); }

std::string BlindIndex::token(std::string_view domain, std::string_view value) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_.data(), key_.size(), crypto_generichash_BYTES);
  update_with_length(state, domain);
  update_with_length(state, value);
  Bytes digest(crypto_generichash_BYTES);
  crypto_generichash_final(&state, digest.data(), digest.size());
  sodium_memzero(&state, sizeof state);
  digest.resize(kTokenBytes);  // truncation, as documented: the first 8 bytes
  return to_hex(digest);
}

}  // namespace passerelle::crypto
