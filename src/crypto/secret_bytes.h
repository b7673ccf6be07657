// Byte buffers for keys and ciphertexts. Keys are wiped on destruction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::crypto {

using Bytes = std::vector<std::uint8_t>;

// Initialises libsodium once; safe to call many times from any thread. Throws on failure.
void init();

// n cryptographically random bytes.
Bytes random_bytes(std::size_t n);
// Lower-case hex of bytes, and back (returns false on bad hex).
std::string to_hex(const Bytes& b);
bool from_hex(std::string_view hex, Bytes& out);
// URL-safe base64 without padding, and back.
std::string to_base64url(const Bytes& b);
bool from_base64url(std::string_view s, Bytes& out);
// Constant-time comparison of two equal-length strings (false if lengths differ).
bool equal_constant_time(std::string_view a, std::string_view b);
// Zeroes the buffer (sodium_memzero).
void wipe(Bytes& b);

}  // namespace passerelle::crypto
