#include <gtest/gtest.h>

#include <stdexcept>

#include "crypto/keyed_hash.h"

namespace passerelle::crypto {
namespace {

Bytes key_0_to_31() {
  Bytes key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// Expected values computed independently with Python's hashlib.blake2b(digest_size=32).
TEST(KeyedHash, UnkeyedHashMatchesBlake2b256) {
  EXPECT_EQ(hash_hex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(hash_hex("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(KeyedHash, KeyedHashMatchesBlake2b256WithKey) {
  EXPECT_EQ(keyed_hash_hex(key_0_to_31(), "audit entry 1"),
            "4b71adf8fa4130a5c9aac0791e306fee900749287187faab13f4ffc0b21c11ba");
}

TEST(KeyedHash, DifferentKeysOrDataGiveDifferentHashes) {
  Bytes other = key_0_to_31();
  other[0] ^= 1;
  EXPECT_NE(keyed_hash_hex(key_0_to_31(), "x"), keyed_hash_hex(other, "x"));
  EXPECT_NE(keyed_hash_hex(key_0_to_31(), "x"), keyed_hash_hex(key_0_to_31(), "y"));
  EXPECT_NE(keyed_hash_hex(key_0_to_31(), "x"), hash_hex("x"));
}

TEST(KeyedHash, RejectsKeysOutsideSixteenToSixtyFourBytes) {
  EXPECT_THROW(keyed_hash_hex(Bytes(15, 1), "x"), std::invalid_argument);
  EXPECT_THROW(keyed_hash_hex(Bytes(65, 1), "x"), std::invalid_argument);
  EXPECT_NO_THROW(keyed_hash_hex(Bytes(16, 1), "x"));
  EXPECT_NO_THROW(keyed_hash_hex(Bytes(64, 1), "x"));
}

}  // namespace
}  // namespace passerelle::crypto
