#include "store/key_rotation.h"

#include <soci/soci.h>

#include "crypto/field_cipher.h"
#include "store/person_repository.h"

namespace passerelle::store {

const std::vector<EncryptedColumn>& encrypted_columns() {
  static const std::vector<EncryptedColumn> columns = {
      {"users", "display_name", "id", ""},
      {"users", "mfa_secret", "id", ""},
      {"users", "mfa_pending_secret", "id", ""},
      {"settings", "value", "name", "name LIKE 'keys.%'"},
      {"people", "given_name_enc", "id", ""},
      {"people", "family_name_enc", "id", ""},
      {"people", "aliases_enc", "id", ""},
      {"people", "birth_date_enc", "id", ""},
      {"people", "contact_enc", "id", ""},
      {"cases", "summary_enc", "id", ""},
      {"trafficking_events", "place_enc", "id", ""},
      {"trafficking_events", "description_enc", "id", ""},
      {"case_goals", "objective_enc", "id", ""},
      {"notes", "body_enc", "id", ""},
      {"encounters", "notes_enc", "id", ""},
      {"tasks", "title_enc", "id", ""},
      {"break_glass", "reason_enc", "id", ""},
      {"partners", "location_enc", "id", ""},
      {"procedures", "details_enc", "id", ""},
      {"procedures", "packet_enc", "id", ""},
      {"procedure_steps", "details_enc", "id", ""},
      {"activity_sessions", "notes_enc", "id", ""},
      {"applications", "contact_enc", "id", ""},
  };
  return columns;
}

long long reencrypt_all(Database& db, const Vault& vault) {
  long long rewritten = 0;
  const std::uint32_t current = vault.current().id();
  for (const EncryptedColumn& c : encrypted_columns()) {
    // Column and table names come from the constant table above, never from input.
    std::string select = "SELECT " + std::string(c.id_column) + ", " + std::string(c.column) +
                         " FROM " + std::string(c.table) + " WHERE " + std::string(c.column) +
                         " IS NOT NULL" +
                         (c.only_where.empty() ? "" : " AND " + std::string(c.only_where));
    std::string update = "UPDATE " + std::string(c.table) + " SET " + std::string(c.column) +
                         " = :v WHERE " + std::string(c.id_column) + " = :id";
    db.write([&](Tx& tx) {
      std::vector<std::pair<std::string, std::string>> rows;
      {
        std::string id, value;
        soci::statement st = (tx.sql.prepare << select, soci::into(id), soci::into(value));
        st.execute();
        while (st.fetch()) rows.emplace_back(id, value);
      }
      for (auto& [id, value] : rows) {
        auto key_id = crypto::FieldCipher::key_id_of(value);
        if (key_id && *key_id == current) continue;
        std::string plain = vault.decrypt(value, c.table, c.column, id);
        std::string fresh = vault.encrypt(plain, c.table, c.column, id);
        tx.sql << update, soci::use(fresh), soci::use(id);
        ++rewritten;
      }
    });
  }
  // Blind indexes are keyed hashes under a key derived from the master key: rebuild them all.
  PersonRepository people(vault);
  std::string after;
  for (;;) {
    std::vector<std::string> ids;
    db.read([&](Tx& tx) { ids = people.ids_after(tx, after, 500); });
    if (ids.empty()) break;
    db.write([&](Tx& tx) {
      for (const auto& id : ids)
        if (auto p = people.find(tx, id)) people.reindex(tx, *p);
    });
    after = ids.back();
  }
  return rewritten;
}

}  // namespace passerelle::store
