// Log lines, request ids, dates, problem bodies: the small Beast-free helpers of src/http/.
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "http/internal.h"

namespace passerelle::http::detail {
std::string random_request_id() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    thread_local std::mt19937_64 fallback{std::random_device{}()};
    auto v = fallback();
    for (auto& b : bytes) {
      b = static_cast<unsigned char>(v);
      v >>= 8;
    }
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    id[2 * i] = hex[bytes[i] >> 4];
    id[2 * i + 1] = hex[bytes[i] & 0xF];
  }
  return id;
}

std::string http_date_now() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second || cached.empty()) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    cached = buf;
    cached_second = now;
  }
  return cached;
}

std::string problem_body(std::string_view slug, std::string_view title, int status,
                         std::string_view request_id) {
  std::string out = "{\"type\":\"https://passerelle.invalid/problems/";
  append_json_escaped(out, slug);
  out += "\",\"title\":\"";
  append_json_escaped(out, title);
  out += "\",\"status\":";
  out += std::to_string(status);
  out += ",\"request_id\":\"";
  append_json_escaped(out, request_id);
  out += "\"}";
  return out;
}

}  // namespace passerelle::http::detail
