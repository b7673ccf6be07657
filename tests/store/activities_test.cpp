// Activities, sessions, attendance, media, calls for contributions and projects on both engines:
// round trips, version checks, encryption at rest, attendance uniqueness, review upserts,
// idempotent project links, and what anonymisation and merging do to attendance and media.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "fresh_database.h"
#include "store/anonymiser.h"
#include "store/key_rotation.h"
#include "store/logical_backup.h"

using namespace passerelle;
using passerelle::testing_support::engine;
using passerelle::testing_support::Fresh;
using passerelle::testing_support::key_from;
using passerelle::testing_support::make_user;
using ActivitiesTest = passerelle::testing_support::StoreTest;

namespace {

core::Person person(const std::string& given, const std::string& family) {
  core::Person p;
  p.id = core::new_id();
  p.given_name = given;
  p.family_name = family;
  p.member = true;
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

store::Activity activity(const std::string& type, const std::string& title,
                         const std::string& created_by) {
  store::Activity a;
  a.id = core::new_id();
  a.type = type;
  a.title = title;
  a.created_by = created_by;
  a.created_at = a.updated_at = core::now_iso8601();
  return a;
}

store::Session session(const std::string& activity_id, const std::string& held_on,
                       const std::string& created_by) {
  store::Session s;
  s.id = core::new_id();
  s.activity_id = activity_id;
  s.held_on = held_on;
  s.created_by = created_by;
  s.created_at = s.updated_at = core::now_iso8601();
  return s;
}

store::Attendance member(const std::string& session_id, const std::string& person_id,
                         const std::string& by) {
  store::Attendance a;
  a.id = core::new_id();
  a.session_id = session_id;
  a.person_id = person_id;
  a.recorded_by = by;
  a.created_at = core::now_iso8601();
  return a;
}

store::Attendance outsiders(const std::string& session_id, int n, const std::string& profession,
                            const std::string& by) {
  store::Attendance a;
  a.id = core::new_id();
  a.session_id = session_id;
  a.outsider_count = n;
  a.organisation = "Commissariat du 18e";
  a.profession = profession;
  a.recorded_by = by;
  a.created_at = core::now_iso8601();
  return a;
}

store::MediaItem media(const std::string& title, const std::string& by) {
  store::MediaItem m;
  m.id = core::new_id();
  m.kind = "podcast_episode";
  m.title = title;
  m.created_by = by;
  m.created_at = m.updated_at = core::now_iso8601();
  return m;
}

store::Project project(const std::string& code, const std::string& by) {
  store::Project p;
  p.id = core::new_id();
  p.code = code;
  p.name = code;
  p.starts_on = "2025-01-01";
  p.created_by = by;
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

std::string raw(store::Tx& tx, const std::string& sql, const std::string& id) {
  std::string value;
  soci::indicator ind = soci::i_null;
  tx.sql << sql, soci::use(id), soci::into(value, ind);
  return ind == soci::i_ok ? value : std::string("<null>");
}

}  // namespace

// --- Activities and sessions ---------------------------------------------------------------

TEST_F(ActivitiesTest, ActivityRoundTripAndStaleVersion) {
  core::User u = make_user("coord");
  store::Activity a = activity("film_debate", "Ciné-débat", u.id);
  a.description = "Un film, puis on en parle";
  a.themes = {"History of slavery", "Migration"};
  a.audience = "mixed";
  a.international = true;
  a.starts_on = "2025-09-01";
  store::Activity older = activity("workshop", "Atelier d'écriture", u.id);
  older.starts_on = "2025-01-15";
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().activities().create_activity(tx, older);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, session(a.id, "2025-09-03", u.id));
  });
  std::optional<store::Activity> back;
  s().db().read([&](store::Tx& tx) { back = s().activities().find_activity(tx, a.id); });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, "Ciné-débat");
  EXPECT_EQ(back->themes, a.themes);
  EXPECT_EQ(back->audience, "mixed");
  EXPECT_TRUE(back->international);
  EXPECT_EQ(back->starts_on, "2025-09-01");
  EXPECT_FALSE(back->ends_on);
  EXPECT_EQ(back->session_count, 1);
  EXPECT_EQ(back->version, 1);

  store::Activity changed = *back;
  changed.title = "Ciné-débat du jeudi";
  changed.ends_on = "2025-12-18";
  store::UpdateOutcome ok, stale, missing;
  s().db().write([&](store::Tx& tx) {
    ok = s().activities().update_activity(tx, changed, 1);
    stale = s().activities().update_activity(tx, changed, 1);
    store::Activity nobody = changed;
    nobody.id = core::new_id();
    missing = s().activities().update_activity(tx, nobody, 1);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_EQ(missing, store::UpdateOutcome::not_found);
  s().db().read([&](store::Tx& tx) {
    auto now = s().activities().find_activity(tx, a.id);
    EXPECT_EQ(now->version, 2);
    EXPECT_EQ(now->ends_on, "2025-12-18");
    auto all = s().activities().activities(tx, "", 50);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, a.id) << "newest first";
    auto workshops = s().activities().activities(tx, "workshop", 50);
    ASSERT_EQ(workshops.size(), 1u);
    EXPECT_EQ(workshops[0].id, older.id);
  });
}

TEST_F(ActivitiesTest, SessionNotesAreEncryptedAndListsAreOrdered) {
  core::User u = make_user("coord");
  store::Activity a = activity("discussion_group", "Groupe de parole", u.id);
  store::Session first = session(a.id, "2025-03-04", u.id);
  first.starts_at = "14:00";
  first.duration_minutes = 120;
  first.place = "Salle Louise Michel";
  first.theme = "Parler de soi";
  first.facilitators = {u.id};
  first.guests = {{"Dr Awa Ndiaye", "psychiatre", "Hôpital Avicenne"}};
  first.materials = {{"Livret", "https://example.org/livret.pdf"}};
  first.notes = "Blessing a parlé de sa fille restée à Benin City";
  store::Session second = session(a.id, "2025-03-11", u.id);
  store::Session later = session(a.id, "2025-04-01", u.id);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, later);
    s().activities().create_session(tx, second);
    s().activities().create_session(tx, first);
  });
  std::string stored;
  std::optional<store::Session> back;
  s().db().read([&](store::Tx& tx) {
    stored = raw(tx, "SELECT notes_enc FROM activity_sessions WHERE id = :id", first.id);
    back = s().activities().find_session(tx, first.id);
    EXPECT_EQ(raw(tx, "SELECT notes_enc FROM activity_sessions WHERE id = :id", second.id),
              "<null>");
  });
  EXPECT_EQ(stored.find("Blessing"), std::string::npos);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->notes, first.notes);
  EXPECT_EQ(back->starts_at, "14:00");
  EXPECT_EQ(back->duration_minutes, 120);
  EXPECT_EQ(back->place, "Salle Louise Michel");
  EXPECT_FALSE(back->site_id);
  EXPECT_EQ(back->facilitators, first.facilitators);
  ASSERT_EQ(back->guests.size(), 1u);
  EXPECT_EQ(back->guests[0].organisation, "Hôpital Avicenne");
  ASSERT_EQ(back->materials.size(), 1u);
  EXPECT_EQ(back->materials[0].link, "https://example.org/livret.pdf");

  store::Session changed = *back;
  changed.notes = "";
  changed.held_on = "2025-03-05";
  store::UpdateOutcome ok, stale;
  s().db().write([&](store::Tx& tx) {
    ok = s().activities().update_session(tx, changed, 1);
    stale = s().activities().update_session(tx, changed, 1);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  s().db().read([&](store::Tx& tx) {
    auto now = s().activities().find_session(tx, first.id);
    EXPECT_EQ(now->notes, "");
    EXPECT_EQ(now->held_on, "2025-03-05");
    EXPECT_EQ(now->version, 2);
    auto of = s().activities().sessions_of(tx, a.id);
    ASSERT_EQ(of.size(), 3u);
    EXPECT_EQ(of[0].id, first.id);
    EXPECT_EQ(of[2].id, later.id);
    auto week = s().activities().sessions_between(tx, "2025-03-05", "2025-03-11", 50);
    ASSERT_EQ(week.size(), 2u) << "both ends included";
    EXPECT_EQ(week[0].id, first.id);
    EXPECT_EQ(week[1].id, second.id);
    EXPECT_TRUE(s().activities().sessions_between(tx, "2025-03-12", "2025-03-31", 50).empty());
  });
}

TEST_F(ActivitiesTest, AMemberAttendsASessionOnceAndOutsidersAreCounted) {
  core::User u = make_user("mediator");
  core::Person blessing = person("Blessing", "Okoro");
  store::Activity a = activity("training", "Formation repérage", u.id);
  a.audience = "professionals";
  store::Session s1 = session(a.id, "2025-05-20", u.id);
  store::Session s2 = session(a.id, "2025-05-27", u.id);
  store::Attendance hers = member(s1.id, blessing.id, u.id);
  hers.role = "peer_helper";
  store::Attendance police = outsiders(s1.id, 12, "police_officer", u.id);
  store::Attendance lawyers = outsiders(s1.id, 3, "lawyer", u.id);
  bool first = false, again = false, elsewhere = false, cops = false, bar = false;
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, blessing);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, s1);
    s().activities().create_session(tx, s2);
    first = s().activities().add_attendance(tx, hers);
    again = s().activities().add_attendance(tx, member(s1.id, blessing.id, u.id));
    elsewhere = s().activities().add_attendance(tx, member(s2.id, blessing.id, u.id));
    cops = s().activities().add_attendance(tx, police);
    bar = s().activities().add_attendance(tx, lawyers);
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(again) << "one attendance per member and session";
  EXPECT_TRUE(elsewhere);
  EXPECT_TRUE(cops);
  EXPECT_TRUE(bar) << "outsider rows have no person and never collide";
  s().db().read([&](store::Tx& tx) {
    auto list = s().activities().attendance_of(tx, s1.id);
    ASSERT_EQ(list.size(), 3u);
    auto row = [&](const std::string& id) {
      return *std::find_if(list.begin(), list.end(), [&](const store::Attendance& x) { return x.id == id; });
    };
    EXPECT_EQ(row(hers.id).person_id, blessing.id);
    EXPECT_EQ(row(hers.id).role, "peer_helper");
    EXPECT_FALSE(row(hers.id).outsider_count);
    EXPECT_EQ(row(police.id).outsider_count, 12);
    EXPECT_EQ(row(police.id).profession, "police_officer");
    EXPECT_EQ(row(police.id).organisation, "Commissariat du 18e");
    EXPECT_FALSE(row(police.id).person_id);
    auto read = s().activities().find_session(tx, s1.id);
    EXPECT_EQ(read->member_count, 1);
    EXPECT_EQ(read->outsider_count, 15);
  });
  bool removed = false, wrong_session = true, twice = true;
  s().db().write([&](store::Tx& tx) {
    wrong_session = s().activities().remove_attendance(tx, s2.id, police.id);
    removed = s().activities().remove_attendance(tx, s1.id, police.id);
    twice = s().activities().remove_attendance(tx, s1.id, police.id);
  });
  EXPECT_FALSE(wrong_session);
  EXPECT_TRUE(removed);
  EXPECT_FALSE(twice);
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().activities().find_session(tx, s1.id)->outsider_count, 3);
  });
}

// --- Media ---------------------------------------------------------------------------------

TEST_F(ActivitiesTest, MediaParticipantsAreUpsertedAndFoundByPerson) {
  core::User u = make_user("coord");
  core::Person joy = person("Joy", "Eze"), ada = person("Ada", "Nwosu");
  store::Activity a = activity("podcast_recording", "Voix de femmes", u.id);
  store::MediaItem ep1 = media("Épisode 1", u.id), ep2 = media("Épisode 2", u.id);
  ep1.activity_id = a.id;
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, joy);
    s().people().create(tx, ada);
    s().activities().create_activity(tx, a);
    s().activities().create_media(tx, ep1);
    s().activities().create_media(tx, ep2);
    s().activities().set_participant(tx, {ep1.id, joy.id, "voice"});
    s().activities().set_participant(tx, {ep1.id, joy.id, "interview"});
    s().activities().set_participant(tx, {ep1.id, ada.id, "voice"});
    s().activities().set_participant(tx, {ep2.id, ada.id, "face"});
  });
  s().db().read([&](store::Tx& tx) {
    auto parts = s().activities().participants(tx, ep1.id);
    ASSERT_EQ(parts.size(), 2u) << "setting twice replaces the part";
    auto joys = std::find_if(parts.begin(), parts.end(),
                             [&](const store::MediaParticipant& p) { return p.person_id == joy.id; });
    ASSERT_NE(joys, parts.end());
    EXPECT_EQ(joys->part, "interview");
    auto of_joy = s().activities().media_of_person(tx, joy.id);
    ASSERT_EQ(of_joy.size(), 1u);
    EXPECT_EQ(of_joy[0].id, ep1.id);
    EXPECT_EQ(of_joy[0].activity_id, a.id);
    EXPECT_EQ(s().activities().media_of_person(tx, ada.id).size(), 2u);
  });

  store::MediaItem published = ep1;
  published.status = "published";
  published.published_on = "2025-06-01";
  published.link = "https://example.org/ep1";
  store::UpdateOutcome ok, stale;
  bool removed = false, twice = true;
  s().db().write([&](store::Tx& tx) {
    ok = s().activities().update_media(tx, published, 1);
    stale = s().activities().update_media(tx, published, 1);
    removed = s().activities().remove_participant(tx, ep1.id, joy.id);
    twice = s().activities().remove_participant(tx, ep1.id, joy.id);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_TRUE(removed);
  EXPECT_FALSE(twice);
  s().db().read([&](store::Tx& tx) {
    auto back = s().activities().find_media(tx, ep1.id);
    EXPECT_EQ(back->status, "published");
    EXPECT_EQ(back->published_on, "2025-06-01");
    EXPECT_EQ(back->version, 2);
    EXPECT_TRUE(s().activities().media_of_person(tx, joy.id).empty());
    auto all = s().activities().media(tx, 10);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, ep2.id) << "unpublished: dated by creation (today), newer than June 2025";
  });
}

// --- Calls for contributions ---------------------------------------------------------------

TEST_F(ActivitiesTest, CallsApplicationsAndReviews) {
  core::User u = make_user("coord"), reviewer = make_user("reviewer");
  store::Call c;
  c.id = core::new_id();
  c.title = "Initiatives locales 2025";
  c.criteria = {{"impact", "Impact", 2, 5}, {"feasibility", "Faisabilité", 1, 10}};
  c.opens_on = "2025-02-01";
  c.closes_on = "2025-03-31";
  c.places = 3;
  c.created_by = u.id;
  c.created_at = c.updated_at = core::now_iso8601();
  store::Application app;
  app.id = core::new_id();
  app.call_id = c.id;
  app.initiative = "Collectif Ruelle";
  app.organisation = "Ruelle";
  app.country = "FR";
  app.contact = R"({"name":"Marie Dupont","email":"marie@example.org","phone":"0601020304"})";
  app.received_on = "2025-03-02";
  app.follow_up = {{"2025-03-10", "Appel", "Dossier complet"}};
  store::Application late = app;
  late.id = core::new_id();
  late.initiative = "Réseau Solidarité";
  late.contact = "";
  late.received_on = "2025-03-20";
  late.follow_up = {};
  for (auto* x : {&app, &late}) x->created_at = x->updated_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().users().create(tx, reviewer);
    s().activities().create_call(tx, c);
    s().activities().create_application(tx, late);
    s().activities().create_application(tx, app);
  });
  s().db().read([&](store::Tx& tx) {
    auto back = s().activities().find_call(tx, c.id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->criteria.size(), 2u);
    EXPECT_EQ(back->criteria[0].weight, 2);
    EXPECT_EQ(back->criteria[1].max, 10);
    EXPECT_EQ(back->places, 3);
    EXPECT_EQ(s().activities().calls(tx).size(), 1u);
    std::string stored = raw(tx, "SELECT contact_enc FROM applications WHERE id = :id", app.id);
    EXPECT_EQ(stored.find("Dupont"), std::string::npos);
    EXPECT_EQ(raw(tx, "SELECT contact_enc FROM applications WHERE id = :id", late.id), "<null>");
    auto a = s().activities().find_application(tx, app.id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->contact, app.contact);
    ASSERT_EQ(a->follow_up.size(), 1u);
    EXPECT_EQ(a->follow_up[0].outcome, "Dossier complet");
    auto of = s().activities().applications_of(tx, c.id);
    ASSERT_EQ(of.size(), 2u);
    EXPECT_EQ(of[0].id, app.id);
  });

  store::Application selected = app;
  selected.status = "selected";
  selected.outcome = "Trois ateliers en 2025";
  store::Call deciding = c;
  deciding.status = "decided";
  store::UpdateOutcome ok, stale, call_ok, call_stale;
  s().db().write([&](store::Tx& tx) {
    ok = s().activities().update_application(tx, selected, 1);
    stale = s().activities().update_application(tx, selected, 1);
    call_ok = s().activities().update_call(tx, deciding, 1);
    call_stale = s().activities().update_call(tx, deciding, 1);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_EQ(call_ok, store::UpdateOutcome::updated);
  EXPECT_EQ(call_stale, store::UpdateOutcome::version_conflict);

  // One review per reviewer: a second one replaces the first, keeping when she first reviewed.
  store::Review r{app.id, reviewer.id, {{"impact", 4}, {"feasibility", 7}}, "Solide", "2025-04-01T10:00:00Z",
                  "2025-04-01T10:00:00Z"};
  store::Review again{app.id, reviewer.id, {{"impact", 5}, {"feasibility", 8}}, "Très solide",
                      "2025-04-02T10:00:00Z", "2025-04-02T10:00:00Z"};
  store::Review mine{late.id, u.id, {{"impact", 2}, {"feasibility", 3}}, "", "", ""};
  s().db().write([&](store::Tx& tx) {
    s().activities().put_review(tx, r);
    s().activities().put_review(tx, again);
    s().activities().put_review(tx, mine);
  });
  s().db().read([&](store::Tx& tx) {
    auto reviews = s().activities().reviews_of(tx, app.id);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_EQ(reviews[0].scores.at("impact"), 5);
    EXPECT_EQ(reviews[0].comment, "Très solide");
    EXPECT_EQ(reviews[0].created_at, "2025-04-01T10:00:00Z");
    EXPECT_EQ(reviews[0].updated_at, "2025-04-02T10:00:00Z");
    EXPECT_EQ(s().activities().reviews_of_call(tx, c.id).size(), 2u);
    auto a = s().activities().find_application(tx, app.id);
    EXPECT_EQ(a->status, "selected");
    EXPECT_EQ(a->outcome, "Trois ateliers en 2025");
    EXPECT_EQ(s().activities().find_call(tx, c.id)->status, "decided");
  });
}

// --- Projects ------------------------------------------------------------------------------

TEST_F(ActivitiesTest, ProjectsLinksViewersAndIndicators) {
  core::User coord = make_user("coord"), viewer = make_user("funder.liaison");
  store::Project p;
  p.id = core::new_id();
  p.code = "voiceover";
  p.name = "Voice Over";
  p.starts_on = "2025-01-01";
  p.ends_on = "2026-12-31";
  p.aims = "Porter la voix des survivantes";
  p.funders = {{"Fondation A", 4500000, "EUR"}};
  p.partners = {{std::nullopt, "Association B", "BE"}};
  p.narrative = {{"context", "Le contexte"}};
  p.created_by = coord.id;
  p.created_at = p.updated_at = core::now_iso8601();
  store::Project other = p;
  other.id = core::new_id();
  other.code = "older";
  other.starts_on = "2024-01-01";
  other.ends_on = std::nullopt;
  store::Activity a = activity("workshop", "Atelier", coord.id);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, coord);
    s().users().create(tx, viewer);
    s().projects().create(tx, other);
    s().projects().create(tx, p);
    s().activities().create_activity(tx, a);
    s().projects().link(tx, p.id, "activity", a.id);
    s().projects().link(tx, p.id, "activity", a.id);  // idempotent
    s().projects().link(tx, other.id, "activity", a.id);
    s().projects().set_viewer(tx, p.id, viewer.id, true);
    s().projects().set_viewer(tx, p.id, viewer.id, true);
  });
  s().db().read([&](store::Tx& tx) {
    auto back = s().projects().find(tx, p.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->code, "voiceover");
    ASSERT_EQ(back->funders.size(), 1u);
    EXPECT_EQ(back->funders[0].amount_cents, 4500000);
    ASSERT_EQ(back->partners.size(), 1u);
    EXPECT_FALSE(back->partners[0].partner_id);
    EXPECT_EQ(back->partners[0].country, "BE");
    EXPECT_EQ(back->narrative.at("context"), "Le contexte");
    EXPECT_EQ(s().projects().find_by_code(tx, "older")->id, other.id);
    EXPECT_FALSE(s().projects().find_by_code(tx, "nope"));
    EXPECT_FALSE(s().projects().find(tx, other.id)->ends_on);
    auto all = s().projects().list(tx);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, p.id) << "newest start first";
    auto seen = s().projects().list(tx, viewer.id);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].id, p.id);
    EXPECT_TRUE(s().projects().list(tx, coord.id).empty());
    EXPECT_EQ(s().projects().viewers(tx, p.id), std::vector<std::string>{viewer.id});
    EXPECT_EQ(s().projects().link_count(tx, p.id, "activity"), 1);
    auto of = s().projects().projects_of(tx, "activity", a.id);
    std::sort(of.begin(), of.end());
    std::vector<std::string> both = {p.id, other.id};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(of, both);
  });
  bool unlinked = false, twice = true;
  store::Project renamed = p;
  renamed.name = "Voice Over II";
  store::UpdateOutcome ok, stale;
  s().db().write([&](store::Tx& tx) {
    unlinked = s().projects().unlink(tx, p.id, "activity", a.id);
    twice = s().projects().unlink(tx, p.id, "activity", a.id);
    s().projects().set_viewer(tx, p.id, viewer.id, false);
    ok = s().projects().update(tx, renamed, 1);
    stale = s().projects().update(tx, renamed, 1);
  });
  EXPECT_TRUE(unlinked);
  EXPECT_FALSE(twice);
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().projects().link_count(tx, p.id, "activity"), 0);
    EXPECT_EQ(s().projects().projects_of(tx, "activity", a.id), std::vector<std::string>{other.id});
    EXPECT_TRUE(s().projects().viewers(tx, p.id).empty());
    EXPECT_EQ(s().projects().find(tx, p.id)->name, "Voice Over II");
  });

  store::Indicator people;
  people.id = core::new_id();
  people.project_id = p.id;
  people.position = 2;
  people.name = "Survivors reached";
  people.definition = {"people", {{"via", {"attendance", "media"}}, {"minor", {"false"}}}};
  people.target = 120;
  people.milestones = {{"2025-06-30", 40}, {"2025-12-31", 80}};
  people.created_at = people.updated_at = core::now_iso8601();
  store::Indicator sessions = people;
  sessions.id = core::new_id();
  sessions.position = 1;
  sessions.name = "Sessions";
  sessions.definition = {"sessions", {}};
  sessions.target = std::nullopt;
  sessions.milestones = {};
  s().db().write([&](store::Tx& tx) {
    s().projects().create_indicator(tx, people);
    s().projects().create_indicator(tx, sessions);
  });
  s().db().read([&](store::Tx& tx) {
    auto list = s().projects().indicators_of(tx, p.id);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, sessions.id) << "by position";
    EXPECT_FALSE(list[0].target);
    auto back = s().projects().find_indicator(tx, people.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->definition.counts, "people");
    EXPECT_EQ(back->definition.filters, people.definition.filters);
    EXPECT_EQ(back->target, 120);
    ASSERT_EQ(back->milestones.size(), 2u);
    EXPECT_EQ(back->milestones[1].on, "2025-12-31");
    EXPECT_EQ(back->milestones[1].value, 80);
  });
  store::Indicator retargeted = people;
  retargeted.target = 150;
  retargeted.definition.filters.erase("minor");
  bool deleted = false, deleted_twice = true;
  s().db().write([&](store::Tx& tx) {
    ok = s().projects().update_indicator(tx, retargeted, 1);
    stale = s().projects().update_indicator(tx, retargeted, 1);
    deleted = s().projects().delete_indicator(tx, sessions.id);
    deleted_twice = s().projects().delete_indicator(tx, sessions.id);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_TRUE(deleted);
  EXPECT_FALSE(deleted_twice);
  s().db().read([&](store::Tx& tx) {
    auto back = s().projects().find_indicator(tx, people.id);
    EXPECT_EQ(back->target, 150);
    EXPECT_EQ(back->version, 2);
    EXPECT_FALSE(back->definition.filters.count("minor"));
    EXPECT_EQ(s().projects().indicators_of(tx, p.id).size(), 1u);
  });
}

TEST_F(ActivitiesTest, HandWrittenScalarFiltersReadAsOneItemLists) {
  store::Project p;
  p.id = core::new_id();
  p.code = "x";
  p.name = "X";
  p.starts_on = "2025-01-01";
  p.created_by = "someone";
  p.created_at = p.updated_at = core::now_iso8601();
  std::string id = core::new_id(), now = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().projects().create(tx, p);
    tx.sql << "INSERT INTO indicators (id, project_id, name, counts, filters, created_at, "
              "updated_at) VALUES (:id, :p, 'n', 'sessions', '{\"audience\": \"members\", "
              "\"international\": true, \"activity_types\": [\"workshop\", \"training\"]}', :c, :u)",
        soci::use(id), soci::use(p.id), soci::use(now), soci::use(now);
  });
  s().db().read([&](store::Tx& tx) {
    auto i = s().projects().find_indicator(tx, id);
    ASSERT_TRUE(i);
    core::IndicatorFilters expected = {{"audience", {"members"}},
                                       {"international", {"true"}},
                                       {"activity_types", {"workshop", "training"}}};
    EXPECT_EQ(i->definition.filters, expected);
  });
}

// --- Anonymisation, merging, keys, backups -------------------------------------------------

TEST_F(ActivitiesTest, AnonymisingKeepsAttendanceAndMediaParticipation) {
  core::User u = make_user("coord");
  core::Person joy = person("Joy", "Eze");
  store::Activity a = activity("workshop", "Atelier", u.id);
  store::Session s1 = session(a.id, "2025-05-20", u.id);
  store::MediaItem ep = media("Épisode", u.id);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, joy);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, s1);
    s().activities().add_attendance(tx, member(s1.id, joy.id, u.id));
    s().activities().create_media(tx, ep);
    s().activities().set_participant(tx, {ep.id, joy.id, "voice"});
    store::anonymise_person(tx, s().vault(), joy.id, core::now_iso8601());
  });
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().people().find(tx, joy.id)->given_name, "Anonymised");
    auto list = s().activities().attendance_of(tx, s1.id);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].person_id, joy.id);
    EXPECT_EQ(s().activities().participants(tx, ep.id).size(), 1u);
  });
}

TEST_F(ActivitiesTest, MergingMovesAttendanceAndMediaWithoutDuplicates) {
  core::User u = make_user("coord");
  core::Person kept = person("Chinwe", "Nwakwelu"), dup = person("Chinwé", "Nwa-Kwelu");
  store::Activity a = activity("workshop", "Atelier", u.id);
  store::Session both = session(a.id, "2025-05-20", u.id), only_dup = session(a.id, "2025-05-27", u.id);
  store::MediaItem shared = media("Épisode 1", u.id), dup_only = media("Épisode 2", u.id);
  store::Attendance kept_row = member(both.id, kept.id, u.id);
  store::Attendance dup_row = member(both.id, dup.id, u.id);
  store::Attendance dup_other = member(only_dup.id, dup.id, u.id);
  store::Project p = project("p", u.id);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, kept);
    s().people().create(tx, dup);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, both);
    s().activities().create_session(tx, only_dup);
    s().activities().add_attendance(tx, kept_row);
    s().activities().add_attendance(tx, dup_row);
    s().activities().add_attendance(tx, dup_other);
    s().activities().create_media(tx, shared);
    s().activities().create_media(tx, dup_only);
    s().activities().set_participant(tx, {shared.id, kept.id, "voice"});
    s().activities().set_participant(tx, {shared.id, dup.id, "face"});
    s().activities().set_participant(tx, {dup_only.id, dup.id, "interview"});
    s().projects().create(tx, p);
    // The duplicate's attendance counted towards the project: the kept row takes it over.
    s().projects().link(tx, p.id, "attendance", dup_row.id);
  });
  s().db().write([&](store::Tx& tx) { store::merge_people(tx, s().vault(), dup.id, kept.id); });
  s().db().read([&](store::Tx& tx) {
    auto at_both = s().activities().attendance_of(tx, both.id);
    ASSERT_EQ(at_both.size(), 1u) << "one attendance per person and session";
    EXPECT_EQ(at_both[0].id, kept_row.id);
    auto at_other = s().activities().attendance_of(tx, only_dup.id);
    ASSERT_EQ(at_other.size(), 1u);
    EXPECT_EQ(at_other[0].person_id, kept.id);
    EXPECT_EQ(s().projects().projects_of(tx, "attendance", kept_row.id), std::vector<std::string>{p.id});
    EXPECT_TRUE(s().projects().projects_of(tx, "attendance", dup_row.id).empty());
    auto parts = s().activities().participants(tx, shared.id);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].person_id, kept.id);
    EXPECT_EQ(parts[0].part, "voice");
    EXPECT_EQ(s().activities().media_of_person(tx, kept.id).size(), 2u);
    EXPECT_TRUE(s().activities().media_of_person(tx, dup.id).empty());
  });
}

TEST_F(ActivitiesTest, KeyRotationReencryptsSessionNotesAndApplicationContacts) {
  core::User u = make_user("coord");
  store::Activity a = activity("workshop", "Atelier", u.id);
  store::Session s1 = session(a.id, "2025-05-20", u.id);
  s1.notes = "Notes de séance";
  store::Call c;
  c.id = core::new_id();
  c.title = "Appel";
  c.created_by = u.id;
  c.created_at = c.updated_at = core::now_iso8601();
  store::Application app;
  app.id = core::new_id();
  app.call_id = c.id;
  app.initiative = "Initiative";
  app.contact = R"({"name":"Awa"})";
  app.received_on = "2025-03-01";
  app.created_at = app.updated_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, s1);
    s().activities().create_call(tx, c);
    s().activities().create_application(tx, app);
  });
  store_.reset();
  auto rotating = store::Store::open(fresh_->url(), key_from(9), key_from(7));
  EXPECT_GE(store::reencrypt_all(rotating->db(), rotating->vault()), 2);
  rotating.reset();
  auto after = store::Store::open(fresh_->url(), key_from(9));
  after->db().read([&](store::Tx& tx) {
    EXPECT_EQ(after->activities().find_session(tx, s1.id)->notes, "Notes de séance");
    EXPECT_EQ(after->activities().find_application(tx, app.id)->contact, R"({"name":"Awa"})");
  });
}

TEST_F(ActivitiesTest, LogicalBackupCarriesActivitiesAndProjects) {
  if (engine() != "postgres") GTEST_SKIP() << "SQLite deployments back up with VACUUM INTO";
  core::User u = make_user("coord");
  core::Person joy = person("Joy", "Eze");
  store::Activity a = activity("workshop", "Atelier", u.id);
  store::Session s1 = session(a.id, "2025-05-20", u.id);
  s1.notes = "Notes";
  store::Project p = project("p", u.id);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, joy);
    s().activities().create_activity(tx, a);
    s().activities().create_session(tx, s1);
    s().activities().add_attendance(tx, member(s1.id, joy.id, u.id));
    s().projects().create(tx, p);
    s().projects().link(tx, p.id, "session", s1.id);
    s().projects().set_viewer(tx, p.id, u.id, true);
  });
  std::stringstream file;
  long long written = store::write_logical_backup(s().db(), file);
  Fresh target;
  auto restored = store::Store::open(target.url(), key_from(7));
  EXPECT_EQ(store::read_logical_backup(restored->db(), file), written);
  restored->db().read([&](store::Tx& tx) {
    EXPECT_EQ(restored->activities().find_session(tx, s1.id)->notes, "Notes");
    EXPECT_EQ(restored->activities().attendance_of(tx, s1.id).size(), 1u);
    EXPECT_EQ(restored->projects().link_count(tx, p.id, "session"), 1);
    EXPECT_EQ(restored->projects().viewers(tx, p.id), std::vector<std::string>{u.id});
  });
}

// A backup made before a migration added columns (here 0005's copy of a linked encounter's date,
// person and type) loads into the newer schema: columns go by name, and the triggers fill in
// what the older schema did not have.
TEST_F(ActivitiesTest, AnOlderLogicalBackupLoadsIntoTheNewerSchema) {
  if (engine() != "postgres") GTEST_SKIP() << "SQLite deployments back up with VACUUM INTO";
  core::User u = make_user("coord");
  core::Person joy = person("Joy", "Eze");
  store::Project p = project("p", u.id);
  core::Encounter e;
  e.id = core::new_id();
  e.person_id = joy.id;
  e.type = "legal_consultation";
  e.happened_on = "2025-03-04";
  e.author_id = u.id;
  e.created_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().people().create(tx, joy);
    s().cases().add_encounter(tx, e);
    s().projects().create(tx, p);
    s().projects().link(tx, p.id, "encounter", e.id);
  });
  std::stringstream file;
  store::write_logical_backup(s().db(), file);

  // The same backup as schema 4 wrote it: project_records without the three columns.
  std::stringstream older;
  std::string line;
  bool links = false;
  int schema = 0;
  while (std::getline(file, line)) {
    if (line.starts_with("schema ")) {
      schema = std::stoi(line.substr(7));
      line = "schema 4";
    } else if (line.starts_with("table ")) {
      links = line.starts_with("table project_records ");
      if (links) {
        EXPECT_EQ(line, "table project_records project_id,record_type,record_id,encounter_on,"
                        "encounter_person_id,encounter_type");
        line = "table project_records project_id,record_type,record_id";
      }
    } else if (links && line != "\\.") {
      std::size_t cut = line.find('\t', line.find('\t', line.find('\t') + 1) + 1);
      line.resize(cut);
    }
    older << line << "\n";
  }
  ASSERT_GE(schema, 5);

  Fresh target;
  auto restored = store::Store::open(target.url(), key_from(7));
  store::read_logical_backup(restored->db(), older);
  restored->db().read([&](store::Tx& tx) {
    std::string on, person, type;
    tx.sql << "SELECT encounter_on, encounter_person_id, encounter_type FROM project_records "
              "WHERE record_id = :id",
        soci::use(e.id), soci::into(on), soci::into(person), soci::into(type);
    EXPECT_EQ(on, "2025-03-04");
    EXPECT_EQ(person, joy.id);
    EXPECT_EQ(type, "legal_consultation");
  });

  // A column this version does not know is refused, and nothing is loaded.
  std::stringstream newer;
  newer << "passerelle-logical-backup 2\nschema 4\ntable settings name,value,colour\n\\.\nend\n";
  Fresh third;
  auto refused = store::Store::open(third.url(), key_from(7));
  EXPECT_THROW(store::read_logical_backup(refused->db(), newer), store::StoreError);
}
