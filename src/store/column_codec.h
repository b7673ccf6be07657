// Small helpers shared by the repositories: JSON text columns holding lists of codes, and
// nullable values bound through SOCI indicators.
#pragma once

#include <soci/soci.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace passerelle::store {

// ["NG","FR"] ↔ {"NG","FR"}; malformed text reads as an empty list.
std::string list_to_json(const std::vector<std::string>& values);
std::vector<std::string> list_from_json(const std::string& text);

// The value when the indicator says it is present.
inline std::optional<std::string> nullable(const std::string& value, soci::indicator i) {
  return i == soci::i_ok ? std::optional<std::string>(value) : std::nullopt;
}

// Indicators bound by reference must outlive the statement: keep them in a stable container.
class Indicators {
 public:
  soci::indicator& operator()(bool present) {
    store_.push_back(present ? soci::i_ok : soci::i_null);
    return store_.back();
  }

 private:
  std::deque<soci::indicator> store_;
};

}  // namespace passerelle::store
