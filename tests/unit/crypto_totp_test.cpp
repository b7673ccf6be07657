#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <stdexcept>
#include <string>

#include "crypto/totp.h"

namespace passerelle::crypto {
namespace {

Bytes rfc_secret() {
  const std::string ascii = "12345678901234567890";  // RFC 6238 appendix B, SHA-1 key
  return Bytes(ascii.begin(), ascii.end());
}

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

struct RfcVector {
  std::int64_t time;
  const char* code;
};

// RFC 6238 appendix B, SHA-1 column (8 digits).
constexpr RfcVector kRfc6238Sha1[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

TEST(Totp, MatchesRfc6238Sha1VectorsWithEightDigits) {
  for (const auto& v : kRfc6238Sha1) {
    EXPECT_EQ(totp_code(rfc_secret(), v.time, 8), v.code) << v.time;
  }
}

TEST(Totp, SixDigitCodesAreTheLastSixDigitsOfTheRfcVectors) {
  for (const auto& v : kRfc6238Sha1) {
    EXPECT_EQ(totp_code(rfc_secret(), v.time), std::string(v.code).substr(2)) << v.time;
  }
}

TEST(Totp, RejectsBadArguments) {
  EXPECT_THROW(totp_code(rfc_secret(), 59, 7), std::invalid_argument);
  EXPECT_THROW(totp_code(rfc_secret(), -1), std::invalid_argument);
  EXPECT_THROW(totp_code(Bytes{}, 59), std::invalid_argument);
}

TEST(Totp, MatchAcceptsTheCurrentStepAndOneEitherSide) {
  const Bytes secret = rfc_secret();
  const std::int64_t now = 1111111111;  // step 37037037
  const std::int64_t step = now / 30;
  EXPECT_EQ(totp_match(secret, totp_code(secret, now), now), step);
  EXPECT_EQ(totp_match(secret, totp_code(secret, now - 30), now), step - 1);
  EXPECT_EQ(totp_match(secret, totp_code(secret, now + 30), now), step + 1);
}

TEST(Totp, MatchRefusesCodesTwoStepsAwayOrMore) {
  const Bytes secret = rfc_secret();
  const std::int64_t now = 1111111111;
  for (const std::int64_t offset : {-90, -60, 60, 90, 3600}) {
    const std::string code = totp_code(secret, now + offset);
    // Skip the (one in a million) case where the far code equals a near one.
    if (code == totp_code(secret, now) || code == totp_code(secret, now - 30) ||
        code == totp_code(secret, now + 30)) {
      continue;
    }
    EXPECT_EQ(totp_match(secret, code, now), std::nullopt) << offset;
  }
}

TEST(Totp, MatchRefusesMalformedCodesAndOtherSecrets) {
  const Bytes secret = rfc_secret();
  const std::int64_t now = 1111111111;
  const std::string good = totp_code(secret, now);
  EXPECT_EQ(totp_match(secret, "", now), std::nullopt);
  EXPECT_EQ(totp_match(secret, good.substr(0, 5), now), std::nullopt);
  EXPECT_EQ(totp_match(secret, good + "0", now), std::nullopt);
  EXPECT_EQ(totp_match(secret, "12a456", now), std::nullopt);
  EXPECT_EQ(totp_match(secret, totp_code(secret, now, 8), now), std::nullopt);
  // A valid code for another secret (fixed inputs: no chance collision to allow for).
  EXPECT_EQ(totp_match(secret, totp_code(bytes_of("another 20-byte key!"), now), now),
            std::nullopt);
}

TEST(Totp, MatchAtTheEpochHasNoNegativeStep) {
  const Bytes secret = rfc_secret();
  EXPECT_EQ(totp_match(secret, totp_code(secret, 0), 0), 0);
  EXPECT_EQ(totp_match(secret, totp_code(secret, 30), 0), 1);
}

TEST(Totp, NewSecretsAreTwentyRandomBytes) {
  const Bytes a = new_totp_secret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, new_totp_secret());
}

// RFC 4648 section 10, without the padding.
TEST(Base32, EncodesRfc4648Vectors) {
  EXPECT_EQ(base32_encode(bytes_of("")), "");
  EXPECT_EQ(base32_encode(bytes_of("f")), "MY");
  EXPECT_EQ(base32_encode(bytes_of("fo")), "MZXQ");
  EXPECT_EQ(base32_encode(bytes_of("foo")), "MZXW6");
  EXPECT_EQ(base32_encode(bytes_of("foob")), "MZXW6YQ");
  EXPECT_EQ(base32_encode(bytes_of("fooba")), "MZXW6YTB");
  EXPECT_EQ(base32_encode(bytes_of("foobar")), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode(rfc_secret()), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, DecodesRfc4648VectorsWithOrWithoutPaddingAndInEitherCase) {
  Bytes out;
  ASSERT_TRUE(base32_decode("MZXW6YTBOI", out));
  EXPECT_EQ(out, bytes_of("foobar"));
  ASSERT_TRUE(base32_decode("MZXW6YQ=", out));
  EXPECT_EQ(out, bytes_of("foob"));
  ASSERT_TRUE(base32_decode("mzxw6", out));
  EXPECT_EQ(out, bytes_of("foo"));
  ASSERT_TRUE(base32_decode("", out));
  EXPECT_TRUE(out.empty());
}

TEST(Base32, RoundTripsRandomData) {
  for (std::size_t n = 0; n < 42; ++n) {
    const Bytes data = random_bytes(n);
    Bytes back;
    ASSERT_TRUE(base32_decode(base32_encode(data), back)) << n;
    EXPECT_EQ(back, data) << n;
  }
}

TEST(Base32, RejectsInvalidInput) {
  Bytes out = {42};
  EXPECT_FALSE(base32_decode("MZXW1", out));  // '1' is not in the alphabet
  EXPECT_FALSE(base32_decode("M", out));      // impossible length
  EXPECT_FALSE(base32_decode("MZX", out));    // impossible length
  EXPECT_FALSE(base32_decode("MZ", out));     // non-zero left-over bits ("f" is "MY")
  EXPECT_FALSE(base32_decode("MZ XW", out));
  EXPECT_EQ(out, Bytes{42});
}

TEST(OtpauthUri, HasTheStandardFieldsAndPercentEncodesTheAccount) {
  EXPECT_EQ(otpauth_uri("ada@example.org", rfc_secret()),
            "otpauth://totp/Passerelle:ada%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Passerelle&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("a b:c/é", bytes_of("f")),
            "otpauth://totp/Passerelle:a%20b%3Ac%2F%C3%A9?secret=MY"
            "&issuer=Passerelle&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodes, HaveTheDocumentedFormatAndAreUnique) {
  const std::vector<std::string> codes = new_recovery_codes();
  ASSERT_EQ(codes.size(), 10u);
  const std::regex format("^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$");
  for (const std::string& code : codes) {
    EXPECT_TRUE(std::regex_match(code, format)) << code;
    EXPECT_EQ(code.find_first_of("01ilo"), std::string::npos) << code;
  }
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  EXPECT_EQ(new_recovery_codes(3).size(), 3u);
  EXPECT_TRUE(new_recovery_codes(0).empty());
}

TEST(RecoveryCodes, NormalisationIgnoresCaseSpacesAndDashes) {
  const std::string code = new_recovery_codes(1).front();
  const std::string canonical = normalise_recovery_code(code);
  EXPECT_EQ(canonical.size(), 12u);
  EXPECT_EQ(normalise_recovery_code("ABCD-EFGH-JKMN"), "abcdefghjkmn");
  EXPECT_EQ(normalise_recovery_code(" abcd efgh jkmn "), "abcdefghjkmn");
  EXPECT_EQ(normalise_recovery_code("abcdefghjkmn"), "abcdefghjkmn");
  EXPECT_EQ(normalise_recovery_code(normalise_recovery_code(code)), canonical);
  // Different codes stay different, and other characters are not silently dropped.
  EXPECT_NE(normalise_recovery_code("abcd-efgh-jkmp"), "abcdefghjkmn");
  EXPECT_NE(normalise_recovery_code("abcd.efgh.jkmn"), "abcdefghjkmn");
}

}  // namespace
}  // namespace passerelle::crypto
