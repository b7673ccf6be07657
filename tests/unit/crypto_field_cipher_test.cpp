#include <gtest/gtest.h>

#include <string>

#include "crypto/field_cipher.h"

namespace passerelle::crypto {
namespace {

constexpr FieldPlace kPlace{"person", "given_name", "0190b6e4-7a1c-7cc3-a8f1-3c2d9e4b5a61"};

class FieldCipherTest : public ::testing::Test {
 protected:
  MasterKey key_ = MasterKey::generate();
  FieldCipher cipher_{key_};
};

TEST_F(FieldCipherTest, RoundTripsText) {
  for (const std::string& plain :
       {std::string("Blessing Okonkwo"), std::string(), std::string("Екатерина Ñúñez 王"),
        std::string(10000, 'x'), std::string("nul\0inside", 10)}) {
    const std::string stored = cipher_.encrypt(plain, kPlace);
    EXPECT_EQ(cipher_.decrypt(stored, kPlace), plain);
  }
}

TEST_F(FieldCipherTest, StoredTextIsBase64UrlOfTheDocumentedLayout) {
  const std::string stored = cipher_.encrypt("Ada", kPlace);
  EXPECT_EQ(
      stored.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  Bytes raw;
  ASSERT_TRUE(from_base64url(stored, raw));
  ASSERT_EQ(raw.size(), 1u + 4 + 24 + 3 + 16);
  EXPECT_EQ(raw[0], 1);
  const std::uint32_t id = (std::uint32_t{raw[1]} << 24) | (std::uint32_t{raw[2]} << 16) |
                           (std::uint32_t{raw[3]} << 8) | raw[4];
  EXPECT_EQ(id, key_.id());
  EXPECT_EQ(FieldCipher::key_id_of(stored), key_.id());
  EXPECT_EQ(stored.find("Ada"), std::string::npos);
}

TEST_F(FieldCipherTest, EncryptingTwiceGivesDifferentCiphertexts) {
  EXPECT_NE(cipher_.encrypt("Ada", kPlace), cipher_.encrypt("Ada", kPlace));
}

TEST_F(FieldCipherTest, FlippingAnyBitOfAnyByteIsRejected) {
  const std::string stored = cipher_.encrypt("Chiamaka Eze", kPlace);
  Bytes raw;
  ASSERT_TRUE(from_base64url(stored, raw));
  for (std::size_t i = 0; i < raw.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes tampered = raw;
      tampered[i] ^= static_cast<std::uint8_t>(1u << bit);
      EXPECT_EQ(cipher_.decrypt(to_base64url(tampered), kPlace), std::nullopt)
          << "byte " << i << " bit " << bit;
    }
  }
}

TEST_F(FieldCipherTest, TruncatedOrExtendedCiphertextIsRejected) {
  const std::string stored = cipher_.encrypt("Chiamaka Eze", kPlace);
  Bytes raw;
  ASSERT_TRUE(from_base64url(stored, raw));
  for (std::size_t n = 0; n < raw.size(); ++n) {
    const Bytes shorter(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(cipher_.decrypt(to_base64url(shorter), kPlace), std::nullopt) << n;
  }
  Bytes longer = raw;
  longer.push_back(0);
  EXPECT_EQ(cipher_.decrypt(to_base64url(longer), kPlace), std::nullopt);
}

TEST_F(FieldCipherTest, MalformedTextIsRejected) {
  EXPECT_EQ(cipher_.decrypt("", kPlace), std::nullopt);
  EXPECT_EQ(cipher_.decrypt("not base64 at all!", kPlace), std::nullopt);
  EXPECT_EQ(cipher_.decrypt(std::string(100, 'A'), kPlace), std::nullopt);
  EXPECT_EQ(FieldCipher::key_id_of("!!"), std::nullopt);
  EXPECT_EQ(FieldCipher::key_id_of("AQID"), std::nullopt);  // too short
}

TEST_F(FieldCipherTest, CiphertextMovedToAnotherPlaceIsRejected) {
  const std::string stored = cipher_.encrypt("Blessing", kPlace);
  EXPECT_EQ(
      cipher_.decrypt(stored, {"person", "given_name", "0190b6e4-0000-7cc3-a8f1-3c2d9e4b5a61"}),
      std::nullopt);
  EXPECT_EQ(cipher_.decrypt(stored, {"person", "family_name", kPlace.row_id}), std::nullopt);
  EXPECT_EQ(cipher_.decrypt(stored, {"contact", "given_name", kPlace.row_id}), std::nullopt);
  EXPECT_EQ(cipher_.decrypt(stored, kPlace), "Blessing");
}

TEST_F(FieldCipherTest, PlacePartsCannotBeShiftedAcrossTheirBoundaries) {
  // Joined with '/', these two places would be the same string "a/b/c/d".
  const std::string stored = cipher_.encrypt("x", {"a/b", "c", "d"});
  EXPECT_EQ(cipher_.decrypt(stored, {"a", "b/c", "d"}), std::nullopt);
  EXPECT_EQ(cipher_.decrypt(stored, {"a/b", "c", "d"}), "x");
}

TEST_F(FieldCipherTest, UnknownKeyIdIsRejected) {
  const MasterKey other = MasterKey::generate();
  const FieldCipher other_cipher(other);
  const std::string stored = other_cipher.encrypt("Blessing", kPlace);
  EXPECT_EQ(FieldCipher::key_id_of(stored), other.id());
  EXPECT_EQ(cipher_.decrypt(stored, kPlace), std::nullopt);
}

TEST(FieldCipherRotation, DecryptsWithThePreviousKeyAndEncryptsWithTheCurrent) {
  const MasterKey old_key = MasterKey::generate();
  const MasterKey new_key = MasterKey::generate();
  const std::string old_stored = FieldCipher(old_key).encrypt("Osagie", kPlace);

  const FieldCipher rotating(new_key, &old_key);
  EXPECT_EQ(rotating.decrypt(old_stored, kPlace), "Osagie");
  const std::string new_stored = rotating.encrypt("Osagie", kPlace);
  EXPECT_EQ(FieldCipher::key_id_of(new_stored), new_key.id());
  EXPECT_EQ(rotating.decrypt(new_stored, kPlace), "Osagie");

  // Once rotation is over and the old key is gone, old ciphertexts no longer open.
  const FieldCipher after(new_key);
  EXPECT_EQ(after.decrypt(new_stored, kPlace), "Osagie");
  EXPECT_EQ(after.decrypt(old_stored, kPlace), std::nullopt);
  // And the old key alone cannot read what was re-encrypted.
  EXPECT_EQ(FieldCipher(old_key).decrypt(new_stored, kPlace), std::nullopt);
}

}  // namespace
}  // namespace passerelle::crypto
