// Private helpers of src/http/ (no Beast or Asio here): log lines, request targets, problem
// bodies, static files. Not for use outside src/http/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/log.h"

namespace passerelle::http::detail {

// --- log lines: core/log.h, shared with the rest of the program ------------------------------

using core::append_json_escaped;
using core::LogField;
using core::valid_utf8;
inline void log_line(std::string_view level, std::string_view msg,
                     std::initializer_list<LogField> fields = {}) noexcept {
  core::log(level, msg, fields);
}

// --- small utilities --------------------------------------------------------------------------

std::string random_request_id();  // 16 lower-case hex characters (64 random bits)
std::string http_date_now();  // IMF-fixdate, cached per second

// {"type":"https://passerelle.invalid/problems/<slug>","title":..,"status":..,"request_id":..}
std::string problem_body(std::string_view slug, std::string_view title, int status,
                         std::string_view request_id);

// --- request targets --------------------------------------------------------------------------

struct Target {
  std::string path;                                       // percent-decoded
  std::map<std::string, std::string, std::less<>> query;  // decoded; repeated keys: last wins
};

// Parses an origin-form (or absolute-form http/https) request target. Returns nullopt on invalid
// percent-encoding, NUL or control characters, invalid UTF-8, "." or ".." segments, or an encoded
// '/' inside a segment.
std::optional<Target> parse_target(std::string_view raw);

// The path part of a raw target (before '?' or '#'), cut to a loggable length.
std::string_view loggable_path(std::string_view raw_target);

// --- static files -----------------------------------------------------------------------------

struct StaticFile {
  std::shared_ptr<const std::string> content;
  std::string content_type;
  std::string etag;           // "size-mtime" (quoted)
  std::string cache_control;  // immutable under /assets/, no-cache otherwise
};

class StaticFiles {
 public:
  // Throws std::runtime_error if root is not a directory.
  explicit StaticFiles(const std::filesystem::path& root);
  ~StaticFiles();
  // path: decoded, validated by parse_target. nullopt → 404. Thread-safe.
  std::optional<StaticFile> find(std::string_view path) const;

 private:
  struct Cache;
  std::filesystem::path root_;  // canonical
  std::unique_ptr<Cache> cache_;
  std::optional<std::filesystem::path> resolve(std::string_view rel) const;  // confined, regular
  std::optional<StaticFile> load(const std::filesystem::path& file, bool immutable) const;
};

std::string_view content_type_for(std::string_view extension);  // ".js" → "text/javascript; ..."

// If-None-Match matches etag (weak comparison, "*", lists)?
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace passerelle::http::detail
