// People: identity encrypted field by field, found through blind indexes only (names and aliases
// by normalised tokens and phonetic keys, phones, birth dates). No query ever scans plaintext.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/person.h"
#include "store/database.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

struct NameMatch {
  std::string person_id;
  int score = 0;           // 2 per query word matched exactly (after normalising), 1 phonetically
  int words_matched = 0;   // how many of the query's words matched at all
};

class PersonRepository {
 public:
  explicit PersonRepository(const Vault& vault) : vault_(vault) {}

  void create(Tx& tx, const core::Person& p) const;
  std::optional<core::Person> find(Tx& tx, const std::string& id) const;
  // Several people at once (one query per 500 ids), by id; ids not found are absent.
  std::map<std::string, core::Person> find_many(Tx& tx, const std::vector<std::string>& ids) const;
  // Replaces every field of the stored person with `p`'s when the version matches.
  UpdateOutcome update(Tx& tx, const core::Person& p, std::int64_t expected_version) const;
  // People whose names or aliases share words with `query`, best first; each query word must
  // match (exactly or phonetically) unless `min_words` allows fewer.
  std::vector<NameMatch> search_name(Tx& tx, std::string_view query, int min_words,
                                     int limit) const;
  std::vector<std::string> find_by_phone(Tx& tx, std::string_view phone) const;
  std::vector<std::string> find_by_birth_date(Tx& tx, std::string_view date) const;
  // Rewrites the person's blind indexes (after a change of names, phones or birth date, and
  // after a key rotation).
  void reindex(Tx& tx, const core::Person& p) const;
  // All ids (for re-indexing after a key rotation), in batches.
  std::vector<std::string> ids_after(Tx& tx, const std::string& after, int limit) const;

 private:
  std::vector<std::string> keys_of(const core::Person& p) const;
  const Vault& vault_;
};

}  // namespace passerelle::store
