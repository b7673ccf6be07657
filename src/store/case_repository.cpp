#include "store/case_repository.h"

#include <boost/json.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>

#include "core/clock.h"
#include "store/column_codec.h"

namespace passerelle::store {
namespace json = boost::json;

void CaseRepository::create(Tx& tx, core::Case& c) const {
  Indicators ind;
  std::string year = c.opened_on.substr(0, 4);
  std::string counter = "case." + year;
  long long next = 0;
  tx.sql << "SELECT value FROM counters WHERE name = :n", soci::use(counter), soci::into(next);
  if (tx.sql.got_data()) {
    ++next;
    tx.sql << "UPDATE counters SET value = :v WHERE name = :n", soci::use(next), soci::use(counter);
  } else {
    next = 1;
    tx.sql << "INSERT INTO counters (name, value) VALUES (:n, :v)", soci::use(counter), soci::use(next);
  }
  char number[32];
  std::snprintf(number, sizeof number, "%s-%04lld", year.c_str(), next);
  c.number = number;
  std::string programmes = list_to_json(c.programmes), exploitation = list_to_json(c.exploitation_types),
              control = list_to_json(c.means_of_control), recruitment = list_to_json(c.recruitment_methods);
  std::string team = c.team_id.value_or(""), vs = c.victim_status.value_or(""),
              vsb = c.victim_status_by.value_or(""), rc = c.recruitment_country.value_or("");
  std::string summary = c.summary.empty() ? "" : vault_.encrypt(c.summary, "cases", "summary_enc", c.id);
  long long version = c.version;
  std::string closed = c.closed_on.value_or(""), reason = c.closure_reason.value_or("");
  tx.sql << "INSERT INTO cases (id, number, person_id, team_id, status, opened_on, closed_on, "
            "closure_reason, programmes, victim_status, victim_status_by, exploitation_types, "
            "means_of_control, recruitment_methods, recruitment_country, needs, summary_enc, "
            "created_by, created_at, updated_at, version) VALUES (:id, :no, :p, :t, :s, :o, :cl, "
            ":cr, :pr, :vs, :vsb, :ex, :mc, :rm, :rc, '{}', :su, :cb, :ca, :ua, :v)",
      soci::use(c.id), soci::use(c.number), soci::use(c.person_id),
      soci::use(team, ind(c.team_id.has_value())), soci::use(c.status),
      soci::use(c.opened_on), soci::use(closed, ind(c.closed_on.has_value())),
      soci::use(reason, ind(c.closure_reason.has_value())), soci::use(programmes),
      soci::use(vs, ind(c.victim_status.has_value())),
      soci::use(vsb, ind(c.victim_status_by.has_value())), soci::use(exploitation),
      soci::use(control), soci::use(recruitment),
      soci::use(rc, ind(c.recruitment_country.has_value())),
      soci::use(summary, ind(!c.summary.empty())), soci::use(c.created_by),
      soci::use(c.created_at), soci::use(c.updated_at), soci::use(version);
  for (const auto& m : c.team) set_member(tx, c.id, m);
}

std::optional<core::Case> CaseRepository::find(Tx& tx, const std::string& id) const {
  core::Case c;
  std::string team, closed, reason, vs, vsb, rc, summary, programmes, exploitation, control,
      recruitment;
  soci::indicator i_team, i_closed, i_reason, i_vs, i_vsb, i_rc, i_summary;
  long long version = 0;
  tx.sql << "SELECT id, number, person_id, team_id, status, opened_on, closed_on, closure_reason, "
            "programmes, victim_status, victim_status_by, exploitation_types, means_of_control, "
            "recruitment_methods, recruitment_country, summary_enc, created_by, created_at, "
            "updated_at, version FROM cases WHERE id = :id",
      soci::use(id), soci::into(c.id), soci::into(c.number), soci::into(c.person_id),
      soci::into(team, i_team), soci::into(c.status), soci::into(c.opened_on),
      soci::into(closed, i_closed), soci::into(reason, i_reason), soci::into(programmes),
      soci::into(vs, i_vs), soci::into(vsb, i_vsb), soci::into(exploitation), soci::into(control),
      soci::into(recruitment), soci::into(rc, i_rc), soci::into(summary, i_summary),
      soci::into(c.created_by), soci::into(c.created_at), soci::into(c.updated_at),
      soci::into(version);
  if (!tx.sql.got_data()) return std::nullopt;
  c.team_id = nullable(team, i_team);
  c.closed_on = nullable(closed, i_closed);
  c.closure_reason = nullable(reason, i_reason);
  c.programmes = list_from_json(programmes);
  c.victim_status = nullable(vs, i_vs);
  c.victim_status_by = nullable(vsb, i_vsb);
  c.exploitation_types = list_from_json(exploitation);
  c.means_of_control = list_from_json(control);
  c.recruitment_methods = list_from_json(recruitment);
  c.recruitment_country = nullable(rc, i_rc);
  if (i_summary == soci::i_ok) c.summary = vault_.decrypt(summary, "cases", "summary_enc", id);
  c.version = version;
  core::CaseMember m;
  soci::statement st = (tx.sql.prepare << "SELECT user_id, role FROM case_team WHERE case_id = :id "
                                          "ORDER BY role, user_id",
                        soci::use(id), soci::into(m.user_id), soci::into(m.role));
  st.execute();
  while (st.fetch()) c.team.push_back(m);
  return c;
}

std::optional<std::string> CaseRepository::find_id_by_number(Tx& tx, const std::string& number) const {
  std::string id;
  tx.sql << "SELECT id FROM cases WHERE number = :n", soci::use(number), soci::into(id);
  if (!tx.sql.got_data()) return std::nullopt;
  return id;
}

std::vector<std::string> CaseRepository::case_ids_of_person(Tx& tx, const std::string& person_id) const {
  std::vector<std::string> ids;
  std::string id;
  soci::statement st = (tx.sql.prepare << "SELECT id FROM cases WHERE person_id = :p ORDER BY opened_on",
                        soci::use(person_id), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

UpdateOutcome CaseRepository::update(Tx& tx, const core::Case& c, std::int64_t expected_version) const {
  Indicators ind;
  std::string programmes = list_to_json(c.programmes), exploitation = list_to_json(c.exploitation_types),
              control = list_to_json(c.means_of_control), recruitment = list_to_json(c.recruitment_methods);
  std::string team = c.team_id.value_or(""), vs = c.victim_status.value_or(""),
              vsb = c.victim_status_by.value_or(""), rc = c.recruitment_country.value_or(""),
              closed = c.closed_on.value_or(""), reason = c.closure_reason.value_or("");
  std::string summary = c.summary.empty() ? "" : vault_.encrypt(c.summary, "cases", "summary_enc", c.id);
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE cases SET team_id = :t, status = :s, closed_on = :cl, "
                         "closure_reason = :cr, programmes = :pr, victim_status = :vs, "
                         "victim_status_by = :vsb, exploitation_types = :ex, means_of_control = :mc, "
                         "recruitment_methods = :rm, recruitment_country = :rc, summary_enc = :su, "
                         "updated_at = :ua, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(team, ind(c.team_id.has_value())), soci::use(c.status),
       soci::use(closed, ind(c.closed_on.has_value())),
       soci::use(reason, ind(c.closure_reason.has_value())), soci::use(programmes),
       soci::use(vs, ind(c.victim_status.has_value())),
       soci::use(vsb, ind(c.victim_status_by.has_value())), soci::use(exploitation),
       soci::use(control), soci::use(recruitment),
       soci::use(rc, ind(c.recruitment_country.has_value())),
       soci::use(summary, ind(!c.summary.empty())), soci::use(now), soci::use(c.id),
       soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  int exists = 0;
  tx.sql << "SELECT count(*) FROM cases WHERE id = :id", soci::use(c.id), soci::into(exists);
  return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

void CaseRepository::set_member(Tx& tx, const std::string& case_id, const core::CaseMember& m) const {
  tx.sql << "DELETE FROM case_team WHERE case_id = :c AND user_id = :u", soci::use(case_id),
      soci::use(m.user_id);
  tx.sql << "INSERT INTO case_team (case_id, user_id, role) VALUES (:c, :u, :r)",
      soci::use(case_id), soci::use(m.user_id), soci::use(m.role);
}

bool CaseRepository::remove_member(Tx& tx, const std::string& case_id, const std::string& user_id) const {
  soci::statement st = (tx.sql.prepare << "DELETE FROM case_team WHERE case_id = :c AND user_id = :u",
                        soci::use(case_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

core::CaseFacts CaseRepository::facts(Tx& tx, const std::string& case_id,
                                      const std::string& user_id, std::int64_t now) const {
  core::CaseFacts f;
  int n = 0;
  tx.sql << "SELECT count(*) FROM case_team WHERE case_id = :c AND user_id = :u",
      soci::use(case_id), soci::use(user_id), soci::into(n);
  f.on_case_team = n > 0;
  tx.sql << "SELECT count(*) FROM cases c JOIN team_members m ON m.team_id = c.team_id WHERE "
            "c.id = :c AND m.user_id = :u",
      soci::use(case_id), soci::use(user_id), soci::into(n);
  f.in_case_team_group = n > 0;
  long long t = now;
  tx.sql << "SELECT count(*) FROM break_glass WHERE case_id = :c AND user_id = :u AND "
            "expires_at > :n",
      soci::use(case_id), soci::use(user_id), soci::use(t), soci::into(n);
  f.break_glass = n > 0;
  return f;
}

namespace {

// Runs `head` + " IN (:i0, ...)" + `tail` for each chunk of `ids`, with `user_id` bound as :u and
// (if given) `now` as :n, calling `row(value)` with the single selected column of each row.
template <class Row>
void for_each_in(Tx& tx, const std::string& head, const std::string& tail,
                 const std::vector<std::string>& ids, const std::string* user_id,
                 const long long* now, std::string& value, Row row) {
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    std::size_t n = std::min(kChunk, ids.size() - start);
    std::string sql = head + " IN (";
    for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ")" + tail;
    soci::statement st(tx.sql);
    st.exchange(soci::into(value));
    if (user_id) st.exchange(soci::use(*user_id, "u"));
    if (now) st.exchange(soci::use(*now, "n"));
    for (std::size_t i = 0; i < n; ++i) st.exchange(soci::use(ids[start + i], "i" + std::to_string(i)));
    st.alloc();
    st.prepare(sql, soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) row(value);
  }
}

}  // namespace

std::map<std::string, core::CaseFacts> CaseRepository::facts_of(
    Tx& tx, const std::vector<std::string>& case_ids, const std::string& user_id,
    std::int64_t now) const {
  std::map<std::string, core::CaseFacts> out;
  for (const auto& id : case_ids) out[id];
  if (case_ids.empty()) return out;
  std::string id;
  long long t = now;
  // The same conditions as facts(), for a list of cases.
  for_each_in(tx, "SELECT case_id FROM case_team WHERE user_id = :u AND case_id", "", case_ids,
              &user_id, nullptr, id, [&](const std::string& c) { out[c].on_case_team = true; });
  // CROSS JOIN keeps SQLite's join order (the listed cases first): otherwise, for a long list,
  // it starts from the user's teams and walks every case of those teams.
  for_each_in(tx,
              "SELECT c.id FROM cases c CROSS JOIN team_members m WHERE m.team_id = c.team_id "
              "AND m.user_id = :u AND c.id",
              "", case_ids, &user_id, nullptr, id,
              [&](const std::string& c) { out[c].in_case_team_group = true; });
  for_each_in(tx, "SELECT case_id FROM break_glass WHERE user_id = :u AND expires_at > :n AND case_id",
              "", case_ids, &user_id, &t, id,
              [&](const std::string& c) { out[c].break_glass = true; });
  return out;
}

std::map<std::string, std::vector<CaseRepository::CaseRef>> CaseRepository::cases_of_people(
    Tx& tx, const std::vector<std::string>& person_ids) const {
  std::map<std::string, std::vector<CaseRef>> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < person_ids.size(); start += kChunk) {
    std::size_t n = std::min(kChunk, person_ids.size() - start);
    // Same order as case_ids_of_person: by opening date.
    std::string sql = "SELECT id, number, person_id FROM cases WHERE person_id IN (";
    for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ") ORDER BY opened_on";
    std::string id, number, person;
    soci::statement st(tx.sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(number));
    st.exchange(soci::into(person));
    for (std::size_t i = 0; i < n; ++i)
      st.exchange(soci::use(person_ids[start + i], "i" + std::to_string(i)));
    st.alloc();
    st.prepare(sql, soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) out[person].push_back({id, number});
  }
  return out;
}

std::vector<CaseSummary> CaseRepository::caseload(Tx& tx, const std::string& user_id,
                                                  core::Scope scope, bool include_closed,
                                                  const std::string& after, int limit,
                                                  const std::string& today) const {
  std::vector<CaseSummary> out;
  CaseSummary s;
  std::string team, my_role;
  soci::indicator i_team, i_role;
  int all = scope == core::Scope::org ? 1 : 0;
  int by_team = scope == core::Scope::team ? 1 : 0;
  int closed = include_closed ? 1 : 0;
  long long lim = limit;
  soci::statement st =
      (tx.sql.prepare
           << "SELECT c.id, c.number, c.person_id, c.status, c.opened_on, c.team_id, ct.role, "
              "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.done_at IS NULL), "
              "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.done_at IS NULL AND "
              "t.due_at < :today) "
              "FROM cases c LEFT JOIN case_team ct ON ct.case_id = c.id AND ct.user_id = :u1 "
              "WHERE c.number > :after AND (:closed = 1 OR c.status IN ('Active', 'FollowUp')) "
              "AND (:all = 1 OR ct.user_id IS NOT NULL OR (:by_team = 1 AND c.team_id IN "
              "(SELECT team_id FROM team_members WHERE user_id = :u2))) "
              "ORDER BY c.number LIMIT :lim",
       soci::use(today), soci::use(user_id), soci::use(after), soci::use(closed), soci::use(all),
       soci::use(by_team), soci::use(user_id), soci::use(lim), soci::into(s.id),
       soci::into(s.number), soci::into(s.person_id), soci::into(s.status),
       soci::into(s.opened_on), soci::into(team, i_team), soci::into(my_role, i_role),
       soci::into(s.open_tasks), soci::into(s.overdue_tasks));
  st.execute();
  while (st.fetch()) {
    s.team_id = nullable(team, i_team);
    s.my_role = i_role == soci::i_ok ? my_role : "";
    out.push_back(s);
  }
  return out;
}

void CaseRepository::add_note(Tx& tx, const core::Note& n) const {
  std::string body = vault_.encrypt(n.body, "notes", "body_enc", n.id);
  tx.sql << "INSERT INTO notes (id, case_id, level, body_enc, author_id, created_at) VALUES (:id, "
            ":c, :l, :b, :a, :t)",
      soci::use(n.id), soci::use(n.case_id), soci::use(n.level), soci::use(body),
      soci::use(n.author_id), soci::use(n.created_at);
}

std::vector<core::Note> CaseRepository::notes(Tx& tx, const std::string& case_id,
                                              const std::vector<std::string>& levels) const {
  std::vector<core::Note> out;
  core::Note n;
  std::string body;
  soci::statement st = (tx.sql.prepare << "SELECT id, case_id, level, body_enc, author_id, "
                                          "created_at FROM notes WHERE case_id = :c ORDER BY "
                                          "created_at DESC, id DESC",
                        soci::use(case_id), soci::into(n.id), soci::into(n.case_id),
                        soci::into(n.level), soci::into(body), soci::into(n.author_id),
                        soci::into(n.created_at));
  st.execute();
  while (st.fetch()) {
    // Levels the reader may not see are never decrypted.
    if (std::find(levels.begin(), levels.end(), n.level) == levels.end()) continue;
    n.body = vault_.decrypt(body, "notes", "body_enc", n.id);
    out.push_back(n);
  }
  return out;
}

void CaseRepository::add_encounter(Tx& tx, const core::Encounter& e) const {
  Indicators ind;
  std::string notes = e.notes.empty() ? "" : vault_.encrypt(e.notes, "encounters", "notes_enc", e.id);
  std::string case_id = e.case_id.value_or(""), person = e.person_id.value_or(""),
              site = e.site_id.value_or(""), lang = e.language.value_or(""),
              g = e.anonymous_gender.value_or(""), ab = e.anonymous_age_band.value_or(""),
              nat = e.anonymous_nationality.value_or("");
  int duration = e.duration_minutes.value_or(0);
  int interpreter = e.interpreter ? 1 : 0;
  std::string topics = list_to_json(e.topics), projects = list_to_json(e.projects);
  tx.sql << "INSERT INTO encounters (id, case_id, person_id, type, happened_on, duration_minutes, "
            "site_id, language, interpreter, topics, projects, anonymous_gender, "
            "anonymous_age_band, anonymous_nationality, notes_enc, author_id, created_at) VALUES "
            "(:id, :c, :p, :t, :h, :d, :s, :l, :i, :to, :pr, :g, :ab, :n, :ne, :a, :ca)",
      soci::use(e.id), soci::use(case_id, ind(e.case_id.has_value())),
      soci::use(person, ind(e.person_id.has_value())), soci::use(e.type),
      soci::use(e.happened_on), soci::use(duration, ind(e.duration_minutes.has_value())),
      soci::use(site, ind(e.site_id.has_value())),
      soci::use(lang, ind(e.language.has_value())), soci::use(interpreter), soci::use(topics),
      soci::use(projects), soci::use(g, ind(e.anonymous_gender.has_value())),
      soci::use(ab, ind(e.anonymous_age_band.has_value())),
      soci::use(nat, ind(e.anonymous_nationality.has_value())),
      soci::use(notes, ind(!e.notes.empty())), soci::use(e.author_id),
      soci::use(e.created_at);
}

std::optional<CaseRepository::EncounterRef> CaseRepository::find_encounter_ref(
    Tx& tx, const std::string& id) const {
  std::string case_id;
  soci::indicator has_case = soci::i_null;
  tx.sql << "SELECT case_id FROM encounters WHERE id = :id", soci::into(case_id, has_case), soci::use(id);
  if (!tx.sql.got_data()) return std::nullopt;
  EncounterRef ref;
  if (has_case == soci::i_ok) ref.case_id = case_id;
  return ref;
}

std::vector<core::Encounter> CaseRepository::encounters_of_case(Tx& tx, const std::string& case_id,
                                                                int limit) const {
  std::vector<core::Encounter> out;
  core::Encounter e;
  std::string id, c, p, site, lang, topics, projects, notes;
  soci::indicator i_c, i_p, i_site, i_lang, i_notes, i_d;
  int duration = 0, interpreter = 0;
  long long lim = limit;
  soci::statement st =
      (tx.sql.prepare << "SELECT id, case_id, person_id, type, happened_on, duration_minutes, "
                         "site_id, language, interpreter, topics, projects, notes_enc, author_id, "
                         "created_at FROM encounters WHERE case_id = :c ORDER BY happened_on DESC, "
                         "created_at DESC LIMIT :l",
       soci::use(case_id), soci::use(lim), soci::into(id), soci::into(c, i_c),
       soci::into(p, i_p), soci::into(e.type), soci::into(e.happened_on),
       soci::into(duration, i_d), soci::into(site, i_site), soci::into(lang, i_lang),
       soci::into(interpreter), soci::into(topics), soci::into(projects),
       soci::into(notes, i_notes), soci::into(e.author_id), soci::into(e.created_at));
  st.execute();
  while (st.fetch()) {
    core::Encounter x = e;
    x.id = id;
    x.case_id = nullable(c, i_c);
    x.person_id = nullable(p, i_p);
    if (i_d == soci::i_ok) x.duration_minutes = duration;
    x.site_id = nullable(site, i_site);
    x.language = nullable(lang, i_lang);
    x.interpreter = interpreter != 0;
    x.topics = list_from_json(topics);
    x.projects = list_from_json(projects);
    if (i_notes == soci::i_ok) x.notes = vault_.decrypt(notes, "encounters", "notes_enc", id);
    out.push_back(x);
  }
  return out;
}

void CaseRepository::add_task(Tx& tx, const core::Task& t) const {
  Indicators ind;
  std::string title = vault_.encrypt(t.title, "tasks", "title_enc", t.id);
  std::string case_id = t.case_id.value_or(""), remind = t.remind_at.value_or("");
  long long version = t.version;
  tx.sql << "INSERT INTO tasks (id, case_id, assignee_id, kind, title_enc, due_at, remind_at, "
            "created_by, created_at, updated_at, version) VALUES (:id, :c, :a, :k, :t, :d, :r, "
            ":cb, :ca, :ua, :v)",
      soci::use(t.id), soci::use(case_id, ind(t.case_id.has_value())),
      soci::use(t.assignee_id), soci::use(t.kind), soci::use(title), soci::use(t.due_at),
      soci::use(remind, ind(t.remind_at.has_value())), soci::use(t.created_by),
      soci::use(t.created_at), soci::use(t.updated_at), soci::use(version);
}

namespace {

constexpr const char* kTaskColumns =
    "id, case_id, assignee_id, kind, title_enc, due_at, remind_at, done_at, created_by, "
    "created_at, updated_at, version";

struct TaskRow {
  core::Task t;
  std::string case_id, title, remind, done;
  soci::indicator i_case, i_remind, i_done;
  long long version = 0;
};

template <class Statement>
void bind_task(Statement& st, TaskRow& r) {
  st.exchange(soci::into(r.t.id));
  st.exchange(soci::into(r.case_id, r.i_case));
  st.exchange(soci::into(r.t.assignee_id));
  st.exchange(soci::into(r.t.kind));
  st.exchange(soci::into(r.title));
  st.exchange(soci::into(r.t.due_at));
  st.exchange(soci::into(r.remind, r.i_remind));
  st.exchange(soci::into(r.done, r.i_done));
  st.exchange(soci::into(r.t.created_by));
  st.exchange(soci::into(r.t.created_at));
  st.exchange(soci::into(r.t.updated_at));
  st.exchange(soci::into(r.version));
}

core::Task task_from(const TaskRow& r, const Vault& vault) {
  core::Task t = r.t;
  t.case_id = nullable(r.case_id, r.i_case);
  t.title = vault.decrypt(r.title, "tasks", "title_enc", t.id);
  t.remind_at = nullable(r.remind, r.i_remind);
  t.done_at = nullable(r.done, r.i_done);
  t.version = r.version;
  return t;
}

std::vector<core::Task> select_tasks(Tx& tx, const Vault& vault, const std::string& where,
                                     const std::string& value, long long limit) {
  std::vector<core::Task> out;
  TaskRow r;
  soci::statement st(tx.sql);
  bind_task(st, r);
  st.exchange(soci::use(value, "v"));
  st.exchange(soci::use(limit, "lim"));
  st.alloc();
  // `where` is one of the constant conditions of the callers below.
  st.prepare(std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE " + where +
             " ORDER BY due_at, id LIMIT :lim");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(task_from(r, vault));
  return out;
}

}  // namespace

std::optional<core::Task> CaseRepository::find_task(Tx& tx, const std::string& id) const {
  auto tasks = select_tasks(tx, vault_, "id = :v", id, 1);
  if (tasks.empty()) return std::nullopt;
  return tasks.front();
}

UpdateOutcome CaseRepository::update_task(Tx& tx, const core::Task& t,
                                          std::int64_t expected_version) const {
  Indicators ind;
  std::string title = vault_.encrypt(t.title, "tasks", "title_enc", t.id);
  std::string remind = t.remind_at.value_or(""), done = t.done_at.value_or("");
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st = (tx.sql.prepare << "UPDATE tasks SET assignee_id = :a, kind = :k, "
                                          "title_enc = :t, due_at = :d, remind_at = :r, done_at = "
                                          ":dn, updated_at = :u, version = version + 1 WHERE id = "
                                          ":id AND version = :v",
                        soci::use(t.assignee_id), soci::use(t.kind), soci::use(title),
                        soci::use(t.due_at), soci::use(remind, ind(t.remind_at.has_value())),
                        soci::use(done, ind(t.done_at.has_value())), soci::use(now),
                        soci::use(t.id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  return find_task(tx, t.id) ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

std::vector<core::Task> CaseRepository::tasks_of_user(Tx& tx, const std::string& user_id,
                                                      bool include_done, int limit) const {
  return select_tasks(tx, vault_,
                      include_done ? "assignee_id = :v" : "assignee_id = :v AND done_at IS NULL",
                      user_id, limit);
}

std::vector<core::Task> CaseRepository::tasks_of_case(Tx& tx, const std::string& case_id) const {
  return select_tasks(tx, vault_, "case_id = :v", case_id, 500);
}

void CaseRepository::add_consent(Tx& tx, const core::Consent& c) const {
  Indicators ind;
  std::string partner = c.partner_name.value_or(""), partner_id = c.partner_id.value_or("");
  std::string items = list_to_json(c.data_items);
  tx.sql << "INSERT INTO consents (id, person_id, purpose, partner_name, partner_id, data_items, "
            "status, given_on, method, recorded_by, created_at) VALUES (:id, :p, :pu, :pn, :pi, "
            ":di, :s, :g, :m, :r, :c)",
      soci::use(c.id), soci::use(c.person_id), soci::use(c.purpose),
      soci::use(partner, ind(c.partner_name.has_value())),
      soci::use(partner_id, ind(c.partner_id.has_value())), soci::use(items),
      soci::use(c.status), soci::use(c.given_on), soci::use(c.method), soci::use(c.recorded_by),
      soci::use(c.created_at);
}

std::vector<core::Consent> CaseRepository::consents(Tx& tx, const std::string& person_id) const {
  std::vector<core::Consent> out;
  core::Consent c;
  std::string partner, partner_id, items;
  soci::indicator i_partner, i_partner_id;
  soci::statement st = (tx.sql.prepare << "SELECT id, person_id, purpose, partner_name, "
                                          "partner_id, data_items, status, given_on, method, "
                                          "recorded_by, created_at FROM consents WHERE person_id "
                                          "= :p ORDER BY given_on, created_at, id",
                        soci::use(person_id), soci::into(c.id), soci::into(c.person_id),
                        soci::into(c.purpose), soci::into(partner, i_partner),
                        soci::into(partner_id, i_partner_id), soci::into(items),
                        soci::into(c.status), soci::into(c.given_on), soci::into(c.method),
                        soci::into(c.recorded_by), soci::into(c.created_at));
  st.execute();
  while (st.fetch()) {
    core::Consent x = c;
    x.partner_name = nullable(partner, i_partner);
    x.partner_id = nullable(partner_id, i_partner_id);
    x.data_items = list_from_json(items);
    out.push_back(x);
  }
  return out;
}

void CaseRepository::grant_break_glass(Tx& tx, const std::string& id, const std::string& user_id,
                                       const std::string& case_id, const std::string& reason,
                                       std::int64_t now, std::int64_t seconds) const {
  std::string enc = vault_.encrypt(reason, "break_glass", "reason_enc", id);
  long long granted = now, expires = now + seconds;
  tx.sql << "INSERT INTO break_glass (id, user_id, case_id, reason_enc, granted_at, expires_at) "
            "VALUES (:id, :u, :c, :r, :g, :e)",
      soci::use(id), soci::use(user_id), soci::use(case_id), soci::use(enc), soci::use(granted),
      soci::use(expires);
}

std::vector<CaseRepository::BreakGlass> CaseRepository::break_glass_since(Tx& tx,
                                                                          std::int64_t since) const {
  std::vector<BreakGlass> out;
  BreakGlass b;
  std::string reason;
  long long granted = 0, expires = 0, s = since;
  soci::statement st = (tx.sql.prepare << "SELECT id, user_id, case_id, reason_enc, granted_at, "
                                          "expires_at FROM break_glass WHERE granted_at >= :s "
                                          "ORDER BY granted_at DESC",
                        soci::use(s), soci::into(b.id), soci::into(b.user_id),
                        soci::into(b.case_id), soci::into(reason), soci::into(granted),
                        soci::into(expires));
  st.execute();
  while (st.fetch()) {
    BreakGlass x = b;
    x.reason = vault_.decrypt(reason, "break_glass", "reason_enc", b.id);
    x.granted_at = granted;
    x.expires_at = expires;
    out.push_back(x);
  }
  return out;
}

void CaseRepository::create_team(Tx& tx, const std::string& id, const std::string& name) const {
  std::string now = core::now_iso8601();
  tx.sql << "INSERT INTO teams (id, name, created_at) VALUES (:id, :n, :c)", soci::use(id),
      soci::use(name), soci::use(now);
}

void CaseRepository::set_team_member(Tx& tx, const std::string& team_id, const std::string& user_id,
                                     bool member) const {
  tx.sql << "DELETE FROM team_members WHERE team_id = :t AND user_id = :u", soci::use(team_id),
      soci::use(user_id);
  if (member)
    tx.sql << "INSERT INTO team_members (team_id, user_id) VALUES (:t, :u)", soci::use(team_id),
        soci::use(user_id);
}

std::vector<CaseRepository::Team> CaseRepository::teams(Tx& tx) const {
  std::vector<Team> out;
  std::string id, name;
  soci::statement st = (tx.sql.prepare << "SELECT id, name FROM teams ORDER BY name",
                        soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.push_back({id, name, {}});
  for (auto& t : out) {
    std::string user;
    soci::statement m = (tx.sql.prepare << "SELECT user_id FROM team_members WHERE team_id = :t "
                                           "ORDER BY user_id",
                         soci::use(t.id), soci::into(user));
    m.execute();
    while (m.fetch()) t.member_ids.push_back(user);
  }
  return out;
}

std::vector<std::string> CaseRepository::team_ids_of_user(Tx& tx, const std::string& user_id) const {
  std::vector<std::string> out;
  std::string id;
  soci::statement st = (tx.sql.prepare << "SELECT team_id FROM team_members WHERE user_id = :u",
                        soci::use(user_id), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace passerelle::store
