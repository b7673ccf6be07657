// Whole-file encryption for backups: libsodium secretstream (XChaCha20-Poly1305) in 64 KiB
// chunks, the last one tagged FINAL so a truncated file is refused.
//
// File format: magic "PASSERELLE-BACKUP\x01" | 4-byte key id | secretstream header | chunks.
#pragma once

#include <filesystem>

#include "crypto/keyring.h"

namespace passerelle::crypto {

// Encrypts `plain` into the new file `sealed` (refuses to overwrite; mode 0600).
void seal_file(const MasterKey& key, const std::filesystem::path& plain,
               const std::filesystem::path& sealed);
// Decrypts `sealed` into the new file `plain`. Throws std::runtime_error when the file was made
// with another key, is truncated or has been altered.
void open_file(const MasterKey& key, const std::filesystem::path& sealed,
               const std::filesystem::path& plain);

}  // namespace passerelle::crypto
