// Wall-clock time as the rules see it. Tests move it with set_fake_now(); the server can be
// started with PASSERELLE_FAKE_NOW (Unix seconds) for retention and expiry tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::core {

// Seconds since the Unix epoch, UTC (fake time if one is set).
std::int64_t now_unix();
// Sets (or with nullopt clears) a fake "now". Not thread-safe against concurrent readers' view
// of time; meant for tests and for one-off CLI runs.
void set_fake_now(std::optional<std::int64_t> unix_seconds);

// "2026-11-29T08:20:58Z".
std::string iso8601_utc(std::int64_t unix_seconds);
std::string now_iso8601();
// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS(Z|+00:00)" (UTC); nullopt if invalid.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

}  // namespace passerelle::core
