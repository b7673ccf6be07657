#include "core/person.h"

#include <algorithm>
#include <array>

namespace passerelle::core {

bool is_gender(std::string_view g) {
  static constexpr std::array<std::string_view, 7> values = {
      "Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming",
      "NonSpecified", "Unknown"};
  return std::find(values.begin(), values.end(), g) != values.end();
}

bool is_country_code(std::string_view c) {
  return c.size() == 2 && std::all_of(c.begin(), c.end(), [](char x) { return x >= 'A' && x <= 'Z'; });
}

bool is_language_code(std::string_view c) {
  return (c.size() == 2 || c.size() == 3) &&
         std::all_of(c.begin(), c.end(), [](char x) { return x >= 'a' && x <= 'z'; });
}

bool is_document_status(std::string_view s) {
  return s == "held" || s == "missing" || s == "confiscated";
}

bool is_minor(const Person& p, int current_year) {
  if (p.minor_override) return *p.minor_override;
  if (p.age_disputed) return true;
  if (!p.birth_year) return false;
  return current_year - *p.birth_year < 18;
}

std::string canonical_phone(std::string_view typed) {
  std::string digits;
  bool plus = false;
  for (char c : typed) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == '+' && digits.empty()) plus = true;
  }
  if (digits.empty()) return {};
  if (!plus && digits.starts_with("00")) {
    digits = digits.substr(2);
    plus = true;
  }
  if (!plus && digits.size() == 10 && digits[0] == '0') {
    digits = "33" + digits.substr(1);  // French national number
    plus = true;
  }
  return (plus ? "+" : "") + digits;
}

}  // namespace passerelle::core
