#include <gtest/gtest.h>

#include "core/dates.h"

using namespace passerelle::core::dates;

namespace {

Date d(std::string_view iso) {
  auto parsed = parse(iso);
  EXPECT_TRUE(parsed) << iso;
  return parsed.value_or(Date{});
}

}  // namespace

TEST(Dates, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(is_leap(2024));
  EXPECT_FALSE(is_leap(2025));
  EXPECT_FALSE(is_leap(2100));  // divisible by 100
  EXPECT_TRUE(is_leap(2000));   // but by 400 too
  EXPECT_FALSE(is_leap(1900));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2025, 4), 30);
  EXPECT_EQ(days_in_month(2025, 12), 31);
}

TEST(Dates, ParsesAndFormatsIsoDates) {
  EXPECT_EQ(parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(parse("1900-01-01"), (Date{1900, 1, 1}));
  EXPECT_EQ(parse("2200-12-31"), (Date{2200, 12, 31}));
  EXPECT_EQ(format(Date{2025, 3, 7}), "2025-03-07");
  EXPECT_EQ(format(d("2000-02-29")), "2000-02-29");
}

TEST(Dates, ParseRefusesAnythingButARealDayAsYYYYMMDD) {
  for (std::string_view bad :
       {"2025-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
        "2024-1-05", "2024-01-5", "24-01-05", "2024/01/05", "2024-01-05T10:00:00Z", " 2024-01-05",
        "2024-01-05 ", "2024-0a-05", "+024-01-05", "1899-12-31", "2201-01-01", "", "yesterday",
        "05-01-2024", "2024--1-05"})
    EXPECT_FALSE(parse(bad)) << bad;
}

TEST(Dates, AddsDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(add_days(d("2024-02-28"), 1), d("2024-02-29"));
  EXPECT_EQ(add_days(d("2025-02-28"), 1), d("2025-03-01"));
  EXPECT_EQ(add_days(d("2024-12-31"), 1), d("2025-01-01"));
  EXPECT_EQ(add_days(d("2025-01-01"), -1), d("2024-12-31"));
  EXPECT_EQ(add_days(d("2024-03-01"), -1), d("2024-02-29"));
  EXPECT_EQ(add_days(d("2100-03-01"), -1), d("2100-02-28"));
  EXPECT_EQ(add_days(d("2000-03-01"), -1), d("2000-02-29"));
  EXPECT_EQ(add_days(d("2025-06-15"), 0), d("2025-06-15"));
  EXPECT_EQ(add_days(d("2024-01-01"), 366), d("2025-01-01"));
  EXPECT_EQ(add_days(d("1970-01-01"), 0), (Date{1970, 1, 1}));
}

TEST(Dates, MonthsClampToTheLastDayOfTheTargetMonth) {
  EXPECT_EQ(add_months(d("2025-01-31"), 1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2024-01-31"), 1), d("2024-02-29"));
  EXPECT_EQ(add_months(d("2025-03-31"), 1), d("2025-04-30"));
  EXPECT_EQ(add_months(d("2025-08-31"), 6), d("2026-02-28"));
  EXPECT_EQ(add_months(d("2025-01-15"), 1), d("2025-02-15"));
  EXPECT_EQ(add_months(d("2025-11-30"), 3), d("2026-02-28"));
  EXPECT_EQ(add_months(d("2025-12-31"), 1), d("2026-01-31"));
  EXPECT_EQ(add_months(d("2025-05-31"), 0), d("2025-05-31"));
  // A clamped date does not spring back: the shift is always from the original day.
  EXPECT_EQ(add_months(d("2025-01-31"), 2), d("2025-03-31"));
}

TEST(Dates, NegativeMonthsClampAndCrossYears) {
  EXPECT_EQ(add_months(d("2025-03-31"), -1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2024-03-31"), -1), d("2024-02-29"));
  EXPECT_EQ(add_months(d("2025-01-15"), -1), d("2024-12-15"));
  EXPECT_EQ(add_months(d("2025-02-10"), -2), d("2024-12-10"));
  EXPECT_EQ(add_months(d("2025-01-31"), -13), d("2023-12-31"));
  EXPECT_EQ(add_months(d("2026-07-31"), -2), d("2026-05-31"));
  EXPECT_EQ(add_months(d("2026-05-31"), -1), d("2026-04-30"));
  EXPECT_EQ(add_months(d("2025-12-01"), -24), d("2023-12-01"));
}

TEST(Dates, YearsTurnTheLeapDayIntoTheLastOfFebruary) {
  EXPECT_EQ(add_years(d("2024-02-29"), 3), d("2027-02-28"));
  EXPECT_EQ(add_years(d("2024-02-29"), 4), d("2028-02-29"));
  EXPECT_EQ(add_years(d("2024-02-29"), 1), d("2025-02-28"));
  EXPECT_EQ(add_years(d("2096-02-29"), 4), d("2100-02-28"));
  EXPECT_EQ(add_years(d("2024-02-29"), -1), d("2023-02-28"));
  EXPECT_EQ(add_years(d("2025-06-30"), 1), d("2026-06-30"));
}

TEST(Dates, CountsDaysBetweenDates) {
  EXPECT_EQ(days_between(d("2024-12-31"), d("2025-01-01")), 1);
  EXPECT_EQ(days_between(d("2025-01-01"), d("2024-12-31")), -1);
  EXPECT_EQ(days_between(d("2024-01-01"), d("2025-01-01")), 366);
  EXPECT_EQ(days_between(d("2025-01-01"), d("2026-01-01")), 365);
  EXPECT_EQ(days_between(d("2024-02-01"), d("2024-03-01")), 29);
  EXPECT_EQ(days_between(d("2100-02-01"), d("2100-03-01")), 28);
  EXPECT_EQ(days_between(d("1970-01-01"), d("2000-01-01")), 10957);
  EXPECT_EQ(days_between(d("2000-01-01"), d("2100-01-01")), 36525);
  EXPECT_EQ(days_between(d("2025-06-15"), d("2025-06-15")), 0);
}

TEST(Dates, AddingThenCountingGivesBackTheSameNumberOfDays) {
  const Date start = d("1999-11-13");
  for (long n = -1500; n <= 73000; n += 37) {
    Date moved = add_days(start, n);
    EXPECT_EQ(days_between(start, moved), n);
    EXPECT_EQ(parse(format(moved)), moved) << format(moved);
  }
}

TEST(Dates, StringHelpersRefuseInvalidInput) {
  EXPECT_EQ(plus_days("2024-02-28", 2), "2024-03-01");
  EXPECT_EQ(plus_months("2025-01-31", 1), "2025-02-28");
  EXPECT_EQ(plus_years("2024-02-29", 3), "2027-02-28");
  EXPECT_EQ(plus_days("2025-02-29", 1), std::nullopt);
  EXPECT_EQ(plus_months("not a date", 1), std::nullopt);
  EXPECT_EQ(plus_years("", 1), std::nullopt);
}
