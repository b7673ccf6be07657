#include "store/anonymiser.h"

#include <soci/soci.h>

#include <algorithm>
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
    // Procedures keep their skeleton (kind, status, dates, choices in `fields`) for the
    // indicators; their free text, the packet sent to a partner and the steps' free text go.
    affected("UPDATE procedure_steps SET details_enc = NULL WHERE procedure_id IN (SELECT id FROM "
             "procedures WHERE case_id = :c)", c);
    affected("UPDATE procedures SET details_enc = NULL, packet_enc = NULL WHERE case_id = :c", c);
  }
  n.encounters += affected("UPDATE encounters SET notes_enc = NULL WHERE person_id = :p AND notes_enc IS NOT NULL", person_id);
  // Her attendance of group sessions and her part in media stay, linked to the anonymised record:
  // they hold no free text about her, and funders' counts of people reached must not drop.
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

#include "core/clock.h"
#include "store/person_repository.h"

namespace passerelle::store {

int merge_people(Tx& tx, const Vault& vault, const std::string& from, const std::string& into) {
  PersonRepository people(vault);
  auto source = people.find(tx, from);
  auto target = people.find(tx, into);
  if (!source || !target) throw StoreError("merge: person not found");
  int moved = 0;
  auto move = [&](const std::string& sql) {
    soci::statement st = (tx.sql.prepare << sql, soci::use(into), soci::use(from));
    st.execute(true);
    moved += static_cast<int>(st.get_affected_rows());
  };
  move("UPDATE cases SET person_id = :into WHERE person_id = :from");
  move("UPDATE consents SET person_id = :into WHERE person_id = :from");
  move("UPDATE encounters SET person_id = :into WHERE person_id = :from");
  // Attendance: one row per person and session. Where both records attended the same session,
  // the kept person's row stays and takes over the projects the other row counted towards.
  tx.sql << "INSERT INTO project_records (project_id, record_type, record_id) SELECT "
            "pr.project_id, 'attendance', k.id FROM project_records pr JOIN attendance d ON d.id = "
            "pr.record_id JOIN attendance k ON k.session_id = d.session_id AND k.person_id = :into "
            "WHERE pr.record_type = 'attendance' AND d.person_id = :from ON CONFLICT (project_id, "
            "record_type, record_id) DO NOTHING",
      soci::use(into), soci::use(from);
  tx.sql << "DELETE FROM project_records WHERE record_type = 'attendance' AND record_id IN (SELECT "
            "d.id FROM attendance d JOIN attendance k ON k.session_id = d.session_id WHERE "
            "k.person_id = :into AND d.person_id = :from)",
      soci::use(into), soci::use(from);
  tx.sql << "DELETE FROM attendance WHERE session_id IN (SELECT k.session_id FROM attendance k "
            "WHERE k.person_id = :into) AND person_id = :from",
      soci::use(into), soci::use(from);
  move("UPDATE attendance SET person_id = :into WHERE person_id = :from");
  // Media: where both took part in the same item, the kept person's part stays.
  tx.sql << "DELETE FROM media_participants WHERE media_id IN (SELECT k.media_id FROM "
            "media_participants k WHERE k.person_id = :into) AND person_id = :from",
      soci::use(into), soci::use(from);
  move("UPDATE media_participants SET person_id = :into WHERE person_id = :from");
  // Relations: re-point both ends, dropping any that would duplicate or self-link.
  tx.sql << "DELETE FROM relations WHERE (person_id = :a AND relative_id = :b) OR (person_id = :c "
            "AND relative_id = :d)",
      soci::use(from), soci::use(into), soci::use(into), soci::use(from);
  // Relations of the merged record are re-created on the target where it has none to that
  // relative yet; the rest (duplicates) go with the merged record.
  {
    std::vector<std::pair<std::string, std::string>> rel;
    std::string relative, kind;
    soci::statement st = (tx.sql.prepare << "SELECT relative_id, relation FROM relations WHERE person_id = :f",
                          soci::use(from), soci::into(relative), soci::into(kind));
    st.execute();
    while (st.fetch()) rel.emplace_back(relative, kind);
    tx.sql << "DELETE FROM relations WHERE person_id = :f OR relative_id = :f2", soci::use(from), soci::use(from);
    for (const auto& [r, k] : rel) {
      if (r == into) continue;
      int exists = 0;
      tx.sql << "SELECT count(*) FROM relations WHERE person_id = :p AND relative_id = :r",
          soci::use(into), soci::use(r), soci::into(exists);
      if (exists) continue;
      tx.sql << "INSERT INTO relations (person_id, relative_id, relation) VALUES (:p, :r, :k)",
          soci::use(into), soci::use(r), soci::use(k);
      ++moved;
    }
  }
  // Names of the merged record become aliases, so a search by them still finds her.
  core::Person merged = *target;
  std::string old_name = source->given_name + (source->family_name.empty() ? "" : " " + source->family_name);
  auto add_alias = [&](const std::string& a) {
    if (a.empty() || a == target->given_name + " " + target->family_name) return;
    if (std::find(merged.aliases.begin(), merged.aliases.end(), a) == merged.aliases.end())
      merged.aliases.push_back(a);
  };
  add_alias(old_name);
  for (const auto& a : source->aliases) add_alias(a);
  for (const auto& ph : source->contact.phones)
    if (std::find(merged.contact.phones.begin(), merged.contact.phones.end(), ph) == merged.contact.phones.end())
      merged.contact.phones.push_back(ph);
  if (!merged.birth_date && source->birth_date) merged.birth_date = source->birth_date;
  if (!merged.birth_year && source->birth_year) merged.birth_year = source->birth_year;
  for (const auto& n : source->nationalities)
    if (std::find(merged.nationalities.begin(), merged.nationalities.end(), n) == merged.nationalities.end())
      merged.nationalities.push_back(n);
  if (people.update(tx, merged, target->version) != UpdateOutcome::updated)
    throw StoreError("merge: the target changed meanwhile");
  core::Person gone = *source;
  gone.merged_into = into;
  if (people.update(tx, gone, source->version) != UpdateOutcome::updated)
    throw StoreError("merge: the source changed meanwhile");
  tx.sql << "DELETE FROM person_search_keys WHERE person_id = :p", soci::use(from);
  return moved;
}

}  // namespace passerelle::store
