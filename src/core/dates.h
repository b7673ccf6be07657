// Calendar dates (ISO 8601, proleptic Gregorian) and the arithmetic deadlines need. Legal
// durations count in calendar months and years: a period that would end on a day the month lacks
// ends on the month's last day (31 January + 1 month = 28 or 29 February; 29 February 2024 +
// 3 years = 28 February 2027). Pure functions, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace passerelle::core::dates {

struct Date {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const Date&) const = default;
};

bool is_leap(int year);
int days_in_month(int year, int month);
// Strict YYYY-MM-DD with a day that exists (2025-02-29 is refused); years 1900..2200.
std::optional<Date> parse(std::string_view iso);
std::string format(const Date& d);

Date add_days(const Date& d, long days);
Date add_months(const Date& d, int months);  // clamped to the last day of the target month
Date add_years(const Date& d, int years);    // 29 February → 28 February in a common year
// b − a in days.
long days_between(const Date& a, const Date& b);

// Convenience on ISO strings; nullopt when `iso` is not a valid date.
std::optional<std::string> plus_days(std::string_view iso, long days);
std::optional<std::string> plus_months(std::string_view iso, int months);
std::optional<std::string> plus_years(std::string_view iso, int years);

}  // namespace passerelle::core::dates
