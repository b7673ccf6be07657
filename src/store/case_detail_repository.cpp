#include <soci/soci.h>

#include <deque>

#include "core/clock.h"
#include "store/column_codec.h"
#include "store/case_repository.h"

namespace passerelle::store {
void CaseDetailRepository::add_event(Tx& tx, const TraffickingEvent& e) const {
  Indicators ind;
  std::string place = e.place.empty() ? "" : vault_.encrypt(e.place, "trafficking_events", "place_enc", e.id);
  std::string description = e.description.empty() ? "" : vault_.encrypt(e.description, "trafficking_events", "description_enc", e.id);
  std::string country = e.country.value_or(""), on = e.happened_on.value_or("");
  tx.sql << "INSERT INTO trafficking_events (id, case_id, stage, country, place_enc, happened_on, "
            "description_enc, created_at) VALUES (:id, :c, :s, :co, :p, :h, :d, :ca)",
      soci::use(e.id), soci::use(e.case_id), soci::use(e.stage), soci::use(country, ind(e.country.has_value())),
      soci::use(place, ind(!e.place.empty())), soci::use(on, ind(e.happened_on.has_value())),
      soci::use(description, ind(!e.description.empty())), soci::use(e.created_at);
}

std::vector<TraffickingEvent> CaseDetailRepository::events(Tx& tx, const std::string& case_id) const {
  std::vector<TraffickingEvent> out;
  TraffickingEvent e;
  std::string country, place, on, description;
  soci::indicator i_country, i_place, i_on, i_description;
  soci::statement st = (tx.sql.prepare << "SELECT id, case_id, stage, country, place_enc, happened_on, "
                                          "description_enc, created_at FROM trafficking_events WHERE "
                                          "case_id = :c ORDER BY happened_on, created_at",
                        soci::use(case_id), soci::into(e.id), soci::into(e.case_id), soci::into(e.stage),
                        soci::into(country, i_country), soci::into(place, i_place), soci::into(on, i_on),
                        soci::into(description, i_description), soci::into(e.created_at));
  st.execute();
  while (st.fetch()) {
    TraffickingEvent x = e;
    x.country = nullable(country, i_country);
    x.happened_on = nullable(on, i_on);
    x.place = i_place == soci::i_ok ? vault_.decrypt(place, "trafficking_events", "place_enc", e.id) : "";
    x.description = i_description == soci::i_ok ? vault_.decrypt(description, "trafficking_events", "description_enc", e.id) : "";
    out.push_back(x);
  }
  return out;
}

void CaseDetailRepository::add_goal(Tx& tx, const CaseGoal& g) const {
  Indicators ind;
  std::string objective = vault_.encrypt(g.objective, "case_goals", "objective_enc", g.id);
  std::string planned = g.planned_end.value_or("");
  long long version = g.version;
  tx.sql << "INSERT INTO case_goals (id, case_id, type, objective_enc, status, progress, planned_end, "
            "created_at, updated_at, version) VALUES (:id, :c, :t, :o, :s, :p, :pe, :ca, :ua, :v)",
      soci::use(g.id), soci::use(g.case_id), soci::use(g.type), soci::use(objective), soci::use(g.status),
      soci::use(g.progress), soci::use(planned, ind(g.planned_end.has_value())), soci::use(g.created_at),
      soci::use(g.updated_at), soci::use(version);
}

namespace {

std::vector<CaseGoal> select_goals(Tx& tx, const Vault& vault, const char* where, const std::string& value) {
  std::vector<CaseGoal> out;
  CaseGoal g;
  std::string objective, planned;
  soci::indicator i_planned;
  long long version = 0;
  soci::statement st = (tx.sql.prepare << std::string("SELECT id, case_id, type, objective_enc, status, "
                                                      "progress, planned_end, created_at, updated_at, "
                                                      "version FROM case_goals WHERE ") + where +
                                              " ORDER BY created_at, id",
                        soci::use(value), soci::into(g.id), soci::into(g.case_id), soci::into(g.type),
                        soci::into(objective), soci::into(g.status), soci::into(g.progress),
                        soci::into(planned, i_planned), soci::into(g.created_at), soci::into(g.updated_at),
                        soci::into(version));
  st.execute();
  while (st.fetch()) {
    CaseGoal x = g;
    x.objective = vault.decrypt(objective, "case_goals", "objective_enc", g.id);
    x.planned_end = nullable(planned, i_planned);
    x.version = version;
    out.push_back(x);
  }
  return out;
}

}  // namespace

std::optional<CaseGoal> CaseDetailRepository::find_goal(Tx& tx, const std::string& id) const {
  auto goals = select_goals(tx, vault_, "id = :v", id);
  if (goals.empty()) return std::nullopt;
  return goals.front();
}

std::vector<CaseGoal> CaseDetailRepository::goals(Tx& tx, const std::string& case_id) const {
  return select_goals(tx, vault_, "case_id = :v", case_id);
}

UpdateOutcome CaseDetailRepository::update_goal(Tx& tx, const CaseGoal& g, std::int64_t expected_version) const {
  Indicators ind;
  std::string objective = vault_.encrypt(g.objective, "case_goals", "objective_enc", g.id);
  std::string planned = g.planned_end.value_or(""), now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st = (tx.sql.prepare << "UPDATE case_goals SET type = :t, objective_enc = :o, status = :s, "
                                          "progress = :p, planned_end = :pe, updated_at = :u, version = "
                                          "version + 1 WHERE id = :id AND version = :v",
                        soci::use(g.type), soci::use(objective), soci::use(g.status), soci::use(g.progress),
                        soci::use(planned, ind(g.planned_end.has_value())), soci::use(now), soci::use(g.id),
                        soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  return find_goal(tx, g.id) ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

void CaseDetailRepository::set_relation(Tx& tx, const Relation& r) const {
  tx.sql << "DELETE FROM relations WHERE person_id = :p AND relative_id = :r", soci::use(r.person_id),
      soci::use(r.relative_id);
  tx.sql << "INSERT INTO relations (person_id, relative_id, relation) VALUES (:p, :r, :k)",
      soci::use(r.person_id), soci::use(r.relative_id), soci::use(r.relation);
}

bool CaseDetailRepository::remove_relation(Tx& tx, const std::string& person_id, const std::string& relative_id) const {
  soci::statement st = (tx.sql.prepare << "DELETE FROM relations WHERE person_id = :p AND relative_id = :r",
                        soci::use(person_id), soci::use(relative_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<Relation> CaseDetailRepository::relations(Tx& tx, const std::string& person_id) const {
  std::vector<Relation> out;
  Relation r;
  soci::statement st = (tx.sql.prepare << "SELECT person_id, relative_id, relation FROM relations WHERE "
                                          "person_id = :p ORDER BY relation, relative_id",
                        soci::use(person_id), soci::into(r.person_id), soci::into(r.relative_id),
                        soci::into(r.relation));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

void CaseDetailRepository::add_site(Tx& tx, const Site& s) const {
  int active = s.active ? 1 : 0;
  tx.sql << "INSERT INTO sites (id, name, kind, active) VALUES (:id, :n, :k, :a)", soci::use(s.id),
      soci::use(s.name), soci::use(s.kind), soci::use(active);
}

std::vector<Site> CaseDetailRepository::sites(Tx& tx) const {
  std::vector<Site> out;
  Site s;
  int active = 0;
  soci::statement st = (tx.sql.prepare << "SELECT id, name, kind, active FROM sites ORDER BY name",
                        soci::into(s.id), soci::into(s.name), soci::into(s.kind), soci::into(active));
  st.execute();
  while (st.fetch()) {
    s.active = active != 0;
    out.push_back(s);
  }
  return out;
}

std::string CaseDetailRepository::needs(Tx& tx, const std::string& case_id) const {
  std::string needs = "{}";
  tx.sql << "SELECT needs FROM cases WHERE id = :c", soci::use(case_id), soci::into(needs);
  return needs;
}

void CaseDetailRepository::set_needs(Tx& tx, const std::string& case_id, const std::string& needs_json) const {
  std::string now = core::now_iso8601();
  tx.sql << "UPDATE cases SET needs = :n, updated_at = :u, version = version + 1 WHERE id = :c",
      soci::use(needs_json), soci::use(now), soci::use(case_id);
}

}  // namespace passerelle::store
