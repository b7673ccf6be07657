#include <gtest/gtest.h>

#include "crypto/secret_bytes.h"

namespace passerelle::crypto {
namespace {

TEST(SecretBytes, RandomBytesHaveTheRequestedLengthAndDiffer) {
  const Bytes a = random_bytes(32);
  const Bytes b = random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(random_bytes(0).empty());
}

TEST(SecretBytes, HexRoundTripsAndIsLowerCase) {
  const Bytes bytes = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(bytes), "0001abff");
  Bytes back;
  ASSERT_TRUE(from_hex("0001ABff", back));
  EXPECT_EQ(back, bytes);
}

TEST(SecretBytes, FromHexRejectsMalformedInputAndLeavesOutputAlone) {
  Bytes out = {7};
  EXPECT_FALSE(from_hex("abc", out));    // odd length
  EXPECT_FALSE(from_hex("zz", out));     // not hex
  EXPECT_FALSE(from_hex("ab cd", out));  // embedded space
  EXPECT_FALSE(from_hex("abcd ", out));
  EXPECT_EQ(out, Bytes{7});
  EXPECT_TRUE(from_hex("", out));
  EXPECT_TRUE(out.empty());
}

TEST(SecretBytes, Base64UrlIsUnpaddedUrlSafeAndRoundTrips) {
  const Bytes bytes = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(to_base64url(bytes), "-__-");
  EXPECT_EQ(to_base64url(Bytes{'f'}), "Zg");
  EXPECT_EQ(to_base64url(Bytes{'f', 'o'}), "Zm8");
  for (std::size_t n = 0; n < 40; ++n) {
    const Bytes data = random_bytes(n);
    Bytes back;
    ASSERT_TRUE(from_base64url(to_base64url(data), back)) << n;
    EXPECT_EQ(back, data);
  }
}

TEST(SecretBytes, FromBase64UrlRejectsOtherAlphabetsPaddingAndGarbage) {
  Bytes out;
  EXPECT_FALSE(from_base64url("+//+", out));  // standard alphabet
  EXPECT_FALSE(from_base64url("Zg==", out));  // padding
  EXPECT_FALSE(from_base64url("Z", out));     // impossible length
  EXPECT_FALSE(from_base64url("Zh", out));    // non-zero left-over bits (non-canonical)
  EXPECT_FALSE(from_base64url("Zg\n", out));
}

TEST(SecretBytes, EqualConstantTimeComparesContentAndLength) {
  EXPECT_TRUE(equal_constant_time("123456", "123456"));
  EXPECT_FALSE(equal_constant_time("123456", "123457"));
  EXPECT_FALSE(equal_constant_time("12345", "123456"));
  EXPECT_TRUE(equal_constant_time("", ""));
}

TEST(SecretBytes, WipeZeroesTheBuffer) {
  Bytes key = {1, 2, 3, 4};
  wipe(key);
  EXPECT_EQ(key, (Bytes{0, 0, 0, 0}));
}

}  // namespace
}  // namespace passerelle::crypto
