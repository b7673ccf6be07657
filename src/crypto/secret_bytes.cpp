#include "crypto/secret_bytes.h"

#include <sodium.h>

#include <stdexcept>

namespace passerelle::crypto {

void init() {
  // sodium_init() is itself thread-safe and idempotent (returns 1 when already done); the static
  // only saves the call on hot paths.
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    return true;
  }();
  (void)ready;
}

Bytes random_bytes(std::size_t n) {
  init();
  Bytes out(n);
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string to_hex(const Bytes& b) {
  std::string out(b.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
  out.resize(b.size() * 2);
  return out;
}

bool from_hex(std::string_view hex, Bytes& out) {
  if (hex.size() % 2 != 0) return false;
  if (hex.empty()) {  // libsodium wants a non-null output buffer even for nothing
    wipe(out);
    out.clear();
    return true;
  }
  Bytes decoded(hex.size() / 2);
  std::size_t len = 0;
  const char* end = nullptr;
  // No characters are ignored, and the whole input must be consumed: "ab cd" or "abzz" fail.
  if (sodium_hex2bin(decoded.data(), decoded.size(), hex.data(), hex.size(), nullptr, &len, &end) !=
          0 ||
      end != hex.data() + hex.size() || len != decoded.size()) {
    wipe(decoded);
    return false;
  }
  wipe(out);
  out = std::move(decoded);
  return true;
}

std::string to_base64url(const Bytes& b) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(b.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), kVariant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

bool from_base64url(std::string_view s, Bytes& out) {
  // Decoded size is at most 3/4 of the input; +3 covers the unpadded tail.
  Bytes decoded(s.size() / 4 * 3 + 3);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(decoded.data(), decoded.size(), s.data(), s.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != s.data() + s.size()) {
    wipe(decoded);
    return false;
  }
  decoded.resize(len);
  wipe(out);
  out = std::move(decoded);
  return true;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(Bytes& b) {
  if (!b.empty()) sodium_memzero(b.data(), b.size());
}

}  // namespace passerelle::crypto
