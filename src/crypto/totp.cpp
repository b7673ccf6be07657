#include "crypto/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>

namespace passerelle::crypto {

namespace {

constexpr std::int64_t kStepSeconds = 30;
constexpr std::size_t kSecretBytes = 20;  // RFC 4226 recommends 160 bits for HMAC-SHA1
constexpr int kDigits = 6;
constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Recovery-code alphabet: lower case without 0/o, 1/l/i, which people misread and mistype.
// 31 symbols, 12 per code: about 59 bits each, ample for a single-use code behind throttling.
constexpr std::string_view kRecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
constexpr int kRecoveryGroups = 3;
constexpr int kRecoveryGroupLength = 4;

void init_oath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not be initialised");
  });
}

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';  // apps and people use either case
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Bytes new_totp_secret() { return random_bytes(kSecretBytes); }

std::string base32_encode(const Bytes& b) {
  std::string out;
  out.reserve((b.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t byte : b) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

bool base32_decode(std::string_view s, Bytes& out) {
  // Trailing '=' padding is tolerated (some tools add it); anything else must be the alphabet.
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  // 1, 3 or 6 characters left over cannot come from whole bytes.
  const std::size_t tail = s.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) return false;
  Bytes decoded;
  decoded.reserve(s.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : s) {
    const int v = base32_value(c);
    if (v < 0) {
      wipe(decoded);
      return false;
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      decoded.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  // Left-over bits must be zero, so every byte string has exactly one accepted encoding.
  if ((buffer & ((1u << bits) - 1)) != 0) {
    wipe(decoded);
    return false;
  }
  wipe(out);
  out = std::move(decoded);
  return true;
}

std::string otpauth_uri(std::string_view account, const Bytes& secret) {
  std::string label;
  for (const char c : account) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      label.push_back(c);
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      label.push_back('%');
      label.push_back(kHex[u >> 4]);
      label.push_back(kHex[u & 0x0f]);
    }
  }
  return "otpauth://totp/Passerelle:" + label + "?secret=" + base32_encode(secret) +
         "&issuer=Passerelle&algorithm=SHA1&digits=6&period=30";
}

std::string totp_code(const Bytes& secret, std::int64_t unix_time, int digits) {
  if (digits != 6 && digits != 8) throw std::invalid_argument("totp_code: digits must be 6 or 8");
  if (unix_time < 0) throw std::invalid_argument("totp_code: time before 1970");
  if (secret.empty()) throw std::invalid_argument("totp_code: empty secret");
  init_oath();
  std::array<char, 9> code{};
  const int rc = oath_totp_generate(
      reinterpret_cast<const char*>(secret.data()), secret.size(), static_cast<time_t>(unix_time),
      kStepSeconds, OATH_TOTP_DEFAULT_START_TIME, static_cast<unsigned>(digits), code.data());
  if (rc != OATH_OK) throw std::runtime_error("TOTP generation failed");
  return std::string(code.data(), static_cast<std::size_t>(digits));
}

std::optional<std::int64_t> totp_match(const Bytes& secret, std::string_view code,
                                       std::int64_t unix_time) {
  if (secret.empty() || unix_time < 0) return std::nullopt;
  if (code.size() != kDigits) return std::nullopt;
  for (const char c : code) {
    if (!is_ascii_digit(c)) return std::nullopt;
  }
  const std::int64_t step = unix_time / kStepSeconds;
  std::optional<std::int64_t> matched;
  // All three candidates are computed and compared in constant time, so the time taken does not
  // tell which step (if any) matched.
  for (std::int64_t candidate = step - 1; candidate <= step + 1; ++candidate) {
    if (candidate < 0) continue;
    const std::string expected = totp_code(secret, candidate * kStepSeconds, kDigits);
    if (equal_constant_time(expected, code) && !matched) matched = candidate;
  }
  return matched;
}

std::vector<std::string> new_recovery_codes(int n) {
  init();
  std::vector<std::string> codes;
  if (n <= 0) return codes;
  codes.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::string code;
    for (int g = 0; g < kRecoveryGroups; ++g) {
      if (g > 0) code.push_back('-');
      for (int k = 0; k < kRecoveryGroupLength; ++k) {
        // randombytes_uniform avoids modulo bias.
        code.push_back(kRecoveryAlphabet[randombytes_uniform(
            static_cast<std::uint32_t>(kRecoveryAlphabet.size()))]);
      }
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string normalise_recovery_code(std::string_view typed) {
  // Separators (spaces, dashes, underscores) are dropped and ASCII letters lower-cased:
  // "ABCD EFGH-JKMN", "abcd-efgh-jkmn" and "abcdefghjkmn" are the same code. Any other character
  // is kept, so that garbage stays garbage and can never normalise into a valid code.
  std::string out;
  out.reserve(typed.size());
  for (const char c : typed) {
    if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r' || c == '_') continue;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace passerelle::crypto
