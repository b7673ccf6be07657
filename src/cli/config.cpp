#include "cli/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <stdexcept>

namespace passerelle::cli {
namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

long long number(const char* name, const char* text, long long lo, long long hi) {
  char* end = nullptr;
  long long v = std::strtoll(text, &end, 10);
  if (!end || *end != '\0' || v < lo || v > hi)
    throw std::runtime_error(std::string(name) + " must be a whole number from " +
                             std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

}  // namespace

std::filesystem::path Config::database_file() const {
  std::string url = database_url;
  if (url.starts_with("sqlite://")) return url.substr(9);
  if (url.starts_with("sqlite:")) return url.substr(7);
  return url;
}

void complete(Config& c) {
  if (c.database_url.empty()) c.database_url = "sqlite:" + (c.data_dir / "passerelle.db").string();
  if (c.key_file.empty()) c.key_file = c.data_dir / "master.key";
  if (!c.static_dir && std::filesystem::exists("web/dist/index.html")) c.static_dir = "web/dist";
}

Config load_config(const std::optional<std::filesystem::path>& file) {
  Config c;
  if (file) {
    toml::table t;
    try {
      t = toml::parse_file(file->string());
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("cannot read the configuration file " + file->string() + ": " +
                               std::string(e.description()));
    }
    if (auto v = t["data_dir"].value<std::string>()) c.data_dir = *v;
    if (auto v = t["database_url"].value<std::string>()) c.database_url = *v;
    if (auto v = t["key_file"].value<std::string>()) c.key_file = *v;
    if (auto v = t["listen_address"].value<std::string>()) c.listen_address = *v;
    if (auto v = t["port"].value<int64_t>()) c.port = static_cast<std::uint16_t>(*v);
    if (auto v = t["static_dir"].value<std::string>()) c.static_dir = *v;
    if (auto v = t["tls_certificate"].value<std::string>()) c.tls_certificate = *v;
    if (auto v = t["tls_private_key"].value<std::string>()) c.tls_private_key = *v;
    if (auto v = t["worker_threads"].value<int64_t>()) c.worker_threads = static_cast<int>(*v);
    if (auto v = t["session_idle_seconds"].value<int64_t>()) c.session_idle_seconds = *v;
    if (auto v = t["session_absolute_seconds"].value<int64_t>()) c.session_absolute_seconds = *v;
    if (auto v = t["retention_closed_case_years"].value<int64_t>()) c.retention_closed_case_years = static_cast<int>(*v);
    if (auto v = t["retention_unfollowed_person_years"].value<int64_t>()) c.retention_unfollowed_person_years = static_cast<int>(*v);
    if (auto v = t["organisation_name"].value<std::string>()) c.organisation_name = *v;
    if (auto v = t["suppression_k"].value<int64_t>()) {
      if (*v < 2 || *v > 100) throw std::runtime_error("suppression_k must be a whole number from 2 to 100");
      c.suppression_k = static_cast<int>(*v);
    }
  }
  if (auto v = env("PASSERELLE_DATA_DIR")) c.data_dir = v;
  if (auto v = env("PASSERELLE_DATABASE_URL")) c.database_url = v;
  if (auto v = env("PASSERELLE_KEY_FILE")) c.key_file = v;
  if (auto v = env("PASSERELLE_LISTEN_ADDRESS")) c.listen_address = v;
  if (auto v = env("PASSERELLE_PORT")) c.port = static_cast<std::uint16_t>(number("PASSERELLE_PORT", v, 0, 65535));
  if (auto v = env("PASSERELLE_STATIC_DIR")) c.static_dir = v;
  if (auto v = env("PASSERELLE_TLS_CERTIFICATE")) c.tls_certificate = v;
  if (auto v = env("PASSERELLE_TLS_PRIVATE_KEY")) c.tls_private_key = v;
  if (auto v = env("PASSERELLE_WORKER_THREADS")) c.worker_threads = static_cast<int>(number("PASSERELLE_WORKER_THREADS", v, 1, 256));
  if (auto v = env("PASSERELLE_SESSION_IDLE_SECONDS")) c.session_idle_seconds = number("PASSERELLE_SESSION_IDLE_SECONDS", v, 1, 86400);
  if (auto v = env("PASSERELLE_SESSION_ABSOLUTE_SECONDS")) c.session_absolute_seconds = number("PASSERELLE_SESSION_ABSOLUTE_SECONDS", v, 1, 7 * 86400);
  if (auto v = env("PASSERELLE_RETENTION_CLOSED_CASE_YEARS")) c.retention_closed_case_years = static_cast<int>(number("PASSERELLE_RETENTION_CLOSED_CASE_YEARS", v, 1, 100));
  if (auto v = env("PASSERELLE_RETENTION_UNFOLLOWED_PERSON_YEARS")) c.retention_unfollowed_person_years = static_cast<int>(number("PASSERELLE_RETENTION_UNFOLLOWED_PERSON_YEARS", v, 1, 100));
  if (auto v = env("PASSERELLE_ORGANISATION_NAME")) c.organisation_name = v;
  if (auto v = env("PASSERELLE_SUPPRESSION_K")) c.suppression_k = static_cast<int>(number("PASSERELLE_SUPPRESSION_K", v, 2, 100));
  if (c.organisation_name.empty() || c.organisation_name.size() > 200)
    throw std::runtime_error("organisation_name must be 1 to 200 characters");
  return c;
}

}  // namespace passerelle::cli
