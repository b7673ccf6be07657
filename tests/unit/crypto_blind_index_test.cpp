#include <gtest/gtest.h>

#include "crypto/blind_index.h"

namespace passerelle::crypto {
namespace {

Bytes key_0_to_31() {
  Bytes key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// Computed independently in Python: BLAKE2b-256 keyed with the derived blind-index key over
// len64le(domain) | domain | len64le(value) | value, first 8 bytes. Pins the stored format.
TEST(BlindIndex, TokenMatchesTheStoredFormat) {
  const BlindIndex index{MasterKey(key_0_to_31())};
  EXPECT_EQ(index.token("person.name", "t:blesing"), "9721a5107e81152f");
}

TEST(BlindIndex, TokenIsSixteenLowerCaseHexCharactersAndDeterministic) {
  const MasterKey key = MasterKey::generate();
  const BlindIndex a(key);
  const BlindIndex b(key);
  const std::string token = a.token("person.name", "okonkwo");
  EXPECT_EQ(token.size(), 16u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(token, a.token("person.name", "okonkwo"));
  EXPECT_EQ(token, b.token("person.name", "okonkwo"));
}

TEST(BlindIndex, DomainsSeparateEqualValues) {
  const BlindIndex index(MasterKey::generate());
  EXPECT_NE(index.token("person.name", "0612345678"), index.token("person.phone", "0612345678"));
  // Length prefixes: moving a character across the boundary gives another token.
  EXPECT_NE(index.token("ab", "c"), index.token("a", "bc"));
  EXPECT_NE(index.token("", "x"), index.token("x", ""));
}

TEST(BlindIndex, DifferentKeysGiveDifferentTokens) {
  const BlindIndex a(MasterKey::generate());
  const BlindIndex b(MasterKey::generate());
  EXPECT_NE(a.token("person.name", "blessing"), b.token("person.name", "blessing"));
}

TEST(BlindIndex, DifferentValuesGiveDifferentTokens) {
  const BlindIndex index(MasterKey::generate());
  EXPECT_NE(index.token("person.name", "blessing"), index.token("person.name", "blesing"));
}

}  // namespace
}  // namespace passerelle::crypto
