#include "store/anonymiser.h"

#include <soci/soci.h>

#include <vector>

namespace passerelle::store {

AnonymisationCount anonymise_person(Tx& tx, const Vault& vault, const std::string& person_id,
                                    const std::string& now_iso) {
  AnonymisationCount n;
  std::string given = vault.encrypt("Anonymised", "people", "given_name_enc", person_id);
  soci::statement st = (tx.sql.prepare << "UPDATE people SET given_name_enc = :g, family_name_enc = "
                                          "NULL, aliases_enc = NULL, birth_date_enc = NULL, "
                                          "contact_enc = NULL, documents = '{}', anonymised_at = "
                                          ":a, updated_at = :u, version = version + 1 WHERE id = "
                                          ":id AND anonymised_at IS NULL",
                        soci::use(given), soci::use(now_iso), soci::use(now_iso), soci::use(person_id));
  st.execute(true);
  n.people = static_cast<int>(st.get_affected_rows());
  tx.sql << "DELETE FROM person_search_keys WHERE person_id = :p", soci::use(person_id);
  tx.sql << "DELETE FROM relations WHERE person_id = :p OR relative_id = :p2", soci::use(person_id),
      soci::use(person_id);
  // Free text of every record of her cases goes; the records stay for the counts.
  std::vector<std::string> case_ids;
  {
    std::string id;
    soci::statement s = (tx.sql.prepare << "SELECT id FROM cases WHERE person_id = :p",
                         soci::use(person_id), soci::into(id));
    s.execute();
    while (s.fetch()) case_ids.push_back(id);
  }
  auto affected = [&](const std::string& sql, const std::string& id) {
    soci::statement s = (tx.sql.prepare << sql, soci::use(id));
    s.execute(true);
    return static_cast<int>(s.get_affected_rows());
  };
  for (const auto& c : case_ids) {
    affected("UPDATE cases SET summary_enc = NULL, closure_reason = NULL WHERE id = :c", c);
    n.notes += affected("DELETE FROM notes WHERE case_id = :c", c);
    n.encounters += affected("UPDATE encounters SET notes_enc = NULL WHERE case_id = :c", c);
    n.events += affected("UPDATE trafficking_events SET place_enc = NULL, description_enc = NULL WHERE case_id = :c", c);
    n.goals += affected("DELETE FROM case_goals WHERE case_id = :c", c);
    // Task titles are free text: the tasks themselves go.
    n.tasks += affected("DELETE FROM tasks WHERE case_id = :c", c);
    affected("DELETE FROM break_glass WHERE case_id = :c", c);
  }
  n.encounters += affected("UPDATE encounters SET notes_enc = NULL WHERE person_id = :p AND notes_enc IS NOT NULL", person_id);
  return n;
}

std::vector<std::string> people_due_for_retention(Tx& tx, const std::string& cutoff_date, int limit) {
  std::vector<std::string> ids;
  std::string id;
  long long lim = limit;
  // Every case closed before the cutoff, and at least one case (people never followed in a case
  // fall under their own rule, not this one).
  soci::statement st =
      (tx.sql.prepare << "SELECT p.id FROM people p WHERE p.anonymised_at IS NULL AND EXISTS "
                         "(SELECT 1 FROM cases c WHERE c.person_id = p.id) AND NOT EXISTS (SELECT 1 "
                         "FROM cases c WHERE c.person_id = p.id AND (c.closed_on IS NULL OR "
                         "c.closed_on >= :cutoff)) ORDER BY p.id LIMIT :l",
       soci::use(cutoff_date), soci::use(lim), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

}  // namespace passerelle::store
