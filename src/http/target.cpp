// Request-target parsing with Boost.URL: strict percent-decoding of the path and the query.
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url_view.hpp>

#include "http/internal.h"

namespace passerelle::http::detail {
namespace {

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Every segment of the encoded path must decode to text without NUL or control characters,
// without '/', valid UTF-8, and must not be "." or "..".
bool valid_segments(std::string_view encoded_path) {
  std::size_t start = 0;
  while (start <= encoded_path.size()) {
    std::size_t slash = encoded_path.find('/', start);
    std::string_view piece = encoded_path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    auto pct = boost::urls::make_pct_string_view(piece);
    if (!pct) return false;
    std::string decoded = pct->decode();
    if (decoded == "." || decoded == "..") return false;
    for (unsigned char c : decoded) {
      if (c < 0x20 || c == 0x7F || c == '/') return false;
    }
    if (!valid_utf8(decoded)) return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

std::optional<Target> from_url(boost::urls::url_view u) {
  std::string_view encoded_path = u.encoded_path();
  if (encoded_path.empty()) encoded_path = "/";
  if (encoded_path.front() != '/') return std::nullopt;
  if (!valid_segments(encoded_path)) return std::nullopt;
  Target t;
  t.path = boost::urls::make_pct_string_view(encoded_path)->decode();
  if (u.has_query()) {
    for (auto param : u.params()) {  // '+' decodes to space, as in HTML forms
      for (const std::string* s : {&param.key, &param.value}) {
        if (s->find('\0') != std::string::npos || !valid_utf8(*s)) return std::nullopt;
      }
      t.query.insert_or_assign(std::move(param.key), std::move(param.value));
    }
  }
  return t;
}

}  // namespace

std::optional<Target> parse_target(std::string_view raw) {
  try {
    if (raw.empty()) return std::nullopt;
    if (raw.front() == '/') {
      auto r = boost::urls::parse_origin_form(raw);
      if (!r) return std::nullopt;
      return from_url(*r);
    }
    if (iequals_prefix(raw, "http://") || iequals_prefix(raw, "https://")) {
      auto r = boost::urls::parse_absolute_uri(raw);
      if (!r) return std::nullopt;
      return from_url(*r);
    }
    return std::nullopt;  // "*" and authority-form are not served
  } catch (...) {
    return std::nullopt;
  }
}

std::string_view loggable_path(std::string_view raw_target) {
  std::string_view path = raw_target.substr(0, raw_target.find_first_of("?#"));
  return path.substr(0, 512);
}

}  // namespace passerelle::http::detail
