#include "crypto/field_cipher.h"

#include <sodium.h>

namespace passerelle::crypto {

namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kHeaderBytes = 1 + 4;  // version | key id
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonceBytes == 24 && kTagBytes == 16);

void append_u32(Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 24));
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

std::uint32_t read_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

void append_part(Bytes& out, std::string_view part) {
  append_u32(out, static_cast<std::uint32_t>(part.size()));
  out.insert(out.end(), part.begin(), part.end());
}

// The associated data binds the ciphertext to its place ("table/column/row id") and to its own
// header. Each part is length-prefixed rather than joined with '/', so that no table, column or
// row id containing '/' can make two different places look alike. Covering the header means the
// version byte and key id cannot be altered without the tag failing.
Bytes associated_data(const Bytes& header, const FieldPlace& place) {
  Bytes ad(header.begin(), header.end());
  append_part(ad, place.table);
  append_part(ad, place.column);
  append_part(ad, place.row_id);
  return ad;
}

}  // namespace

struct FieldCipher::Key {
  std::uint32_t id = 0;
  Bytes bytes;
  ~Key() { wipe(bytes); }
};

FieldCipher::FieldCipher(const MasterKey& current, const MasterKey* previous)
    : current_(std::make_unique<Key>()) {
  current_->id = current.id();
  current_->bytes = current.derive(KeyPurpose::field_encryption);
  if (previous != nullptr) {
    previous_ = std::make_unique<Key>();
    previous_->id = previous->id();
    previous_->bytes = previous->derive(KeyPurpose::field_encryption);
  }
}

FieldCipher::~FieldCipher() = default;

std::string FieldCipher::encrypt(std::string_view plaintext, const FieldPlace& place) const {
  Bytes out;
  out.reserve(kHeaderBytes + kNonceBytes + plaintext.size() + kTagBytes);
  out.push_back(kFormatVersion);
  append_u32(out, current_->id);
  const Bytes header(out.begin(), out.end());
  // Random 192-bit nonces: collisions are negligible even for billions of fields under one key.
  const Bytes nonce = random_bytes(kNonceBytes);
  out.insert(out.end(), nonce.begin(), nonce.end());
  const Bytes ad = associated_data(header, place);

  const std::size_t body = out.size();
  out.resize(body + plaintext.size() + kTagBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + body, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), ad.data(), ad.size(), nullptr, nonce.data(), current_->bytes.data());
  out.resize(body + written);
  return to_base64url(out);
}

std::optional<std::string> FieldCipher::decrypt(std::string_view stored,
                                                const FieldPlace& place) const {
  Bytes raw;
  if (!from_base64url(stored, raw)) return std::nullopt;
  if (raw.size() < kHeaderBytes + kNonceBytes + kTagBytes || raw[0] != kFormatVersion) {
    return std::nullopt;
  }
  const std::uint32_t id = read_u32(raw.data() + 1);
  const Key* key = nullptr;
  if (id == current_->id) {
    key = current_.get();
  } else if (previous_ != nullptr && id == previous_->id) {
    key = previous_.get();
  } else {
    return std::nullopt;
  }
  const Bytes header(raw.begin(), raw.begin() + kHeaderBytes);
  const Bytes ad = associated_data(header, place);
  const std::uint8_t* nonce = raw.data() + kHeaderBytes;
  const std::uint8_t* cipher = nonce + kNonceBytes;
  const std::size_t cipher_len = raw.size() - kHeaderBytes - kNonceBytes;

  Bytes plain(cipher_len - kTagBytes);
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &plain_len, nullptr, cipher,
                                                 cipher_len, ad.data(), ad.size(), nonce,
                                                 key->bytes.data()) != 0) {
    return std::nullopt;
  }
  std::string result(reinterpret_cast<const char*>(plain.data()), plain_len);
  wipe(plain);
  return result;
}

std::optional<std::uint32_t> FieldCipher::key_id_of(std::string_view stored) {
  Bytes raw;
  if (!from_base64url(stored, raw)) return std::nullopt;
  if (raw.size() < kHeaderBytes + kNonceBytes + kTagBytes || raw[0] != kFormatVersion) {
    return std::nullopt;
  }
  return read_u32(raw.data() + 1);
}

}  // namespace passerelle::crypto
