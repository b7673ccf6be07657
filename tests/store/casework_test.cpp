// People, cases and their records on both engines: encryption at rest, blind-index search,
// numbering, caseload scoping, notes filtered by level before decryption.
#include <gtest/gtest.h>

#include "fresh_database.h"
#include "store/key_rotation.h"
#include "store/retention.h"
#include "store/anonymiser.h"
#include <tuple>

using namespace passerelle;
using passerelle::testing_support::make_user;
using CaseworkTest = passerelle::testing_support::StoreTest;

namespace {

core::Person person(const std::string& given, const std::string& family) {
  core::Person p;
  p.id = core::new_id();
  p.given_name = given;
  p.family_name = family;
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

}  // namespace

TEST_F(CaseworkTest, PersonIsStoredEncryptedAndReadBack) {
  core::Person p = person("Blessing", "Okonkwo-Eze");
  p.aliases = {"Bless", "Blessing Eze"};
  p.birth_date = "1998-04-12";
  p.birth_year = 1998;
  p.contact.phones = {"06 12 34 56 78"};
  p.contact.address = "12 rue Imaginaire, Paris";
  p.nationalities = {"NG"};
  p.documents = {{"passport", "confiscated"}};
  s().db().write([&](store::Tx& tx) { s().people().create(tx, p); });
  std::optional<core::Person> back;
  std::string raw_given, raw_contact;
  s().db().read([&](store::Tx& tx) {
    back = s().people().find(tx, p.id);
    tx.sql << "SELECT given_name_enc, contact_enc FROM people WHERE id = :id", soci::use(p.id),
        soci::into(raw_given), soci::into(raw_contact);
  });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->family_name, "Okonkwo-Eze");
  EXPECT_EQ(back->aliases, p.aliases);
  EXPECT_EQ(back->birth_date, "1998-04-12");
  EXPECT_EQ(back->contact.phones, p.contact.phones);
  EXPECT_EQ(back->documents.at("passport"), "confiscated");
  EXPECT_EQ(raw_given.find("Blessing"), std::string::npos);
  EXPECT_EQ(raw_contact.find("Imaginaire"), std::string::npos);
}

TEST_F(CaseworkTest, NameSearchToleratesAccentsCaseOrderAndSpelling) {
  core::Person a = person("Blessing", "Okonkwo");
  core::Person b = person("Zoé", "Nguyễn");
  core::Person c = person("Gift", "Osagie");
  c.aliases = {"Mama Gift"};
  s().db().write([&](store::Tx& tx) {
    s().people().create(tx, a);
    s().people().create(tx, b);
    s().people().create(tx, c);
  });
  auto first = [&](const std::string& q) {
    std::vector<store::NameMatch> m;
    s().db().read([&](store::Tx& tx) { m = s().people().search_name(tx, q, 99, 10); });
    return m.empty() ? std::string() : m.front().person_id;
  };
  EXPECT_EQ(first("okonkwo blessing"), a.id);
  EXPECT_EQ(first("BLESING OKONKWO"), a.id);
  EXPECT_EQ(first("zoe nguyen"), b.id);
  EXPECT_EQ(first("mama gift"), c.id);
  EXPECT_EQ(first("Chiamaka Eze"), "");
}

TEST_F(CaseworkTest, FindsByPhoneInAnyWritingAndByBirthDate) {
  core::Person p = person("Ivie", "Ogiekpolo");
  p.contact.phones = {"+33 6 12 34 56 78"};
  p.birth_date = "2001-02-03";
  s().db().write([&](store::Tx& tx) { s().people().create(tx, p); });
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().people().find_by_phone(tx, "06.12.34.56.78"), std::vector<std::string>{p.id});
    EXPECT_EQ(s().people().find_by_phone(tx, "0033612345678"), std::vector<std::string>{p.id});
    EXPECT_TRUE(s().people().find_by_phone(tx, "0612345679").empty());
    EXPECT_EQ(s().people().find_by_birth_date(tx, "2001-02-03"), std::vector<std::string>{p.id});
  });
}

TEST_F(CaseworkTest, PersonUpdateChecksVersionAndReindexes) {
  core::Person p = person("Adunni", "Olawunmi");
  s().db().write([&](store::Tx& tx) { s().people().create(tx, p); });
  core::Person changed = p;
  changed.family_name = "Adekanmire";
  store::UpdateOutcome ok, stale;
  s().db().write([&](store::Tx& tx) { ok = s().people().update(tx, changed, 1); });
  s().db().write([&](store::Tx& tx) { stale = s().people().update(tx, changed, 1); });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  s().db().read([&](store::Tx& tx) {
    EXPECT_TRUE(s().people().search_name(tx, "Olawunmi", 1, 5).empty());
    EXPECT_EQ(s().people().search_name(tx, "adekanmire", 1, 5).size(), 1u);
  });
}

TEST_F(CaseworkTest, CasesAreNumberedPerYearAndScopedToTheirTeam) {
  core::User mediator = make_user("med.one"), worker = make_user("sw.one"), other = make_user("med.two");
  core::Person p = person("Nkechi", "Obidoriem");
  core::Case c1, c2;
  for (core::Case* c : {&c1, &c2}) {
    c->id = core::new_id();
    c->person_id = p.id;
    c->opened_on = "2026-03-01";
    c->created_at = c->updated_at = core::now_iso8601();
  }
  c1.team = {{mediator.id, "peer_mediator"}};
  std::string team_id = core::new_id();
  c2.team_id = team_id;
  s().db().write([&](store::Tx& tx) {
    for (auto* u : {&mediator, &worker, &other}) s().users().create(tx, *u);
    s().people().create(tx, p);
    s().cases().create_team(tx, team_id, "Accès aux droits");
    s().cases().set_team_member(tx, team_id, worker.id, true);
    s().cases().create(tx, c1);
    s().cases().create(tx, c2);
  });
  EXPECT_EQ(c1.number, "2026-0001");
  EXPECT_EQ(c2.number, "2026-0002");
  s().db().read([&](store::Tx& tx) {
    auto mine = s().cases().caseload(tx, mediator.id, core::Scope::own, false, "", 50, "2026-11-29");
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].id, c1.id);
    EXPECT_EQ(mine[0].my_role, "peer_mediator");
    EXPECT_TRUE(s().cases().caseload(tx, other.id, core::Scope::own, false, "", 50, "2026-11-29").empty());
    auto team = s().cases().caseload(tx, worker.id, core::Scope::team, false, "", 50, "2026-11-29");
    ASSERT_EQ(team.size(), 1u);
    EXPECT_EQ(team[0].id, c2.id);
    EXPECT_EQ(s().cases().caseload(tx, other.id, core::Scope::org, false, "", 50, "2026-11-29").size(), 2u);
    auto f = s().cases().facts(tx, c1.id, mediator.id, 0);
    EXPECT_TRUE(f.on_case_team);
    EXPECT_FALSE(f.in_case_team_group);
    EXPECT_TRUE(s().cases().facts(tx, c2.id, worker.id, 0).in_case_team_group);
  });
}

TEST_F(CaseworkTest, NotesOfLevelsNotAskedForAreNeverReturned) {
  core::User u = make_user("psy.one");
  core::Person p = person("Ada", "Ezechukara");
  core::Case c;
  c.id = core::new_id();
  c.person_id = p.id;
  c.opened_on = "2026-01-05";
  c.created_at = c.updated_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, p);
    s().cases().create(tx, c);
    for (const char* level : {"general", "legal", "clinical"})
      s().cases().add_note(tx, {core::new_id(), c.id, level, std::string("text of ") + level, u.id, core::now_iso8601()});
  });
  s().db().read([&](store::Tx& tx) {
    auto general = s().cases().notes(tx, c.id, {"general"});
    ASSERT_EQ(general.size(), 1u);
    EXPECT_EQ(general[0].body, "text of general");
    EXPECT_EQ(s().cases().notes(tx, c.id, {"general", "clinical"}).size(), 2u);
  });
}

TEST_F(CaseworkTest, LatestConsentDecidesAndWithdrawalTakesEffectAtOnce) {
  core::Person p = person("Kemi", "Folatokunbe");
  auto consent = [&](const char* purpose, const char* status, const char* on, std::optional<std::string> partner = {}) {
    core::Consent c{core::new_id(), p.id, purpose, partner, std::nullopt, {}, status, on, "written", "someone",
                    core::now_iso8601()};
    return c;
  };
  s().db().write([&](store::Tx& tx) {
    s().people().create(tx, p);
    s().cases().add_consent(tx, consent("case_management", "given", "2026-01-01"));
    s().cases().add_consent(tx, consent("sharing", "given", "2026-01-01", "Abri Imaginaire"));
    s().cases().add_consent(tx, consent("sharing", "withdrawn", "2026-02-01", "Abri Imaginaire"));
    s().cases().add_consent(tx, consent("research", "given", "2026-02-01"));
  });
  std::vector<core::Consent> history;
  s().db().read([&](store::Tx& tx) { history = s().cases().consents(tx, p.id); });
  EXPECT_EQ(history.size(), 4u);
  EXPECT_TRUE(core::consent_in_force(history, "case_management"));
  EXPECT_FALSE(core::consent_in_force(history, "sharing", "Abri Imaginaire"));
  EXPECT_FALSE(core::consent_in_force(history, "sharing", "Another Partner"));
  EXPECT_TRUE(core::consent_in_force(history, "research"));
  EXPECT_FALSE(core::consent_in_force(history, "media"));
}

TEST_F(CaseworkTest, TasksOfAUserByDueDateAndDoneOnesHidden) {
  core::User u = make_user("sw.tasks");
  auto task = [&](const char* title, const char* due) {
    core::Task t;
    t.id = core::new_id();
    t.assignee_id = u.id;
    t.title = title;
    t.due_at = due;
    t.created_by = u.id;
    t.created_at = t.updated_at = core::now_iso8601();
    return t;
  };
  core::Task later = task("Call the shelter", "2026-12-10"), sooner = task("Prefecture appointment", "2026-12-01");
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().cases().add_task(tx, later);
    s().cases().add_task(tx, sooner);
  });
  core::Task done = sooner;
  done.done_at = "2026-11-30";
  store::UpdateOutcome outcome;
  s().db().write([&](store::Tx& tx) { outcome = s().cases().update_task(tx, done, 1); });
  EXPECT_EQ(outcome, store::UpdateOutcome::updated);
  s().db().read([&](store::Tx& tx) {
    auto open = s().cases().tasks_of_user(tx, u.id, false, 50);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].title, "Call the shelter");
    EXPECT_EQ(s().cases().tasks_of_user(tx, u.id, true, 50).front().title, "Prefecture appointment");
  });
}

TEST_F(CaseworkTest, EveryEncryptedColumnOfTheSchemaIsDeclaredForRotation) {
  // Any column named *_enc in any table must be in the rotation registry.
  std::vector<std::pair<std::string, std::string>> columns;
  s().db().read([&](store::Tx& tx) {
    std::string table, column;
    if (tx.engine == store::Engine::postgres) {
      soci::statement st = (tx.sql.prepare << "SELECT table_name, column_name FROM "
                                              "information_schema.columns WHERE table_schema = "
                                              "current_schema() AND column_name LIKE '%\\_enc'",
                            soci::into(table), soci::into(column));
      st.execute();
      while (st.fetch()) columns.emplace_back(table, column);
    } else {
      std::vector<std::string> tables;
      soci::statement st = (tx.sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table'",
                            soci::into(table));
      st.execute();
      while (st.fetch()) tables.push_back(table);
      for (const auto& t : tables) {
        soci::rowset<soci::row> rows = (tx.sql.prepare << "PRAGMA table_info(" + t + ")");
        for (const auto& r : rows) {
          std::string name = r.get<std::string>(1);
          if (name.size() > 4 && name.ends_with("_enc")) columns.emplace_back(t, name);
        }
      }
    }
  });
  EXPECT_GE(columns.size(), 13u);
  for (const auto& [t, c] : columns) {
    bool declared = false;
    for (const auto& e : store::encrypted_columns()) declared |= e.table == t && e.column == c;
    EXPECT_TRUE(declared) << t << "." << c << " is not in store/key_rotation.cpp";
  }
}

TEST_F(CaseworkTest, KeyRotationRebuildsTheBlindIndexes) {
  core::Person p = person("Osaro", "Edemwanta");
  p.contact.phones = {"0611223344"};
  s().db().write([&](store::Tx& tx) { s().people().create(tx, p); });
  store_.reset();
  auto rotating = store::Store::open(fresh_->url(), testing_support::key_from(11), testing_support::key_from(7));
  store::reencrypt_all(rotating->db(), rotating->vault());
  rotating.reset();
  auto after = store::Store::open(fresh_->url(), testing_support::key_from(11));
  after->db().read([&](store::Tx& tx) {
    EXPECT_EQ(after->people().search_name(tx, "osaro edemwanta", 2, 5).size(), 1u);
    EXPECT_EQ(after->people().find_by_phone(tx, "06 11 22 33 44").size(), 1u);
  });
}

TEST_F(CaseworkTest, RetentionAnonymisesClosedCasesAfterThePeriodOnly) {
  core::User u = make_user("sw.retention");
  core::Person old_case = person("Esohe", "Ogierhuwa"), recent = person("Itohan", "Usugbemi");
  old_case.contact.phones = {"0639980101"};
  core::Case c1, c2;
  for (auto [c, p, closed] : {std::tuple{&c1, &old_case, "2020-06-30"}, std::tuple{&c2, &recent, "2024-01-15"}}) {
    c->id = core::new_id();
    c->person_id = p->id;
    c->opened_on = "2019-01-01";
    c->status = "Closed";
    c->closed_on = closed;
    c->summary = "Demo summary";
    c->created_at = c->updated_at = core::now_iso8601();
  }
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    for (auto* p : {&old_case, &recent}) s().people().create(tx, *p);
    s().cases().create(tx, c1);
    s().cases().create(tx, c2);
    s().cases().add_note(tx, {core::new_id(), c1.id, "general", "to be erased", u.id, core::now_iso8601()});
  });
  // Closed cases are anonymised 5 years after closure: on 2025-07-01, only the first.
  auto report = store::run_retention(s(), store::RetentionPolicy{}, *core::parse_iso8601("2025-07-01"), 1800);
  EXPECT_EQ(report.people_anonymised, 1);
  s().db().read([&](store::Tx& tx) {
    auto gone = s().people().find(tx, old_case.id);
    EXPECT_EQ(gone->given_name, "Anonymised");
    EXPECT_TRUE(gone->family_name.empty());
    EXPECT_TRUE(gone->contact.phones.empty());
    EXPECT_TRUE(s().people().find_by_phone(tx, "0639980101").empty());
    EXPECT_TRUE(s().cases().notes(tx, c1.id, {"general"}).empty());
    EXPECT_EQ(s().cases().find(tx, c1.id)->status, "Closed") << "the statistical skeleton stays";
    EXPECT_EQ(s().people().find(tx, recent.id)->given_name, "Itohan");
  });
  // Running again changes nothing; a later date reaches the second person.
  EXPECT_EQ(store::run_retention(s(), store::RetentionPolicy{}, *core::parse_iso8601("2025-07-01"), 1800).people_anonymised, 0);
  EXPECT_EQ(store::run_retention(s(), store::RetentionPolicy{}, *core::parse_iso8601("2029-01-16"), 1800).people_anonymised, 1);
  EXPECT_TRUE(s().audit().verify(s().db()).ok);
}

TEST_F(CaseworkTest, MergeKeepsEveryLinkAndTheOldNamesFindTheKeptRecord) {
  core::User u = make_user("sw.merge");
  core::Person kept = person("Chinwe", "Nwakwelu"), dup = person("Chinwé", "Nwa-Kwelu");
  dup.contact.phones = {"0639981212"};
  core::Case c;
  c.id = core::new_id();
  c.person_id = dup.id;
  c.opened_on = "2026-01-01";
  c.created_at = c.updated_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, kept);
    s().people().create(tx, dup);
    s().cases().create(tx, c);
    s().cases().add_consent(tx, {core::new_id(), dup.id, "research", std::nullopt, std::nullopt, {}, "given", "2026-01-01",
                                 "oral", u.id, core::now_iso8601()});
  });
  int moved = 0;
  s().db().write([&](store::Tx& tx) { moved = store::merge_people(tx, s().vault(), dup.id, kept.id); });
  EXPECT_GE(moved, 2);
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().cases().find(tx, c.id)->person_id, kept.id);
    EXPECT_EQ(s().cases().consents(tx, kept.id).size(), 1u);
    EXPECT_EQ(*s().people().find(tx, dup.id)->merged_into, kept.id);
    EXPECT_EQ(s().people().find_by_phone(tx, "0639981212"), std::vector<std::string>{kept.id});
    auto by_old_name = s().people().search_name(tx, "Nwa-Kwelu Chinwé", 99, 5);
    ASSERT_FALSE(by_old_name.empty());
    EXPECT_EQ(by_old_name.front().person_id, kept.id);
  });
}
