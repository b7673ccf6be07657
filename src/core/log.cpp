#include "core/log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace passerelle::core {
namespace {

void append_escaped(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

}  // namespace

void log(std::string_view level, std::string_view msg, std::initializer_list<LogField> fields) {
  std::string line = "{\"ts\":\"" + now_iso8601() + "\",\"level\":\"";
  append_escaped(line, level);
  line += "\",\"msg\":\"";
  append_escaped(line, msg);
  line += '"';
  for (const auto& f : fields) {
    line += ",\"";
    append_escaped(line, f.key);
    line += "\":";
    if (f.is_number) {
      line += std::to_string(f.number);
    } else {
      line += '"';
      append_escaped(line, f.text);
      line += '"';
    }
  }
  line += "}\n";
  static std::mutex m;
  std::lock_guard lock(m);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace passerelle::core
