#include "crypto/password_hash.h"

#include <sodium.h>

#include <charconv>
#include <optional>
#include <stdexcept>

#include "crypto/secret_bytes.h"

namespace passerelle::crypto {

namespace {

// Current parameters: 64 MiB, 3 passes, 1 lane (libsodium's argon2id always uses p = 1).
constexpr unsigned long long kOpsLimit = 3;
constexpr std::size_t kMemLimitBytes = std::size_t{64} * 1024 * 1024;
constexpr std::string_view kPrefix = "$argon2id$v=19$";

struct Argon2Params {
  unsigned long m_kib = 0;
  unsigned long t = 0;
  unsigned long p = 0;
};

// Reads "key=<digits>" at the front of `s` and advances past it.
bool read_param(std::string_view& s, std::string_view key, unsigned long& value) {
  if (s.substr(0, key.size()) != key || s.size() <= key.size() || s[key.size()] != '=') {
    return false;
  }
  s.remove_prefix(key.size() + 1);
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr == s.data()) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

// Parses "$argon2id$v=19$m=..,t=..,p=..$salt$hash"; nullopt for anything else (including argon2i
// or another version), which then counts as needing a rehash.
std::optional<Argon2Params> parse_argon2id(std::string_view phc) {
  if (phc.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view s = phc.substr(kPrefix.size());
  Argon2Params p;
  if (!read_param(s, "m", p.m_kib) || s.empty() || s[0] != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!read_param(s, "t", p.t) || s.empty() || s[0] != ',') return std::nullopt;
  s.remove_prefix(1);
  if (!read_param(s, "p", p.p) || s.empty() || s[0] != '$') return std::nullopt;
  return p;
}

// libsodium declares its password arguments non-null, even when the length is 0.
const char* non_null(std::string_view s) { return s.empty() ? "" : s.data(); }

}  // namespace

std::string hash_password(std::string_view password) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, non_null(password), password.size(), kOpsLimit, kMemLimitBytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(std::string_view phc, std::string_view password) {
  init();
  // libsodium needs a NUL-terminated string that fits its buffer; anything longer is not ours.
  if (phc.empty() || phc.size() >= crypto_pwhash_STRBYTES) return false;
  if (phc.find('\0') != std::string_view::npos) return false;
  char stored[crypto_pwhash_STRBYTES] = {};
  phc.copy(stored, phc.size());
  return crypto_pwhash_str_verify(stored, non_null(password), password.size()) == 0;
}

bool password_needs_rehash(std::string_view phc) {
  const auto params = parse_argon2id(phc);
  if (!params) return true;
  // Only weaker parameters trigger a rehash: a hash made with stronger settings (say, by a later
  // version) is kept rather than downgraded.
  return params->m_kib * 1024 < kMemLimitBytes || params->t < kOpsLimit || params->p != 1;
}

const std::string& dummy_password_hash() {
  // Thread-safe one-time initialisation (C++11 magic statics); the password is random and dropped.
  static const std::string hash = [] {
    Bytes random = random_bytes(32);
    const std::string password = to_base64url(random);
    wipe(random);
    return hash_password(password);
  }();
  return hash;
}

}  // namespace passerelle::crypto
