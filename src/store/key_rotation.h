// Re-encryption of every encrypted field under the vault's current key (`passerelle keys
// rotate`). Each encrypted column is declared once here; a test fails if a migration adds an
// encrypted column that is not declared.
#pragma once

#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

struct EncryptedColumn {
  std::string_view table;
  std::string_view column;
  std::string_view id_column;
  std::string_view only_where;  // extra SQL condition (constant text), or empty
};

const std::vector<EncryptedColumn>& encrypted_columns();

// Re-encrypts, table by table in batches, each field not yet under the current key. Idempotent:
// safe to run again after an interruption. Returns how many fields were rewritten.
long long reencrypt_all(Database& db, const Vault& vault);

}  // namespace passerelle::store
