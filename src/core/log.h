// Structured log lines (one JSON object per line, stderr). Callers pass only operational facts:
// never names, contact details, note text, passwords, tokens or query strings (security.md, logs).
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

namespace passerelle::core {

struct LogField {
  std::string_view key;
  std::string_view text;  // used when is_number is false
  long long number = 0;
  bool is_number = false;
  LogField(std::string_view k, std::string_view v) : key(k), text(v) {}
  LogField(std::string_view k, const char* v) : key(k), text(v) {}
  LogField(std::string_view k, long long v) : key(k), number(v), is_number(true) {}
  LogField(std::string_view k, int v) : key(k), number(v), is_number(true) {}
};

// {"ts":"...","level":"info","msg":"...", fields...}
void log(std::string_view level, std::string_view msg, std::initializer_list<LogField> fields = {});

}  // namespace passerelle::core
