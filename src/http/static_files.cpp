// Static files of the built web app: canonical-path confinement, content types, ETags, a small
// in-memory cache (the files are build output, read once), SPA fallback to index.html.
#include <sys/stat.h>

#include <fstream>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "http/internal.h"

namespace passerelle::http::detail {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxFileSize = 64u << 20;       // larger files are not served
constexpr std::uintmax_t kMaxCachedFileSize = 8u << 20;  // larger files are read every time
constexpr std::uintmax_t kMaxCacheBytes = 128u << 20;
constexpr std::size_t kMaxResolved =
    4096;  // remembered request path → canonical file    // total cache budget

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ".js" for "/assets/app.js"; "" when the last segment has no extension (or is a dot-file).
std::string_view extension_of(std::string_view path) {
  std::string_view last = path.substr(path.rfind('/') + 1);
  auto dot = last.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return last.substr(dot);
}

// Is `p` inside `root` (both canonical)?
bool within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *q != *r) return false;
  }
  return true;
}

std::string make_etag(std::uintmax_t size, std::int64_t mtime_ns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime_ns));
  return buf;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view strip_weak(std::string_view tag) {
  if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

struct StaticFiles::Cache {
  struct Entry {
    std::uintmax_t size;
    std::int64_t mtime_ns;
    std::shared_ptr<const std::string> content;
  };
  std::mutex mutex;
  std::unordered_map<std::string, Entry> entries;
  // Request paths already resolved and confined (saves the readlink calls of canonical()).
  std::unordered_map<std::string, fs::path> resolved;
  std::uintmax_t bytes = 0;
};

StaticFiles::StaticFiles(const fs::path& root) : cache_(std::make_unique<Cache>()) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec)) {
    throw std::runtime_error("static directory " + root.string() + " is not a readable directory");
  }
}

StaticFiles::~StaticFiles() = default;

std::string_view content_type_for(std::string_view extension) {
  static const std::unordered_map<std::string_view, std::string_view> types = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  };
  auto it = types.find(extension);
  return it == types.end() ? std::string_view{"application/octet-stream"} : it->second;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if_none_match = trim(if_none_match);
  if (if_none_match == "*") return true;
  std::string_view mine = strip_weak(etag);
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    std::string_view one = trim(if_none_match.substr(0, comma));
    if (!one.empty() && strip_weak(one) == mine) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<StaticFile> StaticFiles::find(std::string_view path) const {
  try {
    if (path.empty() || path.front() != '/') return std::nullopt;
    std::string_view rel = path;
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);  // never an absolute join
    // No hidden files or directories (".env", ".git/..."); parse_target already refused "..".
    for (std::size_t pos = 0; pos <= rel.size();) {
      auto slash = rel.find('/', pos);
      std::string_view seg =
          rel.substr(pos, slash == std::string_view::npos ? rel.npos : slash - pos);
      if (!seg.empty() && seg.front() == '.') return std::nullopt;
      if (slash == std::string_view::npos) break;
      pos = slash + 1;
    }
    const bool immutable = path.starts_with("/assets/");
    if (!rel.empty()) {
      if (auto real = resolve(rel)) {
        if (auto file = load(*real, immutable)) return file;
      }
    }
    // SPA fallback: client-side routes have no extension; index.html is never cached long.
    if (!extension_of(path).empty()) return std::nullopt;
    auto index = resolve("index.html");
    if (!index) return std::nullopt;
    return load(*index, false);
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<fs::path> StaticFiles::resolve(std::string_view rel) const {
  std::string key(rel);
  {
    std::lock_guard lock(cache_->mutex);
    if (auto it = cache_->resolved.find(key); it != cache_->resolved.end()) return it->second;
  }
  std::error_code ec;
  fs::path real = fs::canonical(root_ / fs::path(rel), ec);
  if (ec || !within(root_, real) || real == root_ || !fs::is_regular_file(real, ec)) {
    return std::nullopt;
  }
  std::lock_guard lock(cache_->mutex);
  if (cache_->resolved.size() >= kMaxResolved) cache_->resolved.clear();
  cache_->resolved.emplace(std::move(key), real);
  return real;
}

std::optional<StaticFile> StaticFiles::load(const fs::path& file, bool immutable) const {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    std::lock_guard lock(cache_->mutex);  // gone or replaced: resolve afresh next time
    cache_->resolved.clear();
    return std::nullopt;
  }
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > kMaxFileSize) return std::nullopt;
  const std::int64_t mtime =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;

  StaticFile out;
  out.content_type = std::string(content_type_for(lower(file.extension().string())));
  out.etag = make_etag(size, mtime);
  out.cache_control = std::string(immutable ? kImmutable : kNoCache);

  const std::string key = file.string();
  {
    std::lock_guard lock(cache_->mutex);
    auto it = cache_->entries.find(key);
    if (it != cache_->entries.end() && it->second.size == size && it->second.mtime_ns == mtime) {
      out.content = it->second.content;
      return out;
    }
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  auto content = std::make_shared<std::string>(size, '\0');
  in.read(content->data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) return std::nullopt;  // changed under us
  out.content = content;
  if (size <= kMaxCachedFileSize) {
    std::lock_guard lock(cache_->mutex);
    auto& entries = cache_->entries;
    if (auto it = entries.find(key); it != entries.end()) {
      cache_->bytes -= it->second.content->size();
      entries.erase(it);
    }
    if (cache_->bytes + size > kMaxCacheBytes) {  // a rebuilt app: start afresh
      entries.clear();
      cache_->bytes = 0;
    }
    entries.emplace(key, Cache::Entry{size, mtime, content});
    cache_->bytes += size;
  }
  return out;
}

}  // namespace passerelle::http::detail
