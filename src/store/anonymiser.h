// Erasure by anonymisation (GDPR art. 17, retention): what identifies a person is destroyed, the
// statistical skeleton that indicators count stays (dates, types, statuses, gender, nationality,
// birth year), so reports to funders keep adding up.
#pragma once

#include <string>

#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

struct AnonymisationCount {
  int people = 0, notes = 0, encounters = 0, tasks = 0, events = 0, goals = 0;
};

// Anonymises one person and every record hanging from her cases, in the caller's transaction.
// Idempotent. Returns what was scrubbed.
AnonymisationCount anonymise_person(Tx& tx, const Vault& vault, const std::string& person_id,
                                    const std::string& now_iso);

// People whose every case has been closed for at least `years` years (closed_on before
// `cutoff_date`, YYYY-MM-DD) and who are not anonymised yet.
std::vector<std::string> people_due_for_retention(Tx& tx, const std::string& cutoff_date, int limit);

}  // namespace passerelle::store

namespace passerelle::store {

// Moves everything that hangs from `from` (cases, consents, encounters, relations) to `into`,
// keeps `from`'s names as aliases of `into`, and marks `from` as merged. In the caller's
// transaction. Returns the number of records moved.
int merge_people(Tx& tx, const Vault& vault, const std::string& from, const std::string& into);

}  // namespace passerelle::store
