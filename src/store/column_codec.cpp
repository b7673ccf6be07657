#include "store/column_codec.h"

#include <boost/json.hpp>

namespace passerelle::store {

std::string list_to_json(const std::vector<std::string>& values) {
  boost::json::array a;
  for (const auto& v : values) a.emplace_back(v);
  return boost::json::serialize(a);
}

std::vector<std::string> list_from_json(const std::string& text) {
  std::vector<std::string> out;
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

}  // namespace passerelle::store
