#include "crypto/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace passerelle::crypto {

namespace {

constexpr std::size_t kMasterKeyBytes = 32;
static_assert(kMasterKeyBytes == crypto_kdf_KEYBYTES);
// crypto_kdf needs exactly 8 context bytes. Part of the stored format: never change.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "passerel";
// A key file holds 64 hex characters and perhaps a newline; anything much larger is not a key.
constexpr std::size_t kMaxKeyFileBytes = 4096;

std::uint32_t key_id_of(const Bytes& key) {
  // "First 4 bytes of BLAKE2b(master key)": BLAKE2b with the default 32-byte output.
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, key.data(), key.size(), nullptr, 0);
  const std::uint32_t id = (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
                           (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
  sodium_memzero(digest, sizeof digest);
  return id;
}

std::string errno_text() { return std::strerror(errno); }

// Closes a descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Returns close()'s result so that a failed final flush is not missed.
  int release_and_close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

MasterKey::MasterKey(Bytes key) : key_(std::move(key)) {
  init();
  if (key_.size() != kMasterKeyBytes) {
    wipe(key_);
    throw std::invalid_argument("a master key must be 32 bytes");
  }
  id_ = key_id_of(key_);
}

MasterKey::~MasterKey() { wipe(key_); }

MasterKey::MasterKey(MasterKey&& other) noexcept : key_(std::move(other.key_)), id_(other.id_) {
  other.key_.clear();
  other.id_ = 0;
}

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    wipe(key_);
    key_ = std::move(other.key_);
    id_ = other.id_;
    other.key_.clear();
    other.id_ = 0;
  }
  return *this;
}

Bytes MasterKey::derive(KeyPurpose purpose) const {
  if (key_.size() != kMasterKeyBytes) throw std::logic_error("derive() on a moved-from MasterKey");
  Bytes sub(32);
  if (crypto_kdf_derive_from_key(sub.data(), sub.size(), static_cast<std::uint64_t>(purpose),
                                 kKdfContext, key_.data()) != 0) {
    throw std::runtime_error("key derivation failed");
  }
  return sub;
}

MasterKey MasterKey::generate() { return MasterKey(random_bytes(kMasterKeyBytes)); }

MasterKey MasterKey::load_file(const std::filesystem::path& path) {
  init();
  const std::string shown = path.string();
  // O_NOFOLLOW: a symlink planted in place of the key file is refused rather than followed.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    throw std::runtime_error("cannot open key file " + shown + ": " + errno_text());
  }
  // fstat on the open descriptor, so the mode checked is the mode of the file actually read.
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    throw std::runtime_error("cannot stat key file " + shown + ": " + errno_text());
  }
  if (!S_ISREG(st.st_mode))
    throw std::runtime_error("key file " + shown + " is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw std::runtime_error("key file " + shown +
                             " is accessible by group or others; run: chmod 600 " + shown);
  }
  Bytes content(kMaxKeyFileBytes + 1);
  std::size_t used = 0;
  while (used < content.size()) {
    const ssize_t n = ::read(fd.get(), content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      wipe(content);
      throw std::runtime_error("cannot read key file " + shown + ": " + errno_text());
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > kMaxKeyFileBytes) {
    wipe(content);
    throw std::runtime_error("key file " + shown + " is too large to be a key file");
  }
  std::size_t begin = 0;
  std::size_t end = used;
  while (begin < end && is_space(static_cast<char>(content[begin]))) ++begin;
  while (end > begin && is_space(static_cast<char>(content[end - 1]))) --end;
  const std::string_view hex(reinterpret_cast<const char*>(content.data()) + begin, end - begin);
  Bytes key;
  const bool ok = hex.size() == 2 * kMasterKeyBytes && from_hex(hex, key);
  wipe(content);
  if (!ok) {
    wipe(key);
    // Never echo the content: it may be a key in another format.
    throw std::runtime_error("key file " + shown +
                             " must contain exactly 64 hexadecimal characters (a 32-byte key)");
  }
  return MasterKey(std::move(key));
}

void MasterKey::save_file(const std::filesystem::path& path) const {
  if (key_.size() != kMasterKeyBytes)
    throw std::logic_error("save_file() on a moved-from MasterKey");
  const std::string shown = path.string();
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                           S_IRUSR | S_IWUSR));
  if (fd.get() < 0) {
    if (errno == EEXIST) {
      throw std::runtime_error("key file " + shown +
                               " already exists; refusing to overwrite a key (data encrypted with "
                               "it would become unreadable)");
    }
    throw std::runtime_error("cannot create key file " + shown + ": " + errno_text());
  }
  auto fail = [&](const std::string& what) {
    const std::string reason = errno_text();
    ::unlink(path.c_str());  // leave no half-written key behind
    throw std::runtime_error(what + " " + shown + ": " + reason);
  };
  // The umask can only remove bits from 0600; fchmod makes the mode exact whatever it is.
  if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0) fail("cannot set mode 0600 on key file");

  std::string text = to_hex(key_);
  text.push_back('\n');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      sodium_memzero(text.data(), text.size());
      fail("cannot write key file");
    }
    done += static_cast<std::size_t>(n);
  }
  sodium_memzero(text.data(), text.size());
  if (::fsync(fd.get()) != 0) fail("cannot fsync key file");
  if (fd.release_and_close() != 0) fail("cannot close key file");

  // Make the new directory entry durable too; best effort (some file systems refuse).
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
}

MasterKey MasterKey::from_passphrase(std::string_view passphrase, const Bytes& salt) {
  init();
  if (salt.size() != crypto_pwhash_SALTBYTES) {
    throw std::invalid_argument("the passphrase salt must be 16 bytes");
  }
  Bytes key(kMasterKeyBytes);
  // libsodium declares the passphrase non-null even when empty.
  const char* pass = passphrase.empty() ? "" : passphrase.data();
  if (crypto_pwhash(key.data(), key.size(), pass, passphrase.size(), salt.data(),
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    wipe(key);
    throw std::runtime_error("deriving the master key from the passphrase failed (out of memory)");
  }
  return MasterKey(std::move(key));
}

}  // namespace passerelle::crypto
