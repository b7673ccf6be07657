#include "core/ids.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>

#include "crypto/secret_bytes.h"

namespace passerelle::core {

std::string new_id() {
  // UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 12 bits that count within a
  // millisecond (method 1 of section 6.2), then 62 random bits. Ids made by one process are
  // strictly increasing, so records made in the same millisecond still sort in the order they
  // were made (a consent withdrawn right after it was given).
  static std::mutex mutex;
  static std::int64_t last_ms = 0;
  static std::uint32_t sequence = 0;
  std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  crypto::Bytes b = crypto::random_bytes(16);
  {
    std::lock_guard lock(mutex);
    if (ms > last_ms) {
      last_ms = ms;
      sequence = ((static_cast<std::uint32_t>(b[6]) << 8) | b[7]) & 0x3ff;  // leaves headroom
    } else if (++sequence > 0xfff) {  // 4096 in one millisecond, or a clock set back: move on
      ++last_ms;
      sequence = 0;
    }
    ms = last_ms;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<std::uint8_t>(0x70 | ((sequence >> 8) & 0x0f));
  b[7] = static_cast<std::uint8_t>(sequence & 0xff);
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));
  std::string h = crypto::to_hex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

bool is_id(std::string_view t) {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace passerelle::core
