// Blind indexes: keyed BLAKE2b of normalised values, truncated, so equal values can be found
// without storing or scanning plaintext.
#pragma once

#include <string>
#include <string_view>

#include "crypto/keyring.h"

namespace passerelle::crypto {

class BlindIndex {
 public:
  explicit BlindIndex(const MasterKey& key);  // derives KeyPurpose::blind_index
  ~BlindIndex();
  // 8-byte truncated keyed BLAKE2b of (domain, value) as 16 lower-case hex characters. `domain`
  // separates uses (e.g. "person.name", "person.phone") so equal values in two domains differ.
  std::string token(std::string_view domain, std::string_view value) const;

 private:
  Bytes key_;
};

}  // namespace passerelle::crypto
