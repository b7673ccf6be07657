#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>
#include <regex>
#include <string>

#include "crypto/password_hash.h"

namespace passerelle::crypto {
namespace {

struct PhcParameters {
  std::string algorithm;
  long version = 0;
  long m_kib = 0;
  long t = 0;
  long p = 0;
};

// Reads the parameters back from the stored string itself, independently of the implementation.
PhcParameters parse_phc(const std::string& phc) {
  static const std::regex kPhc(
      R"(^\$(argon2id|argon2i)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$)");
  std::smatch m;
  if (!std::regex_match(phc, m, kPhc)) return {};
  return {m[1], std::stol(m[2]), std::stol(m[3]), std::stol(m[4]), std::stol(m[5])};
}

std::string sodium_hash(const char* password, unsigned long long ops, std::size_t mem, int alg) {
  char out[crypto_pwhash_STRBYTES];
  EXPECT_EQ(crypto_pwhash_str_alg(out, password, std::strlen(password), ops, mem, alg), 0);
  return out;
}

TEST(PasswordHash, StoredStringIsArgon2idWithAtLeastTheAsvsParameters) {
  const std::string phc = hash_password("correct horse battery staple");
  const PhcParameters params = parse_phc(phc);
  EXPECT_EQ(params.algorithm, "argon2id") << phc;
  EXPECT_EQ(params.version, 19);
  EXPECT_GE(params.m_kib, 19456);  // ASVS 5 11.4.2: m >= 19 MiB
  EXPECT_GE(params.t, 2);
  EXPECT_EQ(params.p, 1);
  // What the header promises today.
  EXPECT_EQ(params.m_kib, 65536);
  EXPECT_EQ(params.t, 3);
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const std::string phc = hash_password("correct horse battery staple");
  EXPECT_TRUE(verify_password(phc, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(phc, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(phc, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(phc, ""));
  EXPECT_FALSE(verify_password(phc, std::string_view{}));
}

TEST(PasswordHash, SamePasswordGetsADifferentSaltEachTime) {
  EXPECT_NE(hash_password("same password here"), hash_password("same password here"));
}

TEST(PasswordHash, HandlesUnicodeAndEmbeddedNulPasswords) {
  const std::string with_nul("abc\0def-ghijkl", 14);
  const std::string phc = hash_password(with_nul);
  EXPECT_TRUE(verify_password(phc, with_nul));
  EXPECT_FALSE(verify_password(phc, "abc"));  // no truncation at the NUL
  const std::string unicode = hash_password("mot de passe très sûr — Ω");
  EXPECT_TRUE(verify_password(unicode, "mot de passe très sûr — Ω"));
}

TEST(PasswordHash, MalformedStoredStringsNeverVerify) {
  const std::string phc = hash_password("correct horse battery staple");
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=65536,t=3,p=1$", "x"));
  EXPECT_FALSE(verify_password(phc + std::string(200, 'A'), "correct horse battery staple"));
  EXPECT_FALSE(verify_password(phc.substr(0, phc.size() - 1), "correct horse battery staple"));
  EXPECT_FALSE(
      verify_password(std::string(phc).insert(10, 1, '\0'), "correct horse battery staple"));
}

TEST(PasswordHash, CurrentHashDoesNotNeedRehash) {
  EXPECT_FALSE(password_needs_rehash(hash_password("correct horse battery staple")));
}

TEST(PasswordHash, WeakerOrOtherAlgorithmHashesNeedRehashAndStillVerify) {
  const std::string weaker =
      sodium_hash("pw-123456789", 2, 19456u * 1024, crypto_pwhash_ALG_ARGON2ID13);
  EXPECT_TRUE(password_needs_rehash(weaker));
  EXPECT_TRUE(verify_password(weaker, "pw-123456789"));
  const std::string argon2i =
      sodium_hash("pw-123456789", 3, 65536u * 1024, crypto_pwhash_ALG_ARGON2I13);
  EXPECT_TRUE(password_needs_rehash(argon2i));
  EXPECT_TRUE(password_needs_rehash("garbage"));
  EXPECT_TRUE(password_needs_rehash(""));
}

TEST(PasswordHash, StrongerHashIsNotDowngraded) {
  const std::string stronger =
      sodium_hash("pw-123456789", 4, 65536u * 1024, crypto_pwhash_ALG_ARGON2ID13);
  EXPECT_FALSE(password_needs_rehash(stronger));
}

TEST(PasswordHash, DummyHashIsAStableCurrentHashThatMatchesNoCommonPassword) {
  const std::string& dummy = dummy_password_hash();
  EXPECT_EQ(&dummy, &dummy_password_hash());
  EXPECT_EQ(parse_phc(dummy).algorithm, "argon2id");
  EXPECT_FALSE(password_needs_rehash(dummy));
  EXPECT_FALSE(verify_password(dummy, ""));
  EXPECT_FALSE(verify_password(dummy, "password1234"));
}

}  // namespace
}  // namespace passerelle::crypto
