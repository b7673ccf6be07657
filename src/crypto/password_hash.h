// Password storage: argon2id in PHC string format (crypto_pwhash_str), m = 64 MiB, t = 3, p = 1
// (above ASVS 5 11.4.2's m >= 19 MiB, t >= 2).
#pragma once

#include <string>
#include <string_view>

namespace passerelle::crypto {

// PHC string "$argon2id$v=19$m=65536,t=3,p=1$...". Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password);
// True when the password matches the PHC string. Constant time in the password.
bool verify_password(std::string_view phc, std::string_view password);
// True when the stored hash uses weaker parameters than the current ones (rehash at next login).
bool password_needs_rehash(std::string_view phc);
// A hash of a random password, computed once: verified against on unknown user names so that the
// answer takes the same time (ASVS 2.2.1 / 6.3.8).
const std::string& dummy_password_hash();

}  // namespace passerelle::crypto
