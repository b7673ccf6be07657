#include "crypto/file_cipher.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace passerelle::crypto {
namespace {

constexpr char kMagic[] = "PASSERELLE-BACKUP\x01";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;
constexpr std::size_t kChunk = 64 * 1024;

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_new(const std::filesystem::path& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + p.string() + ": " + std::strerror(errno));
  std::FILE* f = ::fdopen(fd, "wb");
  if (!f) {
    ::close(fd);
    throw std::runtime_error("cannot open " + p.string());
  }
  return File(f);
}

File open_read(const std::filesystem::path& p) {
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + p.string() + ": " + std::strerror(errno));
  return File(f);
}

void write_all(std::FILE* f, const void* data, std::size_t n) {
  if (std::fwrite(data, 1, n, f) != n) throw std::runtime_error("write failed (disk full?)");
}

void finish(File& f) {
  if (std::fflush(f.get()) != 0 || ::fsync(::fileno(f.get())) != 0)
    throw std::runtime_error("write failed (disk full?)");
}

}  // namespace

void seal_file(const MasterKey& key, const std::filesystem::path& plain,
               const std::filesystem::path& sealed) {
  Bytes k = key.derive(KeyPurpose::backup_file);
  File in = open_read(plain);
  File out = open_new(sealed);
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_state st;
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, k.data());
  wipe(k);
  std::uint32_t id = key.id();
  unsigned char id_bytes[4] = {static_cast<unsigned char>(id >> 24),
                               static_cast<unsigned char>(id >> 16),
                               static_cast<unsigned char>(id >> 8), static_cast<unsigned char>(id)};
  write_all(out.get(), kMagic, kMagicSize);
  write_all(out.get(), id_bytes, 4);
  write_all(out.get(), header, sizeof header);
  std::vector<unsigned char> buf(kChunk),
      enc(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES);
  for (;;) {
    std::size_t n = std::fread(buf.data(), 1, kChunk, in.get());
    bool last = n < kChunk;  // also true at EOF on an exact multiple: an empty final chunk
    unsigned long long len = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &st, enc.data(), &len, buf.data(), n, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    write_all(out.get(), enc.data(), static_cast<std::size_t>(len));
    if (last) break;
  }
  if (std::ferror(in.get())) throw std::runtime_error("cannot read " + plain.string());
  finish(out);
}

void open_file(const MasterKey& key, const std::filesystem::path& sealed,
               const std::filesystem::path& plain) {
  File in = open_read(sealed);
  char magic[kMagicSize];
  unsigned char id_bytes[4];
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  if (std::fread(magic, 1, kMagicSize, in.get()) != kMagicSize ||
      std::memcmp(magic, kMagic, kMagicSize) != 0)
    throw std::runtime_error(sealed.string() + " is not a Passerelle backup");
  if (std::fread(id_bytes, 1, 4, in.get()) != 4 ||
      std::fread(header, 1, sizeof header, in.get()) != sizeof header)
    throw std::runtime_error(sealed.string() + " is truncated");
  std::uint32_t id = (std::uint32_t(id_bytes[0]) << 24) | (std::uint32_t(id_bytes[1]) << 16) |
                     (std::uint32_t(id_bytes[2]) << 8) | std::uint32_t(id_bytes[3]);
  if (id != key.id())
    throw std::runtime_error(
        "this backup was made with another master key (use the key file "
        "that was in force when it was made)");
  Bytes k = key.derive(KeyPurpose::backup_file);
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, header, k.data()) != 0)
    throw std::runtime_error(sealed.string() + " has a damaged header");
  wipe(k);
  File out = open_new(plain);
  std::vector<unsigned char> enc(kChunk + crypto_secretstream_xchacha20poly1305_ABYTES),
      buf(kChunk);
  bool final_seen = false;
  while (!final_seen) {
    std::size_t n = std::fread(enc.data(), 1, enc.size(), in.get());
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES) break;
    unsigned long long len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, buf.data(), &len, &tag, enc.data(), n,
                                                   nullptr, 0) != 0) {
      std::filesystem::remove(plain);
      throw std::runtime_error(sealed.string() + " has been altered or damaged");
    }
    write_all(out.get(), buf.data(), static_cast<std::size_t>(len));
    final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  if (!final_seen) {
    std::filesystem::remove(plain);
    throw std::runtime_error(sealed.string() + " is truncated");
  }
  finish(out);
}

}  // namespace passerelle::crypto
