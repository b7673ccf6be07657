// Keyed BLAKE2b (crypto_generichash) for the audit chain and for session-token storage.
#pragma once

#include <string>
#include <string_view>

#include "crypto/secret_bytes.h"

namespace passerelle::crypto {

// 32-byte keyed BLAKE2b of `data` as 64 lower-case hex characters. `key` 16..64 bytes.
std::string keyed_hash_hex(const Bytes& key, std::string_view data);
// Unkeyed BLAKE2b-256 as hex.
std::string hash_hex(std::string_view data);

}  // namespace passerelle::crypto
