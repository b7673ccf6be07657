#include "core/password_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace passerelle::core {
namespace {

// Words people pad with digits and symbols to reach a length rule. A password whose letters,
// once the digits and symbols around them are stripped, are one of these is refused: length
// alone does not make "Password12345!" strong.
constexpr std::array<std::string_view, 64> kCommonWords = {
    "password",  "passw0rd",  "motdepasse", "azerty",    "qwerty",     "qwertz",   "iloveyou",
    "jetaime",   "sunshine",  "football",   "welcome",   "bienvenue",  "admin",    "administrator",
    "passerelle", "letmein",  "dragon",     "monkey",    "princess",   "soleil",   "bonjour",
    "loulou",    "chocolat",  "doudou",     "marseille", "paris",      "france",   "nigeria",
    "lagos",     "abc",       "abcdef",     "changeme",  "secret",     "master",   "shadow",
    "superman",  "batman",    "trustno",    "baseball",  "starwars",   "whatever", "freedom",
    "charlie",   "jordan",    "michael",    "jennifer",  "hunter",     "ninja",    "mustang",
    "access",    "login",     "hello",      "test",      "testing",    "user",     "guest",
    "root",      "default",   "summer",     "winter",    "autumn",     "spring",   "coucou",
    "qazwsx"};

// Whole passwords of twelve or more characters that appear in public breach lists.
constexpr std::array<std::string_view, 24> kCommonLong = {
    "123456789012",     "1234567890123",    "12345678901234",  "123456123456",
    "111111111111",     "000000000000",     "123123123123",    "qwertyuiopas",
    "qwertyuiopasdf",   "azertyuiopqs",     "azertyuiopqsdf",  "1q2w3e4r5t6y",
    "1qaz2wsx3edc",     "qazwsxedcrfv",     "zaq12wsxcde3",    "abcdefghijkl",
    "abc123abc123",     "iloveyouiloveyou", "passwordpassword", "987654321098",
    "qwerty123456",     "azerty123456",     "password123456",  "aaaaaaaaaaaa"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Number of code points, or -1 when the bytes are not valid UTF-8.
long utf8_length(std::string_view s) {
  long n = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return -1;
    i += len;
    ++n;
  }
  return n;
}

bool is_single_repeated_or_sequence(std::string_view s) {
  if (s.size() < 2) return true;
  bool same = std::all_of(s.begin(), s.end(), [&](char c) { return c == s[0]; });
  bool up = true, down = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    up = up && s[i] == s[i - 1] + 1;
    down = down && s[i] == s[i - 1] - 1;
  }
  return same || up || down;
}

bool is_common(std::string_view password) {
  std::string low = lower_ascii(password);
  if (std::find(kCommonLong.begin(), kCommonLong.end(), low) != kCommonLong.end()) return true;
  if (is_single_repeated_or_sequence(low)) return true;
  // Letters of the password with digits and symbols removed from both ends and between repeats.
  std::string letters;
  for (char c : low)
    if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
  if (letters.empty()) {
    // Only digits and symbols: common unless long and varied (e.g. a diceware of digits is rare).
    std::set<char> distinct(low.begin(), low.end());
    return distinct.size() < 6;
  }
  for (std::string_view w : kCommonWords) {
    if (letters == w) return true;
    // The same word repeated ("passwordpassword") or with a single letter around it.
    if (letters.size() % w.size() == 0) {
      bool repeat = true;
      for (std::size_t i = 0; i < letters.size(); i += w.size())
        repeat = repeat && letters.compare(i, w.size(), w) == 0;
      if (repeat) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view message_key(PasswordProblem p) {
  switch (p) {
    case PasswordProblem::too_short: return "password.too_short";
    case PasswordProblem::too_long: return "password.too_long";
    case PasswordProblem::common: return "password.common";
    case PasswordProblem::contains_username: return "password.contains_username";
    case PasswordProblem::not_utf8: return "password.not_utf8";
  }
  return "password.invalid";
}

std::vector<PasswordProblem> check_password(std::string_view password, std::string_view username) {
  std::vector<PasswordProblem> problems;
  long length = utf8_length(password);
  if (length < 0) return {PasswordProblem::not_utf8};
  if (length < 12) problems.push_back(PasswordProblem::too_short);
  if (length > 128) problems.push_back(PasswordProblem::too_long);
  if (is_common(password)) problems.push_back(PasswordProblem::common);
  if (username.size() >= 3 && lower_ascii(password).find(lower_ascii(username)) != std::string::npos)
    problems.push_back(PasswordProblem::contains_username);
  return problems;
}

}  // namespace passerelle::core
