#include "core/dates.h"

#include <cstdio>

namespace passerelle::core::dates {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's
// days_from_civil / civil_from_days). Eras of 400 years repeat exactly, and starting the year in
// March puts the leap day last, so no table of month lengths is needed.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;                                     // [0, 399]
  const long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             // [0, 146096]
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;                                       // [0, 146096]
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const long mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400) + (month <= 2);
  return {year, month, day};
}

// The number written by `count` ASCII digits at `at`, or -1 if one of them is not a digit.
int digits(std::string_view s, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

template <typename Shift>
std::optional<std::string> shifted(std::string_view iso, Shift shift) {
  auto d = parse(iso);
  if (!d) return std::nullopt;
  return format(shift(*d));
}

}  // namespace

bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::optional<Date> parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  const int year = digits(iso, 0, 4), month = digits(iso, 5, 2), day = digits(iso, 8, 2);
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date{year, month, day};
}

std::string format(const Date& d) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

Date add_days(const Date& d, long days) {
  return civil_from_days(days_from_civil(d.year, d.month, d.day) + days);
}

Date add_months(const Date& d, int months) {
  // Months counted from year 0, floored so that a negative shift crosses years correctly.
  const long total = static_cast<long>(d.year) * 12 + (d.month - 1) + months;
  const long year = total >= 0 ? total / 12 : (total - 11) / 12;
  const int month = static_cast<int>(total - year * 12) + 1;
  const int last = days_in_month(static_cast<int>(year), month);
  return {static_cast<int>(year), month, d.day > last ? last : d.day};
}

Date add_years(const Date& d, int years) { return add_months(d, years * 12); }

long days_between(const Date& a, const Date& b) {
  return days_from_civil(b.year, b.month, b.day) - days_from_civil(a.year, a.month, a.day);
}

std::optional<std::string> plus_days(std::string_view iso, long days) {
  return shifted(iso, [days](const Date& d) { return add_days(d, days); });
}

std::optional<std::string> plus_months(std::string_view iso, int months) {
  return shifted(iso, [months](const Date& d) { return add_months(d, months); });
}

std::optional<std::string> plus_years(std::string_view iso, int years) {
  return shifted(iso, [years](const Date& d) { return add_years(d, years); });
}

}  // namespace passerelle::core::dates
