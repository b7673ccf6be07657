// The casework part of the demo data: people, cases, encounters, notes, tasks, consents.
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/clock.h"
#include "core/ids.h"
#include "io/demo_generator.h"
#include "store/store.h"

namespace passerelle::io {
namespace {

std::string date_days_before(const std::string& today, int days) {
  auto t = core::parse_iso8601(today);
  return core::iso8601_utc(*t - static_cast<std::int64_t>(days) * 86400).substr(0, 10);
}

std::string fictional_phone(DemoRandom& r) {
  // 06 39 98 xx xx: a French mobile range reserved for fiction.
  char buf[32];
  std::snprintf(buf, sizeof buf, "06 39 98 %02d %02d", static_cast<int>(r.below(100)),
                static_cast<int>(r.below(100)));
  return buf;
}

const std::vector<std::string> kNationalities = {"NG", "NG", "NG", "NG", "NG", "NG", "CM", "CI",
                                                 "GH", "RO", "AL", "CN", "BR", "MA", "FR"};
const std::vector<std::string> kEncounterTypes = {
    "outreach_contact", "outreach_contact", "outreach_contact", "individual_meeting",
    "individual_meeting", "orientation", "orientation", "legal_consultation",
    "accompaniment_police", "accompaniment_prefecture", "accompaniment_court",
    "accompaniment_hospital", "psychological_session", "phone_follow_up", "phone_follow_up"};
const std::vector<std::string> kProgrammes = {"acces-aux-droits", "relogement", "empowerment-juridique",
                                              "emploi-rural", "cinema", "podcast"};
const std::vector<std::string> kTopics = {"health", "housing", "legal", "residence_permit", "asylum",
                                          "safety", "children", "work", "language"};
const std::vector<std::string> kNotes = {
    "Demo note: met at the access-to-rights desk; wants information on filing a complaint.",
    "Demo note: accompanied to the prefecture; appointment for the permit renewal confirmed.",
    "Demo note: phone follow-up, doing better, asks about French classes.",
    "Note de démo : rencontre lors de la tournée, orientation vers la permanence juridique.",
    "Note de démo : point sur l'hébergement, demande SIAO à relancer."};
const std::vector<std::string> kTaskTitles = {
    "Demo: call the shelter back", "Demo: prepare the CIVI file", "Démo : rendez-vous préfecture",
    "Demo: follow up on the SIAO request", "Démo : accompagner à l'hôpital"};

}  // namespace

DemoCounts generate_casework(store::Store& store, int people, std::uint64_t seed,
                             const std::string& today) {
  DemoCounts counts;
  DemoRandom r(seed * 7919 + 17);
  std::map<std::string, std::string> staff;  // role → user id
  std::vector<std::string> team_ids;
  store.db().write([&](store::Tx& tx) {
    for (const DemoStaff& d : demo_staff())
      if (auto u = store.users().find_by_username(tx, d.username)) staff[d.role] = u->id;
    auto teams = store.cases().teams(tx);
    if (teams.empty()) {
      for (const char* name : {"Outreach — Bois de Vincennes", "PAD 18e — accès aux droits",
                               "Housing and exit programme"}) {
        std::string id = core::new_id();
        store.cases().create_team(tx, id, name);
        team_ids.push_back(id);
      }
      if (staff.count("social_worker")) {
        store.cases().set_team_member(tx, team_ids[1], staff["social_worker"], true);
        store.cases().set_team_member(tx, team_ids[2], staff["social_worker"], true);
      }
      if (staff.count("peer_mediator")) store.cases().set_team_member(tx, team_ids[0], staff["peer_mediator"], true);
      for (auto [name, kind] : {std::pair{"Bois de Vincennes — outreach bus", "outreach"},
                                std::pair{"Point d'accès au droit, Paris 18e", "pad"},
                                std::pair{"Office (demo address)", "office"}})
        store.details().add_site(tx, {core::new_id(), name, kind, true});
    } else {
      for (const auto& t : teams) team_ids.push_back(t.id);
    }
  });
  int current_year = std::stoi(today.substr(0, 4));
  std::string author = staff.count("social_worker") ? staff["social_worker"] : "";
  if (author.empty()) return counts;
  const int batch = 200;
  for (int start = 0; start < people; start += batch) {
    store.db().write([&](store::Tx& tx) {
      for (int i = start; i < std::min(people, start + batch); ++i) {
        DemoName name = demo_name(r);
        core::Person p;
        p.id = core::new_id();
        p.given_name = name.given;
        p.family_name = name.family;
        if (r.chance(20)) p.aliases = {name.given + " " + demo_name(r).family};
        int age = r.chance(8) ? 14 + static_cast<int>(r.below(4)) : 18 + static_cast<int>(r.below(30));
        p.birth_year = current_year - age;
        p.birth_year_estimated = r.chance(40);
        if (!p.birth_year_estimated) {
          char d[16];
          std::snprintf(d, sizeof d, "%04d-%02d-%02d", *p.birth_year, 1 + static_cast<int>(r.below(12)),
                        1 + static_cast<int>(r.below(28)));
          p.birth_date = d;
        }
        p.age_disputed = age < 18 && r.chance(30);
        p.gender = r.chance(88) ? "Feminine" : (r.chance(50) ? "Masculine" : "TransgenderFeminine");
        p.nationalities = {r.pick(kNationalities)};
        p.languages = {p.nationalities[0] == "FR" ? "fr" : (p.nationalities[0] == "NG" ? "en" : "fr")};
        if (r.chance(70)) p.contact.phones = {fictional_phone(r)};
        if (r.chance(50)) p.documents["passport"] = r.chance(40) ? "confiscated" : (r.chance(50) ? "missing" : "held");
        p.member = r.chance(25);
        p.created_by = author;
        p.created_at = p.updated_at = core::now_iso8601();
        store.people().create(tx, p);
        ++counts.people;
        int opened_days_ago = static_cast<int>(r.below(700));
        store.cases().add_consent(tx, {core::new_id(), p.id, "case_management", std::nullopt, "given",
                                       date_days_before(today, opened_days_ago), r.chance(60) ? "written" : "oral",
                                       author, core::now_iso8601()});
        ++counts.consents;
        if (r.chance(40)) {
          store.cases().add_consent(tx, {core::new_id(), p.id, "research", std::nullopt, "given",
                                         date_days_before(today, opened_days_ago), "written", author,
                                         core::now_iso8601()});
          ++counts.consents;
        }
        std::optional<std::string> case_id;
        if (r.chance(75)) {
          core::Case c;
          c.id = core::new_id();
          c.person_id = p.id;
          c.opened_on = date_days_before(today, opened_days_ago);
          c.team_id = team_ids[r.below(team_ids.size())];
          c.status = r.chance(70) ? "Active" : (r.chance(50) ? "FollowUp" : "Closed");
          if (c.status == "Closed") {
            c.closed_on = date_days_before(today, static_cast<int>(r.below(std::max(1, opened_days_ago))));
            c.closure_reason = "Demo: goals reached";
          }
          c.programmes = {r.pick(kProgrammes)};
          c.victim_status = r.chance(60) ? "possible" : "actual";
          c.exploitation_types = {"SexualExploitation"};
          if (r.chance(50)) c.means_of_control = {"DebtBondage", "SpiritualCoercion"};
          c.recruitment_country = p.nationalities[0];
          c.created_by = author;
          c.created_at = c.updated_at = core::now_iso8601();
          c.team.push_back({author, "lead"});
          if (staff.count("peer_mediator") && r.chance(35)) c.team.push_back({staff["peer_mediator"], "peer_mediator"});
          if (staff.count("lawyer") && r.chance(25)) c.team.push_back({staff["lawyer"], "lawyer"});
          if (staff.count("psychologist") && r.chance(15)) c.team.push_back({staff["psychologist"], "psychologist"});
          store.cases().create(tx, c);
          case_id = c.id;
          ++counts.cases;
          int notes = static_cast<int>(r.below(3));
          for (int n = 0; n < notes; ++n) {
            store.cases().add_note(tx, {core::new_id(), c.id, "general", r.pick(kNotes), author, core::now_iso8601()});
            ++counts.notes;
          }
          // Open tasks on about one case in ten, mostly ahead, a few already late.
          if (c.status != "Closed" && r.chance(10)) {
            core::Task t;
            t.id = core::new_id();
            t.case_id = c.id;
            t.assignee_id = author;
            t.kind = r.chance(50) ? "appointment" : "task";
            t.title = r.pick(kTaskTitles);
            int offset = static_cast<int>(r.below(40)) - 4;
            t.due_at = date_days_before(today, -offset);
            t.created_by = author;
            t.created_at = t.updated_at = core::now_iso8601();
            store.cases().add_task(tx, t);
            ++counts.tasks;
          }
        }
        int encounters = 3 + static_cast<int>(r.below(15));  // about ten on average
        for (int k = 0; k < encounters; ++k) {
          core::Encounter e;
          e.id = core::new_id();
          e.case_id = case_id;
          if (!case_id) {
            e.anonymous_gender = p.gender;
            e.anonymous_nationality = p.nationalities[0];
          } else {
            e.person_id = p.id;
          }
          e.type = r.pick(kEncounterTypes);
          e.happened_on = date_days_before(today, static_cast<int>(r.below(std::max(1, opened_days_ago + 1))));
          e.duration_minutes = 10 + static_cast<int>(r.below(80));
          e.language = p.languages[0];
          e.interpreter = r.chance(10);
          e.topics = {r.pick(kTopics)};
          e.author_id = author;
          e.created_at = core::now_iso8601();
          store.cases().add_encounter(tx, e);
          ++counts.encounters;
        }
      }
    });
  }
  return counts;
}

}  // namespace passerelle::io
