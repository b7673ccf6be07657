#include <gtest/gtest.h>

#include <algorithm>

#include "core/password_policy.h"

using namespace passerelle::core;

namespace {
bool has(const std::vector<PasswordProblem>& v, PasswordProblem p) {
  return std::find(v.begin(), v.end(), p) != v.end();
}
}  // namespace

TEST(PasswordPolicy, AcceptsALongUnusualPassphraseWithoutCompositionRules) {
  EXPECT_TRUE(check_password("violet tram under the bridge", "amina").empty());
  EXPECT_TRUE(check_password("zxqvbnmplokijuh", "amina").empty());
}

TEST(PasswordPolicy, LengthIsCountedInCharactersNotBytes) {
  // 12 characters, 24 bytes: accepted; 11 accented characters: refused.
  EXPECT_FALSE(has(check_password("éàèùâêîôûëïü", "x"), PasswordProblem::too_short));
  EXPECT_TRUE(has(check_password("éàèùâêîôûëï", "x"), PasswordProblem::too_short));
}

TEST(PasswordPolicy, RefusesTooShortAndTooLong) {
  EXPECT_TRUE(has(check_password("short pass", "x"), PasswordProblem::too_short));
  EXPECT_TRUE(has(check_password(std::string(129, 'k') + "q", "x"), PasswordProblem::too_long));
  EXPECT_FALSE(has(check_password("kq" + std::string(126, 'w'), "x"), PasswordProblem::too_long));
}

TEST(PasswordPolicy, RefusesCommonPasswordsPaddedToLength) {
  for (const char* p : {"Password12345!", "motdepasse2026", "azerty123456", "123456789012",
                        "aaaaaaaaaaaaaa", "abcdefghijklm", "iloveyouiloveyou", "Passerelle2026!"})
    EXPECT_TRUE(has(check_password(p, "x"), PasswordProblem::common)) << p;
}

TEST(PasswordPolicy, RefusesPasswordContainingTheUserName) {
  EXPECT_TRUE(has(check_password("my name is Amina.Okoro ok", "amina.okoro"),
                  PasswordProblem::contains_username));
}

TEST(PasswordPolicy, RefusesInvalidUtf8) {
  EXPECT_TRUE(has(check_password(std::string("abcdefghijk\xff\xfe"), "x"), PasswordProblem::not_utf8));
}
