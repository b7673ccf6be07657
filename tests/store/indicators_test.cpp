// The indicator engine on both engines, over a small hand-made dataset whose answers are known:
// a project running through 2025, asked about March to May 2025.
//
//   people  A (F, 1990, NG, member)  B (M, 2009, FR)  C (F, age disputed)  D (F, 1980, ER)
//           E (M, 2000, NG+FR; A's partner)  G (M, 1970)  H (F, 1995)  F (F, never linked)
//   workshop W (linked): s0 Feb 28, s1 Mar 1 (also linked itself), s2 May 31, s3 Jun 1
//   training T (professionals, not linked): t1 Apr 10 (linked itself), t2 Apr 11 (another
//           project's; D's attendance there is linked on its own)
//   attendance A@s1 A@s2 A@s3 B@s1 (peer helper) C@t1 D@t2 E@s0; outsiders 12 police officers
//           @t1, 3 social workers @s2, 5 lawyers @t2, 4 teachers @s3
//   encounters A Mar 15, A Apr 1, D May 31, anonymous (M, 15-17, NG) Apr 2, E Jun 1 — linked;
//           F Apr 1 — not linked
//   cases   D (open since 2024), G (closed Mar 1, the first day), H (opened Jun 1), B (closed
//           in February) — all linked
//   procedures housing D (opened Mar 10, housed Apr 20), housing G (housed Jun 2), referral D
//           (Mar 5), referral G (Feb 1) — linked; goals "Education" achieved: D's Apr 30,
//           G's Jun 5
//   media   M1 published Apr 15 (E), M2 in production since May 1 (A), M3 published Jul 1 (F)
//   applications  selected Apr 1, not selected Apr 2, selected Jun 10 — linked; selected Apr 3
//           — not linked
#include <gtest/gtest.h>

#include "fresh_database.h"
#include "store/anonymiser.h"

using namespace passerelle;
using passerelle::testing_support::make_user;

namespace {

class IndicatorsTest : public passerelle::testing_support::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    s().db().write([&](store::Tx& tx) { build(tx); });
  }

  // --- The dataset -----------------------------------------------------------------------
  core::Person person(const std::string& given, const std::string& gender,
                      std::optional<int> birth_year, std::vector<std::string> nationalities) {
    core::Person p;
    p.id = core::new_id();
    p.given_name = given;
    p.gender = gender;
    p.birth_year = birth_year;
    p.nationalities = std::move(nationalities);
    p.created_at = p.updated_at = core::now_iso8601();
    return p;
  }

  std::string session(store::Tx& tx, const std::string& activity_id, const std::string& on) {
    store::Session x;
    x.id = core::new_id();
    x.activity_id = activity_id;
    x.held_on = on;
    x.created_by = user.id;
    x.created_at = x.updated_at = core::now_iso8601();
    s().activities().create_session(tx, x);
    return x.id;
  }

  std::string attend(store::Tx& tx, const std::string& session_id, const std::string& person_id,
                     const std::string& role = "participant") {
    store::Attendance a;
    a.id = core::new_id();
    a.session_id = session_id;
    a.person_id = person_id;
    a.role = role;
    a.recorded_by = user.id;
    a.created_at = core::now_iso8601();
    s().activities().add_attendance(tx, a);
    return a.id;
  }

  void outsiders(store::Tx& tx, const std::string& session_id, int n,
                 const std::string& profession) {
    store::Attendance a;
    a.id = core::new_id();
    a.session_id = session_id;
    a.outsider_count = n;
    a.profession = profession;
    a.recorded_by = user.id;
    a.created_at = core::now_iso8601();
    s().activities().add_attendance(tx, a);
  }

  std::string encounter(store::Tx& tx, std::optional<std::string> person_id, const std::string& on,
                        const std::string& type, bool linked = true) {
    core::Encounter e;
    e.id = core::new_id();
    e.person_id = person_id;
    e.type = type;
    e.happened_on = on;
    if (!person_id) {
      e.anonymous_gender = "Masculine";
      e.anonymous_age_band = "15-17";
      e.anonymous_nationality = "NG";
    }
    e.author_id = user.id;
    e.created_at = core::now_iso8601();
    s().cases().add_encounter(tx, e);
    if (linked) s().projects().link(tx, project.id, "encounter", e.id);
    return e.id;
  }

  std::string open_case(store::Tx& tx, const core::Person& p, const std::string& opened,
                        std::optional<std::string> closed = std::nullopt) {
    core::Case c;
    c.id = core::new_id();
    c.person_id = p.id;
    c.opened_on = opened;
    c.closed_on = closed;
    c.status = closed ? "Closed" : "Active";
    c.created_at = c.updated_at = core::now_iso8601();
    s().cases().create(tx, c);
    s().projects().link(tx, project.id, "case", c.id);
    return c.id;
  }

  std::string procedure(store::Tx& tx, const std::string& case_id, const std::string& kind,
                        const std::string& status, const std::string& opened) {
    store::Procedure p;
    p.id = core::new_id();
    p.case_id = case_id;
    p.kind = kind;
    p.status = status;
    p.opened_on = opened;
    if (kind == "referral") p.direction = "out";
    p.created_by = user.id;
    p.created_at = p.updated_at = core::now_iso8601();
    s().procedures().create(tx, p);
    s().projects().link(tx, project.id, "procedure", p.id);
    return p.id;
  }

  void step(store::Tx& tx, const std::string& procedure_id, const std::string& from,
            const std::string& to, const std::string& on) {
    store::ProcedureStep st;
    st.id = core::new_id();
    st.procedure_id = procedure_id;
    st.kind = "transition";
    st.from_status = from;
    st.to_status = to;
    st.happened_on = on;
    st.actor_id = user.id;
    st.created_at = core::now_iso8601();
    s().procedures().add_step(tx, st);
  }

  void goal(store::Tx& tx, const std::string& case_id, const std::string& achieved_at) {
    store::CaseGoal g;
    g.id = core::new_id();
    g.case_id = case_id;
    g.type = "Education";
    g.objective = "Formation d'aide-soignante";
    g.status = "achieved";
    g.progress = 100;
    g.created_at = "2024-09-01T09:00:00Z";
    g.updated_at = achieved_at;
    s().details().add_goal(tx, g);
  }

  void media(store::Tx& tx, const std::string& status, std::optional<std::string> published,
             const std::string& created_at, const std::string& participant) {
    store::MediaItem m;
    m.id = core::new_id();
    m.kind = "podcast_episode";
    m.title = "Épisode";
    m.status = status;
    m.published_on = published;
    m.created_by = user.id;
    m.created_at = m.updated_at = created_at;
    s().activities().create_media(tx, m);
    s().activities().set_participant(tx, {m.id, participant, "voice"});
    s().projects().link(tx, project.id, "media_item", m.id);
  }

  void application(store::Tx& tx, const std::string& call_id, const std::string& received,
                   const std::string& status, bool linked = true) {
    store::Application a;
    a.id = core::new_id();
    a.call_id = call_id;
    a.initiative = "Initiative";
    a.received_on = received;
    a.status = status;
    a.created_at = a.updated_at = core::now_iso8601();
    s().activities().create_application(tx, a);
    if (linked) s().projects().link(tx, project.id, "application", a.id);
  }

  store::Project make_project(const std::string& code) {
    store::Project p;
    p.id = core::new_id();
    p.code = code;
    p.name = code;
    p.starts_on = "2025-01-01";
    p.ends_on = "2025-12-31";
    p.created_by = user.id;
    p.created_at = p.updated_at = core::now_iso8601();
    return p;
  }

  void build(store::Tx& tx) {
    s().users().create(tx, user);
    project = make_project("voice");
    store::Project other = make_project("other");
    s().projects().create(tx, project);
    s().projects().create(tx, other);

    A = person("A", "Feminine", 1990, {"NG"});
    A.member = true;
    B = person("B", "Masculine", 2009, {"FR"});
    C = person("C", "Feminine", std::nullopt, {});
    C.age_disputed = true;
    D = person("D", "Feminine", 1980, {"ER"});
    E = person("E", "Masculine", 2000, {"NG", "FR"});
    G = person("G", "Masculine", 1970, {});
    H = person("H", "Feminine", 1995, {"NG"});
    F = person("F", "Feminine", 1992, {});
    for (auto* p : {&A, &B, &C, &D, &E, &G, &H, &F}) s().people().create(tx, *p);
    s().details().set_relation(tx, {A.id, E.id, "partner"});

    store::Activity w;
    w.id = core::new_id();
    w.type = "workshop";
    w.title = "Atelier";
    w.created_by = user.id;
    w.created_at = w.updated_at = core::now_iso8601();
    store::Activity t = w;
    t.id = core::new_id();
    t.type = "training";
    t.audience = "professionals";
    s().activities().create_activity(tx, w);
    s().activities().create_activity(tx, t);
    s().projects().link(tx, project.id, "activity", w.id);
    std::string s0 = session(tx, w.id, "2025-02-28"), s1 = session(tx, w.id, "2025-03-01"),
                s2 = session(tx, w.id, "2025-05-31"), s3 = session(tx, w.id, "2025-06-01"),
                t1 = session(tx, t.id, "2025-04-10"), t2 = session(tx, t.id, "2025-04-11");
    s().projects().link(tx, project.id, "session", s1);
    s().projects().link(tx, project.id, "session", t1);
    s().projects().link(tx, other.id, "session", t2);
    attend(tx, s1, A.id);
    attend(tx, s2, A.id);
    attend(tx, s3, A.id);
    attend(tx, s1, B.id, "peer_helper");
    attend(tx, t1, C.id);
    s().projects().link(tx, project.id, "attendance", attend(tx, t2, D.id));
    attend(tx, s0, E.id);
    outsiders(tx, t1, 12, "police_officer");
    outsiders(tx, s2, 3, "social_worker");
    outsiders(tx, t2, 5, "lawyer");
    outsiders(tx, s3, 4, "teacher");

    encounter(tx, A.id, "2025-03-15", "individual_meeting");
    encounter(tx, A.id, "2025-04-01", "outreach_contact");
    encounter(tx, D.id, "2025-05-31", "legal_consultation");
    encounter(tx, std::nullopt, "2025-04-02", "outreach_contact");
    encounter(tx, E.id, "2025-06-01", "outreach_contact");
    encounter(tx, F.id, "2025-04-01", "outreach_contact", false);

    std::string cD = open_case(tx, D, "2024-06-01");
    std::string cG = open_case(tx, G, "2024-01-01", "2025-03-01");
    open_case(tx, H, "2025-06-01");
    open_case(tx, B, "2025-01-10", "2025-02-15");
    std::string hD = procedure(tx, cD, "housing", "housed", "2025-03-10");
    step(tx, hD, "applied", "housed", "2025-04-20");
    std::string hG = procedure(tx, cG, "housing", "housed", "2024-06-01");
    step(tx, hG, "applied", "housed", "2025-06-02");
    procedure(tx, cD, "referral", "sent", "2025-03-05");
    procedure(tx, cG, "referral", "sent", "2025-02-01");
    goal(tx, cD, "2025-04-30T15:00:00Z");
    goal(tx, cG, "2025-06-05T15:00:00Z");

    media(tx, "published", "2025-04-15", "2025-01-20T10:00:00Z", E.id);
    media(tx, "in_production", std::nullopt, "2025-05-01T10:00:00Z", A.id);
    media(tx, "published", "2025-07-01", "2025-02-01T10:00:00Z", F.id);

    store::Call call;
    call.id = core::new_id();
    call.title = "Appel";
    call.created_by = user.id;
    call.created_at = call.updated_at = core::now_iso8601();
    s().activities().create_call(tx, call);
    application(tx, call.id, "2025-04-01", "selected");
    application(tx, call.id, "2025-04-02", "not_selected");
    application(tx, call.id, "2025-06-10", "selected");
    application(tx, call.id, "2025-04-03", "selected", false);
  }

  // --- Asking ----------------------------------------------------------------------------
  store::IndicatorValue compute(const std::string& counts, core::IndicatorFilters filters = {},
                                std::vector<std::string> dimensions = {},
                                store::Period period = {"2025-03-01", "2025-05-31"}) {
    store::Indicator i;
    i.id = core::new_id();
    i.project_id = project.id;
    i.name = counts;
    i.definition = {counts, std::move(filters)};
    EXPECT_TRUE(core::validate_indicator(i.definition).empty()) << counts;
    store::IndicatorValue v;
    s().db().read([&](store::Tx& tx) {
      v = s().indicators().compute(tx, project, i, period, dimensions, true);
    });
    // The cumulative progress never goes down and ends on the value.
    for (std::size_t k = 1; k < v.by_month.size(); ++k)
      EXPECT_LE(v.by_month[k - 1].second, v.by_month[k].second) << counts;
    if (!v.by_month.empty()) {
      EXPECT_EQ(v.by_month.back().second, v.value) << counts;
    }
    return v;
  }
  std::int64_t value(const std::string& counts, core::IndicatorFilters filters = {}) {
    return compute(counts, std::move(filters)).value;
  }

  core::User user = make_user("coord");
  store::Project project;
  core::Person A, B, C, D, E, G, H, F;
};

using Months = std::vector<std::pair<std::string, std::int64_t>>;
using Cells = std::map<std::string, std::int64_t>;

std::int64_t sum(const Cells& cells) {
  std::int64_t n = 0;
  for (const auto& [c, v] : cells) n += v;
  return n;
}

}  // namespace

TEST_F(IndicatorsTest, PeopleAreCountedOnceWhateverTheWayTheyWereReached) {
  // A (attendance ×2, encounters ×2, media), B (attendance), C (attendance), D (attendance,
  // encounter, case, procedures), E (media), G (case closed on the first day, procedures).
  auto v = compute("people", {}, {"gender", "age_band", "minor", "nationality", "profession"});
  EXPECT_EQ(v.value, 6);
  EXPECT_EQ(v.by_month, (Months{{"2025-03", 4}, {"2025-04", 6}, {"2025-05", 6}}));
  EXPECT_EQ(v.breakdowns.at("gender"), (Cells{{"Feminine", 3}, {"Masculine", 3}}));
  EXPECT_EQ(v.breakdowns.at("age_band"),
            (Cells{{"15-17", 1}, {"25-34", 1}, {"35-49", 2}, {"50+", 1}, {"unknown", 1}}));
  EXPECT_EQ(v.breakdowns.at("minor"), (Cells{{"adult", 4}, {"minor", 2}}));
  EXPECT_EQ(v.breakdowns.at("nationality"), (Cells{{"ER", 1}, {"FR", 1}, {"NG", 2}, {"unknown", 2}}));
  EXPECT_FALSE(v.breakdowns.count("profession")) << "only for outsiders";
  for (const auto& [dimension, cells] : v.breakdowns) EXPECT_EQ(sum(cells), v.value) << dimension;
}

TEST_F(IndicatorsTest, PeopleFiltersAndWays) {
  EXPECT_EQ(value("people", {{"via", {"encounters"}}}), 2);                 // A, D
  EXPECT_EQ(value("people", {{"via", {"media"}}}), 2);                      // E, A
  EXPECT_EQ(value("people", {{"via", {"cases"}}}), 2);                      // D, G
  EXPECT_EQ(value("people", {{"via", {"procedures"}}}), 2);                 // D, G
  EXPECT_EQ(value("people", {{"via", {"attendance"}}}), 4);                 // A, B, C, D
  EXPECT_EQ(value("people", {{"activity_types", {"workshop"}}}), 2);        // A, B
  EXPECT_EQ(value("people", {{"activity_types", {"training"}}}), 2);        // C, D
  EXPECT_EQ(value("people", {{"audience", {"professionals"}}}), 2);         // C, D
  EXPECT_EQ(value("people", {{"attendance_roles", {"peer_helper"}}}), 1);   // B
  EXPECT_EQ(value("people", {{"encounter_types", {"outreach_contact"}}}), 1);  // A
  EXPECT_EQ(value("people", {{"gender", {"Feminine"}}}), 3);                // A, C, D
  EXPECT_EQ(value("people", {{"minor", {"true"}}}), 2);                     // B, C (disputed)
  EXPECT_EQ(value("people", {{"minor", {"false"}}}), 4);
  EXPECT_EQ(value("people", {{"member", {"true"}}}), 1);                    // A
  EXPECT_EQ(value("people", {{"via", {"attendance"}}, {"gender", {"Masculine"}}}), 1);  // B
}

TEST_F(IndicatorsTest, HouseholdsGroupAPersonWithHerRelations) {
  auto v = compute("households");
  EXPECT_EQ(v.value, 5) << "A and her partner E are one household";
  EXPECT_EQ(v.by_month, (Months{{"2025-03", 4}, {"2025-04", 5}, {"2025-05", 5}}));
  EXPECT_EQ(value("households", {{"via", {"media"}}}), 1) << "A and E again";
}

TEST_F(IndicatorsTest, SessionsCountFirstAndLastDayButNotTheDayAfter) {
  // s1 (Mar 1, linked twice) and s2 (May 31) through the workshop, t1 linked itself; s0 (the day
  // before), s3 (the day after) and t2 (another project's) are not counted.
  auto v = compute("sessions");
  EXPECT_EQ(v.value, 3);
  EXPECT_EQ(v.by_month, (Months{{"2025-03", 1}, {"2025-04", 2}, {"2025-05", 3}}));
  EXPECT_EQ(value("sessions", {{"activity_types", {"training"}}}), 1);
  EXPECT_EQ(value("sessions", {{"audience", {"members"}}}), 2);
  EXPECT_EQ(value("sessions", {{"international", {"true"}}}), 0);
  // The project's whole period when none is asked; a wider one is cut to the project's.
  EXPECT_EQ(compute("sessions", {}, {}, {}).value, 5);
  EXPECT_EQ(compute("sessions", {}, {}, {"2024-01-01", "2027-01-01"}).value, 5);
  auto none = compute("sessions", {}, {}, {"2025-08-01", "2025-07-01"});
  EXPECT_EQ(none.value, 0);
  EXPECT_TRUE(none.by_month.empty());
}

TEST_F(IndicatorsTest, ActivitiesAttendancesAndOutsiders) {
  EXPECT_EQ(value("activities"), 2) << "the workshop, and the training of a linked session";
  auto attendances = compute("attendances", {}, {"gender", "minor"});
  EXPECT_EQ(attendances.value, 5) << "A twice, B, C, and D's linked attendance";
  EXPECT_EQ(attendances.breakdowns.at("gender"), (Cells{{"Feminine", 4}, {"Masculine", 1}}));
  EXPECT_EQ(sum(attendances.breakdowns.at("minor")), 5);
  EXPECT_EQ(value("attendances", {{"attendance_roles", {"peer_helper"}}}), 1);
  auto outsiders = compute("outsiders", {}, {"profession", "gender"});
  EXPECT_EQ(outsiders.value, 15) << "12 police officers and 3 social workers, summed";
  EXPECT_EQ(outsiders.by_month, (Months{{"2025-03", 0}, {"2025-04", 12}, {"2025-05", 15}}));
  EXPECT_EQ(outsiders.breakdowns.at("profession"), (Cells{{"police_officer", 12}, {"social_worker", 3}}));
  EXPECT_FALSE(outsiders.breakdowns.count("gender"));
  EXPECT_EQ(value("outsiders", {{"professions", {"police_officer", "lawyer"}}}), 12);
}

TEST_F(IndicatorsTest, EncountersIncludeAnonymousContacts) {
  auto v = compute("encounters", {}, {"gender", "age_band", "minor", "nationality"});
  EXPECT_EQ(v.value, 4);
  EXPECT_EQ(v.breakdowns.at("gender"), (Cells{{"Feminine", 3}, {"Masculine", 1}}));
  EXPECT_EQ(v.breakdowns.at("age_band"), (Cells{{"15-17", 1}, {"35-49", 3}}));
  EXPECT_EQ(v.breakdowns.at("minor"), (Cells{{"adult", 3}, {"minor", 1}}));
  EXPECT_EQ(v.breakdowns.at("nationality"), (Cells{{"ER", 1}, {"NG", 3}}));
  EXPECT_EQ(value("encounters", {{"encounter_types", {"outreach_contact"}}}), 2);
  EXPECT_EQ(value("encounters", {{"gender", {"Masculine"}}}), 1) << "the anonymous contact";
  EXPECT_EQ(value("encounters", {{"minor", {"true"}}}), 1);
}

TEST_F(IndicatorsTest, ProceduresReferralsAndOutcomes) {
  EXPECT_EQ(value("referrals"), 1) << "D's; G's was opened before the period";
  EXPECT_EQ(value("referrals", {{"direction", {"in"}}}), 0);
  EXPECT_EQ(value("referrals", {{"statuses", {"sent"}}}), 1);
  EXPECT_EQ(value("procedures", {{"procedure_kind", {"housing"}}}), 1);
  EXPECT_EQ(value("procedures"), 2);
  // Housed inside the period (D, Apr 20) counts; outside (G, Jun 2) does not.
  auto housed = compute("outcomes", {{"procedure_kind", {"housing"}}, {"statuses", {"housed"}}},
                        {"gender"});
  EXPECT_EQ(housed.value, 1);
  EXPECT_EQ(housed.by_month, (Months{{"2025-03", 0}, {"2025-04", 1}, {"2025-05", 1}}));
  EXPECT_EQ(housed.breakdowns.at("gender"), (Cells{{"Feminine", 1}}));
  EXPECT_EQ(compute("outcomes", {{"procedure_kind", {"housing"}}, {"statuses", {"housed"}}}, {},
                    {"2025-01-01", "2025-06-02"})
                .value,
            2);
  EXPECT_EQ(value("outcomes", {{"goal_types", {"Education"}}}), 1) << "D's goal, Apr 30";
  EXPECT_EQ(value("outcomes", {{"procedure_kind", {"housing"}},
                               {"statuses", {"housed"}},
                               {"goal_types", {"Education"}}}),
            2);
}

TEST_F(IndicatorsTest, MediaAndApplications) {
  EXPECT_EQ(value("media_items"), 2) << "published Apr 15; unpublished, made May 1";
  EXPECT_EQ(value("media_items", {{"media_statuses", {"published"}}}), 1);
  EXPECT_EQ(value("applications"), 2);
  EXPECT_EQ(value("applications", {{"application_statuses", {"selected"}}}), 1);
}

TEST_F(IndicatorsTest, OnlyTheProjectsOwnRecordsCount) {
  store::Project other;
  s().db().read([&](store::Tx& tx) { other = *s().projects().find_by_code(tx, "other"); });
  store::Indicator i;
  i.definition = {"sessions", {}};
  store::Indicator people;
  people.definition = {"people", {}};
  store::Indicator outsiders;
  outsiders.definition = {"outsiders", {}};
  s().db().read([&](store::Tx& tx) {
    store::Period march_to_may{"2025-03-01", "2025-05-31"};
    EXPECT_EQ(s().indicators().compute(tx, other, i, march_to_may, {}, false).value, 1);  // t2
    auto v = s().indicators().compute(tx, other, people, march_to_may, {"gender"}, false);
    EXPECT_EQ(v.value, 1) << "D, at t2";
    EXPECT_EQ(v.breakdowns.at("gender"), (Cells{{"Feminine", 1}}));
    EXPECT_TRUE(v.by_month.empty()) << "not asked for";
    EXPECT_EQ(s().indicators().compute(tx, other, outsiders, march_to_may, {}, false).value, 5);
  });
}

TEST_F(IndicatorsTest, TheHeadlineStatementGivesTheSameValue) {
  for (const std::string counts : {"people", "households", "sessions", "outsiders", "encounters"}) {
    store::Indicator i;
    i.definition = {counts, {}};
    if (counts == "encounters") i.definition.filters = {{"gender", {"Feminine"}}};
    store::Period period{"2025-03-01", "2025-05-31"};
    long long direct = -1;
    std::int64_t computed = -2;
    s().db().read([&](store::Tx& tx) {
      auto st = s().indicators().headline_statement(tx, project, i, period);
      soci::statement q(tx.sql);
      q.exchange(soci::into(direct));
      for (std::size_t k = 0; k < st.params.size(); ++k)
        q.exchange(soci::use(st.params[k], "q" + std::to_string(k + 1)));
      q.alloc();
      q.prepare(st.sql);
      q.define_and_bind();
      q.execute(true);
      computed = s().indicators().compute(tx, project, i, period, {}, false).value;
      auto detailed = s().indicators().compute(tx, project, i, period, {"gender", "profession"}, true);
      EXPECT_EQ(detailed.value, computed) << counts << ": the months' pass adds up to the same";
    });
    EXPECT_EQ(direct, computed) << counts;
    EXPECT_GT(direct, 0) << counts;
  }
}

TEST_F(IndicatorsTest, MergedPeopleAreCountedOnce) {
  // B turns out to be a second record of A: their attendance of s1 becomes one.
  s().db().write([&](store::Tx& tx) { store::merge_people(tx, s().vault(), B.id, A.id); });
  EXPECT_EQ(value("people"), 5);
  EXPECT_EQ(value("attendances"), 4);
}

TEST_F(IndicatorsTest, ALinkedEncounterCarriesItsChangesToTheCounts) {
  // Counts read an encounter's date, person and type from its link (migration 0005): whatever
  // changes the encounter, or links it, must reach the link too.
  EXPECT_EQ(value("people", {{"via", {"encounters"}}}), 2);  // A, D
  s().db().write([&](store::Tx& tx) { store::merge_people(tx, s().vault(), D.id, A.id); });
  EXPECT_EQ(value("people", {{"via", {"encounters"}}}), 1) << "D's encounter is now A's";

  std::string moved, unlinked;
  s().db().read([&](store::Tx& tx) {
    tx.sql << "SELECT id FROM encounters WHERE type = 'legal_consultation'", soci::into(moved);
    tx.sql << "SELECT id FROM encounters WHERE person_id = :p", soci::use(F.id),
        soci::into(unlinked);
  });
  EXPECT_EQ(value("encounters", {{"encounter_types", {"legal_consultation"}}}), 1);
  s().db().write([&](store::Tx& tx) {
    // A correction of the date and the type, straight in the table.
    tx.sql << "UPDATE encounters SET happened_on = '2025-06-01', type = 'orientation' WHERE id = "
              ":id",
        soci::use(moved);
  });
  EXPECT_EQ(value("encounters", {{"encounter_types", {"legal_consultation"}}}), 0);
  EXPECT_EQ(value("encounters", {{"encounter_types", {"orientation"}}}), 0) << "now in June";
  EXPECT_EQ(compute("encounters", {{"encounter_types", {"orientation"}}}, {},
                    {"2025-06-01", "2025-06-30"})
                .value,
            1);

  // F's encounter, linked late, counts with what it is; a deleted encounter stops counting.
  s().db().write([&](store::Tx& tx) { s().projects().link(tx, project.id, "encounter", unlinked); });
  EXPECT_EQ(value("people", {{"via", {"encounters"}}}), 2) << "A and F";
  EXPECT_EQ(value("encounters"), 4);
  s().db().write([&](store::Tx& tx) {
    tx.sql << "DELETE FROM encounters WHERE id = :id", soci::use(unlinked);
  });
  EXPECT_EQ(value("encounters"), 3);
  long long links = -1;
  s().db().read([&](store::Tx& tx) {
    tx.sql << "SELECT count(*) FROM project_records WHERE record_id = :id", soci::use(unlinked),
        soci::into(links);
  });
  EXPECT_EQ(links, 0);
}
