// Configuration of one deployment: defaults, then a TOML file, then PASSERELLE_* environment
// variables, then command-line flags, each overriding the one before.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace passerelle::cli {

struct Config {
  std::filesystem::path data_dir = "data";
  std::string database_url;            // default: sqlite:<data_dir>/passerelle.db
  std::filesystem::path key_file;      // default: <data_dir>/master.key
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::optional<std::filesystem::path> static_dir;  // default: web/dist when it exists
  std::optional<std::filesystem::path> tls_certificate, tls_private_key;
  int worker_threads = 4;
  int io_threads = 1;
  std::int64_t session_idle_seconds = 30 * 60;
  std::int64_t session_absolute_seconds = 12 * 60 * 60;
  std::size_t pool_size = 6;
  int retention_closed_case_years = 5;
  int retention_unfollowed_person_years = 2;
  std::string organisation_name = "Passerelle";  // shown to partners (referral forms, portal)
  int suppression_k = 5;  // counts of people under k are hidden in reports (2..100)

  std::filesystem::path database_file() const;  // for SQLite URLs
  bool is_sqlite() const { return !database_url.starts_with("postgres"); }
};

// Reads `file` (if given) and the environment over the defaults; fills derived defaults.
// Throws std::runtime_error naming the bad setting.
Config load_config(const std::optional<std::filesystem::path>& file);
// Fills database_url / key_file / static_dir from data_dir where they are unset.
void complete(Config& config);

}  // namespace passerelle::cli
