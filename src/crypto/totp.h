// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) and recovery
// codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/secret_bytes.h"

namespace passerelle::crypto {

// A new 20-byte secret.
Bytes new_totp_secret();
// RFC 4648 base32 without padding (what authenticator apps take), and back.
std::string base32_encode(const Bytes& b);
bool base32_decode(std::string_view s, Bytes& out);
// otpauth://totp/Passerelle:<account>?secret=...&issuer=Passerelle&algorithm=SHA1&digits=6&period=30
// `account` is percent-encoded.
std::string otpauth_uri(std::string_view account, const Bytes& secret);

// The code for one time (Unix seconds), with `digits` digits (6 or 8).
std::string totp_code(const Bytes& secret, std::int64_t unix_time, int digits = 6);
// If `code` matches the step of `unix_time` or one step either side (clock drift), the matching
// step number (unix_time / 30 ± 1); otherwise nullopt. The caller rejects a step that is not
// greater than the last one used (replay, ASVS 2.8.4).
std::optional<std::int64_t> totp_match(const Bytes& secret, std::string_view code,
                                       std::int64_t unix_time);

// n recovery codes, each "xxxx-xxxx-xxxx" from an alphabet without look-alike characters.
std::vector<std::string> new_recovery_codes(int n = 10);
// Normalises a typed recovery code (case, spaces, dashes) for hashing and comparison.
std::string normalise_recovery_code(std::string_view typed);

}  // namespace passerelle::crypto
