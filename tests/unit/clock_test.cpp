#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids.h"

using namespace passerelle::core;

TEST(Clock, FormatsAndParsesIso8601) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(parse_iso8601("2000-02-29"), 951782400);
  EXPECT_EQ(parse_iso8601("2026-11-29T08:20:58Z"), 1795940458);
  EXPECT_EQ(parse_iso8601("2026-11-29T08:20:58.123Z"), 1795940458);
}

TEST(Clock, RefusesImpossibleDates) {
  EXPECT_FALSE(parse_iso8601("2023-02-29"));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  EXPECT_FALSE(parse_iso8601("2024-04-31"));
  EXPECT_FALSE(parse_iso8601("2024-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-01-01T10:00:00+02:00"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601(""));
}

TEST(Clock, FakeTimeForTests) {
  set_fake_now(1700000000);
  EXPECT_EQ(now_unix(), 1700000000);
  set_fake_now(std::nullopt);
  EXPECT_GT(now_unix(), 1700000000);
}

TEST(Ids, AreUuidV7AndUnique) {
  std::string a = new_id(), b = new_id();
  EXPECT_TRUE(is_id(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '7');
  EXPECT_FALSE(is_id("not-an-id"));
  EXPECT_FALSE(is_id("0190A0B0-0000-7000-8000-000000000000"));  // upper case is not canonical
}

TEST(Ids, IncreaseStrictlyEvenWithinOneMillisecond) {
  // Thousands of ids in a few milliseconds: each sorts after the one before.
  std::string previous = new_id();
  for (int i = 0; i < 20000; ++i) {
    std::string next = new_id();
    ASSERT_LT(previous, next) << i;
    ASSERT_EQ(next[14], '7');
    ASSERT_TRUE(next[19] == '8' || next[19] == '9' || next[19] == 'a' || next[19] == 'b');
    previous = next;
  }
}
