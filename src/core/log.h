// Structured log lines: one JSON object per line on stderr, written with one call so that lines
// from several threads never mix. Callers pass only operational facts: never names, contact
// details, note text, passwords, tokens or query strings (security.md, logs).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace passerelle::core {

struct LogField {
  std::string_view key;
  std::string_view text;
  double number = 0;
  enum class Kind { text, integer, real, boolean } kind = Kind::text;
  LogField(std::string_view k, std::string_view v) : key(k), text(v) {}
  LogField(std::string_view k, const char* v) : key(k), text(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), text(v) {}
  LogField(std::string_view k, int v) : key(k), number(v), kind(Kind::integer) {}
  LogField(std::string_view k, unsigned v) : key(k), number(v), kind(Kind::integer) {}
  LogField(std::string_view k, long v)
      : key(k), number(static_cast<double>(v)), kind(Kind::integer) {}
  LogField(std::string_view k, unsigned long v)
      : key(k), number(static_cast<double>(v)), kind(Kind::integer) {}
  LogField(std::string_view k, long long v)
      : key(k), number(static_cast<double>(v)), kind(Kind::integer) {}
  LogField(std::string_view k, double v) : key(k), number(v), kind(Kind::real) {}
  LogField(std::string_view k, bool v) : key(k), number(v ? 1 : 0), kind(Kind::boolean) {}
};

// {"ts":"2026-01-01T00:00:00.000Z","level":..,"msg":.., fields...}\n. The time is the real
// clock (never the fake one of tests). Never throws.
void log(std::string_view level, std::string_view msg,
         std::initializer_list<LogField> fields = {}) noexcept;

// JSON string escaping; bytes that are not valid UTF-8 become U+FFFD.
void append_json_escaped(std::string& out, std::string_view s);
bool valid_utf8(std::string_view s);

}  // namespace passerelle::core
