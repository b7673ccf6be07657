// The demo's programmes on both engines: the fourteen projects with their indicators (every one
// computes; the stated targets are there), the group work, media, call and earlier cases behind
// them, determinism for a seed, and a second run that adds nothing.
//
// Also the benchmark's helper (bench/indicators): BenchSql.Statements, skipped unless
// PASSERELLE_BENCH_DATABASE_URL is set, reads the projects of that database, times every
// indicator through IndicatorEngine::compute and writes each one's headline SQL and parameters
// (IndicatorEngine::headline_statement) as JSON to PASSERELLE_BENCH_OUT, for the script to run
// in the database itself.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "core/casework.h"
#include "fresh_database.h"
#include "io/demo_generator.h"

using namespace passerelle;
using passerelle::testing_support::Fresh;
using passerelle::testing_support::key_from;
using passerelle::testing_support::make_user;
using DemoProgrammesTest = passerelle::testing_support::StoreTest;

namespace {

const char* kToday = "2026-11-29";

void add_demo_staff(store::Store& st) {
  st.db().write([&](store::Tx& tx) {
    for (const io::DemoStaff& d : io::demo_staff()) {
      core::User u = make_user(d.username, d.display_name);
      u.role = d.role;
      st.users().create(tx, u);
    }
  });
}

std::int64_t count(store::Store& st, const std::string& sql) {
  long long n = 0;
  st.db().read([&](store::Tx& tx) { tx.sql << sql, soci::into(n); });
  return n;
}

// Every indicator of every project, computed over the project's whole period: code → name → value.
std::map<std::string, std::map<std::string, std::int64_t>> values(store::Store& st) {
  std::map<std::string, std::map<std::string, std::int64_t>> out;
  st.db().read([&](store::Tx& tx) {
    for (const auto& p : st.projects().list(tx))
      for (const auto& i : st.projects().indicators_of(tx, p.id))
        out[p.code][i.name] = st.indicators().compute(tx, p, i, {}, {}, false).value;
  });
  return out;
}

const std::set<std::string> kCodes = {
    "relogement", "acces-aux-droits", "emploi-rural", "empowerment-juridique", "cinema",
    "entre-pairs", "eva", "mpeio", "history-ourstory", "sante-mentale", "life-after-trafficking",
    "podcast", "voice-participation", "voiceover"};

}  // namespace

TEST_F(DemoProgrammesTest, FourteenProjectsWithTheirIndicatorsAndTheWorkBehindThem) {
  add_demo_staff(s());
  io::generate_casework(s(), 120, 1, kToday);
  io::ProgrammeCounts n = io::generate_programmes(s(), 1, kToday);
  EXPECT_FALSE(n.already_there);
  EXPECT_EQ(n.projects, 14);

  std::set<std::string> codes;
  s().db().read([&](store::Tx& tx) {
    for (const auto& p : s().projects().list(tx)) {
      codes.insert(p.code);
      EXPECT_FALSE(p.name.empty());
      EXPECT_FALSE(p.aims.empty());
      EXPECT_EQ(p.narrative.at("amounts"), "demo figures") << p.code;
      auto indicators = s().projects().indicators_of(tx, p.id);
      EXPECT_GE(indicators.size(), 3u) << p.code;
      // Every indicator computes, with its breakdowns and months, on both engines.
      for (const auto& i : indicators) {
        EXPECT_TRUE(core::validate_indicator(i.definition).empty()) << p.code << " " << i.name;
        std::vector<std::string> dims(std::begin(core::kDimensions), std::end(core::kDimensions));
        store::IndicatorValue v;
        EXPECT_NO_THROW(v = s().indicators().compute(tx, p, i, {}, dims, true))
            << p.code << " " << i.name;
        EXPECT_FALSE(v.by_month.empty()) << p.code << " " << i.name;
        auto st = s().indicators().headline_statement(tx, p, i, {});
        EXPECT_FALSE(st.sql.empty());
      }
    }
  });
  EXPECT_EQ(codes, kCodes);

  // Periods as stated: "2024-25" and "since 2021".
  s().db().read([&](store::Tx& tx) {
    auto housing = s().projects().find_by_code(tx, "relogement");
    EXPECT_EQ(housing->starts_on, "2024-01-01");
    EXPECT_EQ(housing->ends_on, std::optional<std::string>("2025-12-31"));
    auto rights = s().projects().find_by_code(tx, "acces-aux-droits");
    EXPECT_EQ(rights->starts_on, "2021-01-01");
    EXPECT_FALSE(rights->ends_on.has_value());
    EXPECT_EQ(rights->funders.size(), 2u);
    EXPECT_EQ(s().projects().find_by_code(tx, "eva")->partners.size(), 6u);
    EXPECT_EQ(s().projects().find_by_code(tx, "voiceover")->partners.size(), 5u);
  });

  // The targets the page states.
  std::map<std::string, std::map<std::string, std::int64_t>> targets;
  s().db().read([&](store::Tx& tx) {
    for (const auto& p : s().projects().list(tx))
      for (const auto& i : s().projects().indicators_of(tx, p.id))
        if (i.target) targets[p.code][i.name] = *i.target;
  });
  EXPECT_EQ(targets["relogement"]["Families housed"], 10);
  EXPECT_EQ(targets["emploi-rural"]["Projects supported"], 6);
  EXPECT_EQ(targets["history-ourstory"]["Members taking part"], 28);
  EXPECT_EQ(targets["history-ourstory"]["Workshops"], 15);
  EXPECT_EQ(targets["voiceover"],
            (std::map<std::string, std::int64_t>{{"International events", 2},
                                                 {"People into work or training", 60},
                                                 {"Podcasts", 5},
                                                 {"Professionals trained", 90},
                                                 {"Survivors trained", 20},
                                                 {"Victims supported by peer mentoring", 90}}));

  // What the indicators find: the fixed work exactly, the rest present.
  auto v = values(s());
  EXPECT_EQ(v["history-ourstory"]["Workshops"], 15);
  EXPECT_GT(v["history-ourstory"]["Members taking part"], 0);
  EXPECT_LE(v["history-ourstory"]["Members taking part"], 28);
  EXPECT_EQ(v["voiceover"]["Podcasts"], 5);
  EXPECT_EQ(v["voiceover"]["International events"], 2);
  EXPECT_GE(v["voiceover"]["Professionals trained"], 90);
  EXPECT_GT(v["voiceover"]["Survivors trained"], 0);
  EXPECT_GT(v["voiceover"]["Victims supported by peer mentoring"], 0);
  EXPECT_GT(v["voiceover"]["People into work or training"], 0);
  EXPECT_EQ(v["emploi-rural"]["Projects supported"], 6);
  EXPECT_EQ(v["emploi-rural"]["Contributions received"], 14);
  EXPECT_EQ(v["cinema"]["Film produced"], 1);
  EXPECT_GT(v["acces-aux-droits"]["Volunteer lawyers trained"], 0);
  EXPECT_GT(v["acces-aux-droits"]["Police officers made aware"], 0);
  EXPECT_GT(v["acces-aux-droits"]["People informed about their rights"], 0);
  EXPECT_GT(v["mpeio"]["Referrals to Ac.Sé"], 0);
  EXPECT_GT(v["mpeio"]["PSP files"] + v["mpeio"]["Victims identified"], 0);
  EXPECT_GT(v["sante-mentale"]["Individual meetings with the psychologist"], 0);
  EXPECT_GT(v["entre-pairs"]["Child-protection reports"], 0);
  EXPECT_GT(v["podcast"]["Episodes published"], 5);
  EXPECT_GT(v["podcast"]["Members who spoke out"], 0);

  // The records behind them.
  EXPECT_GT(count(s(), "SELECT count(*) FROM attendance WHERE person_id IS NOT NULL"), 100);
  EXPECT_GT(count(s(), "SELECT count(*) FROM attendance WHERE person_id IS NULL"), 10);
  EXPECT_EQ(count(s(), "SELECT count(*) FROM attendance a JOIN people p ON p.id = a.person_id "
                       "WHERE p.member = 0"),
            0);  // only members attend
  EXPECT_EQ(count(s(), "SELECT count(*) FROM attendance t JOIN activity_sessions x ON x.id = "
                       "t.session_id JOIN project_records pr ON pr.record_type = 'activity' AND "
                       "pr.record_id = x.activity_id JOIN projects j ON j.id = pr.project_id JOIN "
                       "people p ON p.id = t.person_id WHERE j.code <> 'entre-pairs' AND "
                       "(p.birth_year > 2008 OR p.age_disputed <> 0)"),
            0);  // minors only in the groups meant for them
  EXPECT_EQ(count(s(), "SELECT count(DISTINCT type) FROM activities"), 9);  // every type
  EXPECT_EQ(count(s(), "SELECT count(*) FROM applications"), 14);
  EXPECT_EQ(count(s(), "SELECT count(*) FROM reviews"), 28);
  EXPECT_EQ(count(s(), "SELECT count(*) FROM activity_sessions WHERE work = 'Sankofa'"), 1);
  for (const char* type : {"case", "encounter", "procedure", "activity", "session", "attendance",
                           "media_item", "application"})
    EXPECT_GT(count(s(), std::string("SELECT count(*) FROM project_records WHERE record_type = '") +
                             type + "'"),
              0)
        << type;
  // Every media participant gave her media consent; one has withdrawn it since, on an episode
  // still published: it must come down.
  int must_come_down = 0, without_consent = 0;
  s().db().read([&](store::Tx& tx) {
    for (const auto& m : s().activities().media(tx, 1000))
      for (const auto& p : s().activities().participants(tx, m.id)) {
        auto history = s().cases().consents(tx, p.person_id);
        if (!core::latest_consent(history, "media")) ++without_consent;
        if (m.status == "published" && !core::consent_in_force(history, "media")) ++must_come_down;
      }
  });
  EXPECT_EQ(without_consent, 0);
  EXPECT_GE(must_come_down, 1);

  // A second run adds nothing.
  io::ProgrammeCounts again = io::generate_programmes(s(), 1, kToday);
  EXPECT_TRUE(again.already_there);
  EXPECT_EQ(again.sessions, 0);
  EXPECT_EQ(count(s(), "SELECT count(*) FROM projects"), 14);
}

TEST_F(DemoProgrammesTest, TheSameSeedGivesTheSameProgrammes) {
  add_demo_staff(s());
  io::generate_casework(s(), 60, 3, kToday);
  io::ProgrammeCounts a = io::generate_programmes(s(), 3, kToday);
  auto first = values(s());

  Fresh other_db;
  auto other = store::Store::open(other_db.url(), key_from(7));
  add_demo_staff(*other);
  io::generate_casework(*other, 60, 3, kToday);
  io::ProgrammeCounts b = io::generate_programmes(*other, 3, kToday);
  EXPECT_EQ(a.sessions, b.sessions);
  EXPECT_EQ(a.attendance, b.attendance);
  EXPECT_EQ(a.earlier_cases, b.earlier_cases);
  EXPECT_EQ(a.procedures, b.procedures);
  EXPECT_EQ(a.links, b.links);
  EXPECT_EQ(first, values(*other));
}

// For bench/indicators (see the top of this file).
TEST(BenchSql, Statements) {
  const char* url = std::getenv("PASSERELLE_BENCH_DATABASE_URL");
  const char* out_path = std::getenv("PASSERELLE_BENCH_OUT");
  if (!url || !out_path) GTEST_SKIP() << "PASSERELLE_BENCH_DATABASE_URL / PASSERELLE_BENCH_OUT not set";
  auto db = store::Database::open(url, 1);
  store::IndicatorEngine engine;
  store::ProjectRepository projects;
  boost::json::array out;
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  db->read([&](store::Tx& tx) {
    for (const auto& p : projects.list(tx)) {
      for (const auto& i : projects.indicators_of(tx, p.id)) {
        auto t0 = clock::now();
        auto headline = engine.compute(tx, p, i, {}, {}, false);
        auto t1 = clock::now();
        auto full = engine.compute(tx, p, i, {}, {}, true);  // as the dashboard: with months
        auto t2 = clock::now();
        auto st = engine.headline_statement(tx, p, i, {});
        boost::json::array params;
        for (const auto& x : st.params) params.emplace_back(x);
        out.emplace_back(boost::json::object{{"project", p.code},
                                             {"indicator", i.name},
                                             {"counts", i.definition.counts},
                                             {"value", headline.value},
                                             {"target", i.target ? boost::json::value(*i.target)
                                                                 : boost::json::value(nullptr)},
                                             {"engine_headline_ms", ms(t1 - t0)},
                                             {"engine_with_months_ms", ms(t2 - t1)},
                                             {"sql", st.sql},
                                             {"params", params}});
        EXPECT_EQ(full.value, headline.value);
      }
    }
  });
  std::ofstream(out_path) << boost::json::serialize(out) << "\n";
  EXPECT_FALSE(out.empty());
}
