// Cases and what hangs from them: the case team, notes, encounters, tasks, consents, teams and
// break-the-glass grants, plus the facts the access rules need.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/case_access.h"
#include "core/casework.h"
#include "store/database.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

struct CaseSummary {
  std::string id, number, person_id, status, opened_on;
  std::optional<std::string> team_id;
  std::string my_role;  // the user's role on the case team, if any
  int open_tasks = 0, overdue_tasks = 0;
};

class CaseRepository {
 public:
  explicit CaseRepository(const Vault& vault) : vault_(vault) {}

  // Gives the case its number ("YYYY-NNNN", counting per year) and inserts it with its team.
  void create(Tx& tx, core::Case& c) const;
  std::optional<core::Case> find(Tx& tx, const std::string& id) const;
  std::optional<std::string> find_id_by_number(Tx& tx, const std::string& number) const;
  std::vector<std::string> case_ids_of_person(Tx& tx, const std::string& person_id) const;
  UpdateOutcome update(Tx& tx, const core::Case& c, std::int64_t expected_version) const;
  void set_member(Tx& tx, const std::string& case_id, const core::CaseMember& m) const;
  bool remove_member(Tx& tx, const std::string& case_id, const std::string& user_id) const;

  // The access facts of `user_id` on a case (minor and training flags are filled by the caller).
  core::CaseFacts facts(Tx& tx, const std::string& case_id, const std::string& user_id,
                        std::int64_t now) const;
  // facts() for many cases at once (three queries per 500 cases), keyed by case id; every
  // requested id is present.
  std::map<std::string, core::CaseFacts> facts_of(Tx& tx, const std::vector<std::string>& case_ids,
                                                  const std::string& user_id,
                                                  std::int64_t now) const;
  // case_ids_of_person() for many people at once, with the case numbers: person id → her cases
  // (id, number) in the same order.
  struct CaseRef {
    std::string id, number;
  };
  std::map<std::string, std::vector<CaseRef>> cases_of_people(
      Tx& tx, const std::vector<std::string>& person_ids) const;
  // Cases of a caseload: those where the user is on the team, plus (scope team) those of her
  // teams, plus (scope org) all; open ones first. `after` is a case number cursor.
  std::vector<CaseSummary> caseload(Tx& tx, const std::string& user_id, core::Scope scope,
                                    bool include_closed, const std::string& after, int limit,
                                    const std::string& today) const;

  void add_note(Tx& tx, const core::Note& n) const;
  std::vector<core::Note> notes(Tx& tx, const std::string& case_id,
                                const std::vector<std::string>& levels) const;

  void add_encounter(Tx& tx, const core::Encounter& e) const;
  std::vector<core::Encounter> encounters_of_case(Tx& tx, const std::string& case_id, int limit) const;
  // Whether an encounter exists, and its case (none for an anonymous contact): what an access
  // check needs, without decrypting its notes.
  struct EncounterRef {
    std::optional<std::string> case_id;
  };
  std::optional<EncounterRef> find_encounter_ref(Tx& tx, const std::string& id) const;

  void add_task(Tx& tx, const core::Task& t) const;
  std::optional<core::Task> find_task(Tx& tx, const std::string& id) const;
  UpdateOutcome update_task(Tx& tx, const core::Task& t, std::int64_t expected_version) const;
  // Open tasks of the user (and done ones if asked), by due date.
  std::vector<core::Task> tasks_of_user(Tx& tx, const std::string& user_id, bool include_done,
                                        int limit) const;
  std::vector<core::Task> tasks_of_case(Tx& tx, const std::string& case_id) const;

  void add_consent(Tx& tx, const core::Consent& c) const;
  std::vector<core::Consent> consents(Tx& tx, const std::string& person_id) const;

  void grant_break_glass(Tx& tx, const std::string& id, const std::string& user_id,
                         const std::string& case_id, const std::string& reason,
                         std::int64_t now, std::int64_t seconds) const;
  struct BreakGlass {
    std::string id, user_id, case_id, reason;
    std::int64_t granted_at = 0, expires_at = 0;
  };
  std::vector<BreakGlass> break_glass_since(Tx& tx, std::int64_t since) const;

  // Teams (groups of users; a case may belong to one).
  void create_team(Tx& tx, const std::string& id, const std::string& name) const;
  void set_team_member(Tx& tx, const std::string& team_id, const std::string& user_id,
                       bool member) const;
  struct Team {
    std::string id, name;
    std::vector<std::string> member_ids;
  };
  std::vector<Team> teams(Tx& tx) const;
  std::vector<std::string> team_ids_of_user(Tx& tx, const std::string& user_id) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store

namespace passerelle::store {

struct TraffickingEvent {
  std::string id, case_id, stage;
  std::optional<std::string> country, happened_on;
  std::string place, description;  // decrypted
  std::string created_at;
};

struct CaseGoal {
  std::string id, case_id, type, objective, status;
  int progress = 0;
  std::optional<std::string> planned_end;
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

struct Relation {
  std::string person_id, relative_id, relation;
};

struct Site {
  std::string id, name, kind;
  bool active = true;
};

// The smaller records of casework: historic trafficking events, support-plan goals, household
// relations, sites, and the needs assessment of a case.
class CaseDetailRepository {
 public:
  explicit CaseDetailRepository(const Vault& vault) : vault_(vault) {}

  void add_event(Tx& tx, const TraffickingEvent& e) const;
  std::vector<TraffickingEvent> events(Tx& tx, const std::string& case_id) const;

  void add_goal(Tx& tx, const CaseGoal& g) const;
  std::optional<CaseGoal> find_goal(Tx& tx, const std::string& id) const;
  UpdateOutcome update_goal(Tx& tx, const CaseGoal& g, std::int64_t expected_version) const;
  std::vector<CaseGoal> goals(Tx& tx, const std::string& case_id) const;

  void set_relation(Tx& tx, const Relation& r) const;
  bool remove_relation(Tx& tx, const std::string& person_id, const std::string& relative_id) const;
  std::vector<Relation> relations(Tx& tx, const std::string& person_id) const;

  void add_site(Tx& tx, const Site& s) const;
  std::vector<Site> sites(Tx& tx) const;

  // Needs assessment: need → status (identified, in_progress, met, not_applicable), as JSON text.
  std::string needs(Tx& tx, const std::string& case_id) const;
  void set_needs(Tx& tx, const std::string& case_id, const std::string& needs_json) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
