#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "crypto/keyring.h"

namespace passerelle::crypto {
namespace {

namespace fs = std::filesystem;

Bytes key_0_to_31() {
  Bytes key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// A fresh private directory per test, removed afterwards.
class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "passerelle-keyring-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_file(const fs::path& path, const std::string& content, mode_t mode) {
    std::ofstream(path) << content;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  static mode_t mode_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 07777;
  }

  fs::path dir_;
};

TEST(MasterKey, RejectsKeysThatAreNot32Bytes) {
  EXPECT_THROW(MasterKey(Bytes(31)), std::invalid_argument);
  EXPECT_THROW(MasterKey(Bytes(33)), std::invalid_argument);
  EXPECT_NO_THROW(MasterKey(Bytes(32)));
}

// Expected values computed independently with Python's hashlib.blake2b: the key id is the first
// 4 bytes of BLAKE2b-256(key); derive() is crypto_kdf, i.e. BLAKE2b keyed with the master key,
// salt = purpose (64-bit little endian), personal = "passerel". Pinning them guards the stored
// format: a change here makes every existing ciphertext unreadable.
TEST(MasterKey, IdAndDerivedKeysMatchTheStoredFormat) {
  const MasterKey key(key_0_to_31());
  EXPECT_EQ(key.id(), 0xcb2f5160u);
  EXPECT_EQ(to_hex(key.derive(KeyPurpose::field_encryption)),
            "96db195dd7492b3de4f52becde418b84affef2fc29422c16ad12a9cfb147991b");
  EXPECT_EQ(to_hex(key.derive(KeyPurpose::blind_index)),
            "ee69b3918e88cf8ecdd6577787992905ee17fb6ba67c2a5fa2beaba13d3f90f8");
  EXPECT_EQ(to_hex(key.derive(KeyPurpose::audit_chain)),
            "56705b7421c786622da0d04b4a0f3436ffa68b2574d771b2e58829349210fd15");
  EXPECT_EQ(to_hex(key.derive(KeyPurpose::session_token)),
            "8371bda5765330cb722e6d7a711886c057042f9dab6fbfe79c19dd635ed7c73a");
}

TEST(MasterKey, GeneratedKeysDifferInKeyAndId) {
  const MasterKey a = MasterKey::generate();
  const MasterKey b = MasterKey::generate();
  EXPECT_NE(a.id(), b.id());
  EXPECT_NE(a.derive(KeyPurpose::field_encryption), b.derive(KeyPurpose::field_encryption));
}

TEST(MasterKey, MoveKeepsTheKeyAndEmptiesTheSource) {
  MasterKey a(key_0_to_31());
  MasterKey b(std::move(a));
  EXPECT_EQ(b.id(), 0xcb2f5160u);
  EXPECT_THROW(a.derive(KeyPurpose::blind_index),
               std::logic_error);  // NOLINT(bugprone-use-after-move)
  MasterKey c = MasterKey::generate();
  c = std::move(b);
  EXPECT_EQ(c.id(), 0xcb2f5160u);
}

TEST(MasterKey, FromPassphraseIsDeterministicPerSaltAndChecksTheSalt) {
  const Bytes salt(16, 0x5a);
  Bytes other_salt = salt;
  other_salt[0] ^= 1;
  const MasterKey a = MasterKey::from_passphrase("correct horse battery staple", salt);
  const MasterKey b = MasterKey::from_passphrase("correct horse battery staple", salt);
  const MasterKey c = MasterKey::from_passphrase("correct horse battery staple", other_salt);
  EXPECT_EQ(a.id(), b.id());
  EXPECT_NE(a.id(), c.id());
  EXPECT_THROW(MasterKey::from_passphrase("x", Bytes(15)), std::invalid_argument);
}

TEST_F(KeyFileTest, SaveWritesMode0600AndLoadReadsTheSameKey) {
  const fs::path path = dir_ / "master.key";
  const MasterKey key = MasterKey::generate();
  // A permissive umask must not widen the file's mode.
  const mode_t old_umask = ::umask(0);
  key.save_file(path);
  ::umask(old_umask);
  EXPECT_EQ(mode_of(path), 0600u);
  const MasterKey loaded = MasterKey::load_file(path);
  EXPECT_EQ(loaded.id(), key.id());
  EXPECT_EQ(loaded.derive(KeyPurpose::field_encryption), key.derive(KeyPurpose::field_encryption));
}

TEST_F(KeyFileTest, SaveRefusesToOverwriteAnExistingFile) {
  const fs::path path = dir_ / "master.key";
  write_file(path, "not a key, but precious", 0600);
  EXPECT_THROW(MasterKey::generate().save_file(path), std::runtime_error);
  std::ifstream in(path);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "not a key, but precious");
}

TEST_F(KeyFileTest, LoadRefusesAFileReadableOrWritableByGroupOrOthers) {
  const fs::path path = dir_ / "master.key";
  write_file(path, std::string(64, 'a'), 0600);
  EXPECT_NO_THROW(MasterKey::load_file(path));
  for (const mode_t mode : {0644, 0640, 0604, 0620, 0602, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    EXPECT_THROW(MasterKey::load_file(path), std::runtime_error) << std::oct << mode;
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_NO_THROW(MasterKey::load_file(path));
}

TEST_F(KeyFileTest, LoadAcceptsSurroundingWhitespaceAndUpperCaseHex) {
  const fs::path path = dir_ / "master.key";
  std::string hex = to_hex(key_0_to_31());
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  write_file(path, "\n  " + hex + "  \r\n", 0600);
  EXPECT_EQ(MasterKey::load_file(path).id(), 0xcb2f5160u);
}

TEST_F(KeyFileTest, LoadRejectsMalformedContent) {
  const fs::path path = dir_ / "master.key";
  for (const std::string& content :
       {std::string(63, 'a'), std::string(66, 'a'), std::string(62, 'a') + "zz",
        std::string(32, 'a') + " " + std::string(32, 'a'), std::string()}) {
    fs::remove(path);
    write_file(path, content, 0600);
    EXPECT_THROW(MasterKey::load_file(path), std::runtime_error) << content;
  }
}

TEST_F(KeyFileTest, LoadRefusesMissingFilesSymlinksAndDirectories) {
  EXPECT_THROW(MasterKey::load_file(dir_ / "absent.key"), std::runtime_error);
  const fs::path real = dir_ / "real.key";
  write_file(real, std::string(64, 'b'), 0600);
  fs::create_symlink(real, dir_ / "link.key");
  EXPECT_THROW(MasterKey::load_file(dir_ / "link.key"), std::runtime_error);
  fs::create_directory(dir_ / "adir");
  ::chmod((dir_ / "adir").c_str(), 0700);
  EXPECT_THROW(MasterKey::load_file(dir_ / "adir"), std::runtime_error);
}

}  // namespace
}  // namespace passerelle::crypto
