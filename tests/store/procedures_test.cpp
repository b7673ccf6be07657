// Partners, procedures, their steps and deadlines on both engines: the seeded national
// mechanisms, secret fields encrypted at rest, version checks, deadline and referral lists
// scoped like the caseload, a partner's list never holding another partner's referrals,
// anonymisation, and the demo data.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>

#include "fresh_database.h"
#include "io/demo_generator.h"
#include "store/anonymiser.h"
#include "store/key_rotation.h"
#include "store/logical_backup.h"

using namespace passerelle;
using passerelle::testing_support::engine;
using passerelle::testing_support::Fresh;
using passerelle::testing_support::key_from;
using passerelle::testing_support::make_user;
using ProceduresTest = passerelle::testing_support::StoreTest;

namespace {

store::Partner partner(const std::string& name, const std::string& kind = "NGO") {
  store::Partner p;
  p.id = core::new_id();
  p.name = name;
  p.kind = kind;
  p.country = "FR";
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

core::Person person(const std::string& given, const std::string& family) {
  core::Person p;
  p.id = core::new_id();
  p.given_name = given;
  p.family_name = family;
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

core::Case a_case(const std::string& person_id, const std::string& opened_on = "2026-01-10") {
  core::Case c;
  c.id = core::new_id();
  c.person_id = person_id;
  c.opened_on = opened_on;
  c.created_at = c.updated_at = core::now_iso8601();
  return c;
}

store::Procedure procedure(const std::string& case_id, const std::string& kind,
                           const std::string& status, const std::string& created_by) {
  store::Procedure p;
  p.id = core::new_id();
  p.case_id = case_id;
  p.kind = kind;
  p.status = status;
  p.opened_on = "2026-02-01";
  p.created_by = created_by;
  p.created_at = p.updated_at = core::now_iso8601();
  return p;
}

store::Procedure referral(const std::string& case_id, const std::string& partner_id,
                          const std::string& status, const std::string& created_by,
                          const std::string& direction = "out") {
  store::Procedure p = procedure(case_id, "referral", status, created_by);
  p.partner_id = partner_id;
  p.direction = direction;
  p.reason = "shelter";
  return p;
}

std::string raw(store::Tx& tx, const std::string& sql, const std::string& id) {
  std::string value;
  soci::indicator ind = soci::i_null;
  tx.sql << sql, soci::use(id), soci::into(value, ind);
  return ind == soci::i_ok ? value : std::string("<null>");
}

bool holds(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> ids_of(const std::vector<store::Procedure>& v) {
  std::vector<std::string> out;
  for (const auto& p : v) out.push_back(p.id);
  return out;
}

}  // namespace

// --- Partners ------------------------------------------------------------------------------

TEST_F(ProceduresTest, TheNationalMechanismsAreSeeded) {
  const std::map<std::string, std::string> kinds = {
      {"acse", "NGO"},
      {"psp_commission", "CentralGovernmentOrganisation"},
      {"civi", "LegalService"},
      {"siao_115", "LocalGovernmentOrganisation"},
      {"ase", "LocalGovernmentOrganisation"},
      {"juvenile_judge", "LegalService"},
      {"ofpra", "ImmigrationService"},
      {"cnda", "LegalService"},
      {"pad", "LegalService"},
      {"volunteer_lawyers", "LegalService"}};
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  std::set<std::string> ids;
  s().db().read([&](store::Tx& tx) {
    for (const auto& [mechanism, kind] : kinds) {
      auto p = s().partners().find_by_mechanism(tx, mechanism);
      ASSERT_TRUE(p) << mechanism;
      EXPECT_EQ(p->kind, kind) << mechanism;
      EXPECT_EQ(p->country, "FR");
      EXPECT_TRUE(std::regex_match(p->id, uuid)) << p->id;
      EXPECT_TRUE(core::is_id(p->id));
      EXPECT_FALSE(p->services.empty()) << mechanism;
      for (const auto& svc : p->services) EXPECT_TRUE(core::is_partner_service(svc)) << svc;
      EXPECT_TRUE(core::is_partner_kind(p->kind));
      EXPECT_TRUE(p->active);
      ids.insert(p->id);
    }
    auto acse = s().partners().find_by_mechanism(tx, "acse");
    EXPECT_TRUE(acse->address_confidential);
    EXPECT_EQ(acse->address, "");
    EXPECT_FALSE(acse->latitude);
    EXPECT_EQ(acse->services, (std::vector<std::string>{"safe_relocation", "shelter"}));
    auto siao = s().partners().find_by_mechanism(tx, "siao_115");
    EXPECT_NE(std::find(siao->services.begin(), siao->services.end(), "emergency_housing"),
              siao->services.end());
    EXPECT_EQ(s().partners().find_by_mechanism(tx, "ase")->services,
              std::vector<std::string>{"child_protection"});
    int encrypted = -1;
    tx.sql << "SELECT count(*) FROM partners WHERE location_enc IS NOT NULL", soci::into(encrypted);
    EXPECT_EQ(encrypted, 0);
  });
  EXPECT_EQ(ids.size(), kinds.size());
}

TEST_F(ProceduresTest, PartnerRoundTripWithItsLocationEncrypted) {
  store::Partner p = partner("Refuge Imaginaire");
  p.services = {"shelter", "health"};
  p.languages = {"fr", "en"};
  p.region = "Île-de-France";
  p.city = "Paris";
  p.address = "7 rue Secrète, Paris";
  p.latitude = 48.8512;
  p.longitude = 2.3456;
  p.address_confidential = true;
  p.phone = "01 00 00 00 00";
  p.email = "refuge@example.org";
  p.contact_name = "Accueil";
  p.notes = "Test partner";
  std::optional<store::Partner> back;
  std::string location;
  s().db().write([&](store::Tx& tx) { s().partners().create(tx, p); });
  s().db().read([&](store::Tx& tx) {
    back = s().partners().find(tx, p.id);
    location = raw(tx, "SELECT location_enc FROM partners WHERE id = :id", p.id);
  });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "Refuge Imaginaire");
  EXPECT_EQ(back->services, p.services);
  EXPECT_EQ(back->languages, p.languages);
  EXPECT_EQ(back->address, "7 rue Secrète, Paris");
  ASSERT_TRUE(back->latitude && back->longitude);
  EXPECT_DOUBLE_EQ(*back->latitude, 48.8512);
  EXPECT_DOUBLE_EQ(*back->longitude, 2.3456);
  EXPECT_TRUE(back->address_confidential);
  EXPECT_EQ(back->email, "refuge@example.org");
  EXPECT_EQ(back->website, std::nullopt);
  EXPECT_EQ(back->mechanism, std::nullopt);
  EXPECT_FALSE(holds(location, "Secrète"));
  EXPECT_FALSE(holds(location, "48.85"));

  // Versioned update, stale version refused, unknown id reported.
  store::Partner changed = *back;
  changed.address.clear();
  changed.latitude = changed.longitude = std::nullopt;
  changed.active = false;
  changed.website = "https://example.org";
  store::UpdateOutcome ok, stale, missing;
  s().db().write([&](store::Tx& tx) {
    ok = s().partners().update(tx, changed, 1);
    stale = s().partners().update(tx, changed, 1);
    store::Partner ghost = changed;
    ghost.id = core::new_id();
    missing = s().partners().update(tx, ghost, 1);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_EQ(missing, store::UpdateOutcome::not_found);
  s().db().read([&](store::Tx& tx) {
    auto after = s().partners().find(tx, p.id);
    EXPECT_EQ(after->version, 2);
    EXPECT_FALSE(after->active);
    EXPECT_EQ(after->address, "");
    EXPECT_EQ(after->website, "https://example.org");
    EXPECT_EQ(raw(tx, "SELECT location_enc FROM partners WHERE id = :id", p.id), "<null>");
    // By name, whatever the case.
    auto by_name = s().partners().find_by_name(tx, "refuge imaginaire");
    ASSERT_TRUE(by_name);
    EXPECT_EQ(by_name->id, p.id);
    EXPECT_FALSE(s().partners().find_by_name(tx, "Refuge"));
  });
}

TEST_F(ProceduresTest, PartnerListFilters) {
  store::Partner shelter = partner("Maison des Tilleuls"), emergency = partner("Veille Nocturne"),
                 abroad = partner("Approdo Torino"), closed = partner("Ancienne Maison");
  shelter.services = {"shelter", "housing"};
  shelter.languages = {"fr", "en"};
  shelter.city = "Lyon";
  emergency.services = {"emergency_housing"};
  emergency.languages = {"fr"};
  emergency.region = "Bretagne";
  abroad.services = {"legal_advice"};
  abroad.languages = {"it", "en"};
  abroad.country = "IT";
  abroad.city = "Torino";
  closed.services = {"housing"};
  closed.active = false;
  s().db().write([&](store::Tx& tx) {
    for (auto* p : {&shelter, &emergency, &abroad, &closed}) s().partners().create(tx, *p);
  });
  auto names = [&](const store::PartnerFilter& f, int limit = 100) {
    std::vector<std::string> out;
    s().db().read([&](store::Tx& tx) {
      for (const auto& p : s().partners().list(tx, f, limit)) out.push_back(p.name);
    });
    return out;
  };
  store::PartnerFilter f;
  f.text = "MAISON";
  EXPECT_EQ(names(f), std::vector<std::string>{"Maison des Tilleuls"});
  f.include_inactive = true;
  EXPECT_EQ(names(f), (std::vector<std::string>{"Ancienne Maison", "Maison des Tilleuls"}));
  f = {};
  f.text = "torin";  // the city
  EXPECT_EQ(names(f), std::vector<std::string>{"Approdo Torino"});
  f.text = "bretagne";  // the region
  EXPECT_EQ(names(f), std::vector<std::string>{"Veille Nocturne"});
  f.text = "%";  // no wildcard
  EXPECT_TRUE(names(f).empty());
  f.text = "ILE-de france";  // case and accents folded: the seeded OFPRA and CNDA
  EXPECT_EQ(names(f).size(), 2u);
  f.text = "nocturne";
  f.include_inactive = true;
  EXPECT_EQ(names(f, 1), std::vector<std::string>{"Veille Nocturne"});
  f = {};
  f.service = "housing";  // exactly: emergency_housing is another service
  f.country = "FR";
  auto housing = names(f);
  EXPECT_NE(std::find(housing.begin(), housing.end(), "Maison des Tilleuls"), housing.end());
  EXPECT_EQ(std::find(housing.begin(), housing.end(), "Veille Nocturne"), housing.end());
  EXPECT_EQ(std::find(housing.begin(), housing.end(), "Ancienne Maison"), housing.end());
  f = {};
  f.language = "it";
  EXPECT_EQ(names(f), std::vector<std::string>{"Approdo Torino"});
  f = {};
  f.country = "IT";
  EXPECT_EQ(names(f), std::vector<std::string>{"Approdo Torino"});
  f = {};
  f.mechanism = "civi";
  ASSERT_EQ(names(f).size(), 1u);
  f = {};
  f.kind = "ImmigrationService";
  EXPECT_EQ(names(f).size(), 1u);  // OFPRA
  f = {};
  auto all = names(f);
  EXPECT_EQ(all.size(), 13u);  // ten mechanisms and three active partners
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(names(f, 2).size(), 2u);

  std::map<std::string, std::string> by_id;
  s().db().read([&](store::Tx& tx) {
    by_id = s().partners().names(tx, {shelter.id, abroad.id, core::new_id()});
  });
  EXPECT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id[shelter.id], "Maison des Tilleuls");
  EXPECT_EQ(by_id[abroad.id], "Approdo Torino");
}

// --- Procedures ----------------------------------------------------------------------------

class ProcedureStoreTest : public ProceduresTest {
 protected:
  void SetUp() override {
    ProceduresTest::SetUp();
    worker = make_user("sw.procedures");
    lawyer = make_user("lawyer.procedures");
    lawyer.role = "lawyer";
    colleague = make_user("sw.colleague");
    outsider = make_user("coord.outsider");
    outsider.role = "coordinator";
    her = person("Efosa", "Ogiekpolo");
    team_id = core::new_id();
    mine = a_case(her.id);
    mine.team = {{worker.id, "lead"}};
    lawyered = a_case(her.id);
    lawyered.team = {{colleague.id, "lead"}};
    teams = a_case(her.id);
    teams.team_id = team_id;
    other = a_case(her.id);
    s().db().write([&](store::Tx& tx) {
      for (auto* u : {&worker, &lawyer, &colleague, &outsider}) s().users().create(tx, *u);
      s().people().create(tx, her);
      s().cases().create_team(tx, team_id, "Housing team");
      s().cases().set_team_member(tx, team_id, colleague.id, true);
      for (auto* c : {&mine, &lawyered, &teams, &other}) s().cases().create(tx, *c);
    });
  }
  core::User worker, lawyer, colleague, outsider;
  core::Person her;
  std::string team_id;
  core::Case mine, lawyered, teams, other;
};

TEST_F(ProcedureStoreTest, SecretFieldsAreEncryptedAndTheSkeletonStaysClear) {
  store::Procedure p = procedure(mine.id, "criminal_proceedings", "complaint_filed", worker.id);
  p.lawyer_id = lawyer.id;
  p.due_on = "2026-03-01";
  p.fields = {{"complaint_on", "2026-01-15"},    {"complaint_to", "police"},
              {"police_unit", "Brigade Zéphyr"}, {"case_reference", "PV-778899"},
              {"civil_party", "true"},           {"damages_awarded", "150000"}};
  s().db().write([&](store::Tx& tx) { s().procedures().create(tx, p); });
  std::optional<store::Procedure> back;
  std::string fields, details;
  s().db().read([&](store::Tx& tx) {
    back = s().procedures().find(tx, p.id);
    fields = raw(tx, "SELECT fields FROM procedures WHERE id = :id", p.id);
    details = raw(tx, "SELECT details_enc FROM procedures WHERE id = :id", p.id);
  });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fields, p.fields);
  EXPECT_EQ(back->kind, "criminal_proceedings");
  EXPECT_EQ(back->status, "complaint_filed");
  EXPECT_EQ(back->lawyer_id, lawyer.id);
  EXPECT_EQ(back->due_on, "2026-03-01");
  EXPECT_EQ(back->closed_on, std::nullopt);
  EXPECT_EQ(back->partner_id, std::nullopt);
  EXPECT_EQ(back->packet, std::nullopt);
  EXPECT_EQ(back->version, 1);
  // What indicators count is in clear, the rest is not.
  EXPECT_TRUE(holds(fields, "2026-01-15"));
  EXPECT_TRUE(holds(fields, "complaint_to"));
  EXPECT_FALSE(holds(fields, "Zéphyr"));
  EXPECT_FALSE(holds(fields, "police_unit"));
  EXPECT_FALSE(holds(fields, "778899"));
  EXPECT_NE(details, "<null>");
  EXPECT_FALSE(holds(details, "Zéphyr"));
  EXPECT_FALSE(holds(details, "778899"));

  // Without secret fields there is no ciphertext at all.
  store::Procedure plain = procedure(mine.id, "housing", "preparing", worker.id);
  plain.fields = {{"household_size", "2"}};
  s().db().write([&](store::Tx& tx) { s().procedures().create(tx, plain); });
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(raw(tx, "SELECT details_enc FROM procedures WHERE id = :id", plain.id), "<null>");
  });
}

TEST_F(ProcedureStoreTest, AReferralPacketIsEncryptedAndUpdatesCheckTheVersion) {
  store::Partner to = partner("Maison Test");
  store::Procedure p = referral(mine.id, to.id, "draft", worker.id);
  p.packet_items = {"given_name", "birth_year"};
  p.fields = {{"details", "Needs a quiet place"}, {"travel_on", "2026-02-20"}};
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, to);
    s().procedures().create(tx, p);
  });
  store::Procedure sent = p;
  sent.status = "sent";
  sent.packet = R"({"given_name":"Efosa","birth_year":1999})";
  sent.fields["placement"] = "Foyer Caché";
  store::UpdateOutcome ok, stale, missing;
  s().db().write([&](store::Tx& tx) {
    ok = s().procedures().update(tx, sent, 1);
    stale = s().procedures().update(tx, sent, 1);
    store::Procedure ghost = sent;
    ghost.id = core::new_id();
    missing = s().procedures().update(tx, ghost, 1);
  });
  EXPECT_EQ(ok, store::UpdateOutcome::updated);
  EXPECT_EQ(stale, store::UpdateOutcome::version_conflict);
  EXPECT_EQ(missing, store::UpdateOutcome::not_found);
  s().db().read([&](store::Tx& tx) {
    auto back = s().procedures().find(tx, p.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, "sent");
    EXPECT_EQ(back->version, 2);
    EXPECT_EQ(back->packet, sent.packet);
    EXPECT_EQ(back->packet_items, p.packet_items);
    EXPECT_EQ(back->fields.at("placement"), "Foyer Caché");
    EXPECT_EQ(back->fields.at("travel_on"), "2026-02-20");
    EXPECT_EQ(back->direction, "out");
    EXPECT_EQ(back->reason, "shelter");
    std::string packet = raw(tx, "SELECT packet_enc FROM procedures WHERE id = :id", p.id);
    std::string details = raw(tx, "SELECT details_enc FROM procedures WHERE id = :id", p.id);
    EXPECT_FALSE(holds(packet, "Efosa"));
    EXPECT_FALSE(holds(details, "Caché"));
    EXPECT_FALSE(holds(details, "quiet"));
    EXPECT_FALSE(holds(raw(tx, "SELECT fields FROM procedures WHERE id = :id", p.id), "quiet"));
    // Ciphertext is bound to its row: copied onto another procedure it does not open.
    store::Procedure twin = referral(mine.id, to.id, "draft", worker.id);
    s().procedures().create(tx, twin);
    tx.sql << "UPDATE procedures SET details_enc = :d WHERE id = :id", soci::use(details),
        soci::use(twin.id);
    EXPECT_THROW(s().procedures().find(tx, twin.id), store::StoreError);
  });
}

TEST_F(ProcedureStoreTest, ProceduresOfACaseInOrder) {
  store::Procedure a = procedure(mine.id, "housing", "preparing", worker.id),
                   b = procedure(mine.id, "asylum", "preparing", worker.id),
                   elsewhere = procedure(other.id, "housing", "preparing", worker.id);
  a.opened_on = "2026-03-01";
  b.opened_on = "2026-02-01";
  s().db().write([&](store::Tx& tx) {
    for (auto* p : {&a, &b, &elsewhere}) s().procedures().create(tx, *p);
  });
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(ids_of(s().procedures().of_case(tx, mine.id)),
              (std::vector<std::string>{b.id, a.id}));
    EXPECT_TRUE(s().procedures().of_case(tx, teams.id).empty());
  });
}

TEST_F(ProcedureStoreTest, StepsKeepTheirReasonsAndOutcomesEncrypted) {
  store::Procedure p = procedure(mine.id, "criminal_proceedings", "prosecution", worker.id);
  store::Procedure q = procedure(mine.id, "housing", "preparing", worker.id);
  store::ProcedureStep move, hearing, later;
  move.id = core::new_id();
  move.procedure_id = p.id;
  move.kind = "transition";
  move.from_status = "complaint_filed";
  move.to_status = "prosecution";
  move.happened_on = "2026-02-10";
  move.fields = {{"reason", "Témoin retrouvé"}};
  move.actor_id = worker.id;
  move.created_at = "2026-02-10T10:00:00Z";
  hearing.id = core::new_id();
  hearing.procedure_id = p.id;
  hearing.kind = "hearing";
  hearing.happened_on = "2026-04-02";
  hearing.fields = {{"court", "Tribunal correctionnel de Paris"},
                    {"purpose", "preliminary"},
                    {"outcome", "Renvoi au mois de juin"},
                    {"note", "Apporter le récépissé"}};
  hearing.actor_id = lawyer.id;
  hearing.created_at = "2026-02-11T10:00:00Z";
  later = move;
  later.id = core::new_id();
  later.procedure_id = q.id;
  later.from_status = "preparing";
  later.to_status = "applied";
  later.fields = {};
  s().db().write([&](store::Tx& tx) {
    s().procedures().create(tx, p);
    s().procedures().create(tx, q);
    s().procedures().add_step(tx, hearing);
    s().procedures().add_step(tx, move);
    s().procedures().add_step(tx, later);
  });
  s().db().read([&](store::Tx& tx) {
    auto steps = s().procedures().steps(tx, p.id);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].id, move.id);  // by date
    EXPECT_EQ(steps[0].from_status, "complaint_filed");
    EXPECT_EQ(steps[0].to_status, "prosecution");
    EXPECT_EQ(steps[0].fields.at("reason"), "Témoin retrouvé");
    EXPECT_EQ(steps[1].fields, hearing.fields);
    EXPECT_EQ(steps[1].from_status, std::nullopt);
    EXPECT_EQ(steps[1].actor_id, lawyer.id);
    std::string reason = raw(tx, "SELECT details_enc FROM procedure_steps WHERE id = :id", move.id);
    std::string clear = raw(tx, "SELECT fields FROM procedure_steps WHERE id = :id", hearing.id);
    std::string secret =
        raw(tx, "SELECT details_enc FROM procedure_steps WHERE id = :id", hearing.id);
    EXPECT_FALSE(holds(reason, "Témoin"));
    EXPECT_TRUE(holds(clear, "preliminary"));
    EXPECT_TRUE(holds(clear, "Tribunal correctionnel"));
    EXPECT_FALSE(holds(clear, "Renvoi"));
    EXPECT_FALSE(holds(clear, "récépissé"));
    EXPECT_FALSE(holds(secret, "Renvoi"));
    EXPECT_EQ(raw(tx, "SELECT details_enc FROM procedure_steps WHERE id = :id", later.id),
              "<null>");
    auto by_procedure = s().procedures().steps_of_case(tx, mine.id);
    EXPECT_EQ(by_procedure.size(), 2u);
    EXPECT_EQ(by_procedure[p.id].size(), 2u);
    EXPECT_EQ(by_procedure[q.id].size(), 1u);
    EXPECT_TRUE(s().procedures().steps_of_case(tx, other.id).empty());
  });
  // Hearings for the calendar feed: the lawyer of the procedure and the case team, from a date.
  s().db().write([&](store::Tx& tx) {
    store::Procedure again = *s().procedures().find(tx, p.id);
    again.lawyer_id = lawyer.id;
    ASSERT_EQ(s().procedures().update(tx, again, again.version), store::UpdateOutcome::updated);
  });
  s().db().read([&](store::Tx& tx) {
    auto for_lawyer = s().procedures().hearings_for_user(tx, lawyer.id, "2026-03-01");
    ASSERT_EQ(for_lawyer.size(), 1u);
    EXPECT_EQ(for_lawyer[0].id, hearing.id);
    EXPECT_EQ(for_lawyer[0].fields.at("court"), "Tribunal correctionnel de Paris");
    EXPECT_EQ(s().procedures().hearings_for_user(tx, worker.id, "2026-03-01").size(), 1u);
    EXPECT_TRUE(s().procedures().hearings_for_user(tx, worker.id, "2026-04-03").empty());
    EXPECT_TRUE(s().procedures().hearings_for_user(tx, colleague.id, "2026-01-01").empty());
  });
}

TEST_F(ProcedureStoreTest, SetDeadlinesReplacesThePreviousOnes) {
  store::Procedure p = procedure(mine.id, "compensation", "preparing", worker.id);
  s().db().write([&](store::Tx& tx) {
    s().procedures().create(tx, p);
    s().procedures().set_deadlines(tx, p.id, mine.id,
                                   {{"civi_claim", "2027-01-15", "2026-10-17", ""},
                                    {"next_step", "2026-03-01", "2026-02-27", ""}});
  });
  auto kinds = std::vector<std::string>{"compensation"};
  auto due = [&]() {
    std::vector<store::DeadlineRow> rows;
    s().db().read([&](store::Tx& tx) {
      rows =
          s().procedures().deadlines_due(tx, worker.id, core::Scope::own, kinds, "2030-01-01", 50);
    });
    return rows;
  };
  auto first = due();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].kind, "next_step");
  EXPECT_EQ(first[0].case_number, mine.number);
  EXPECT_EQ(first[0].procedure_kind, "compensation");
  EXPECT_EQ(first[1].kind, "civi_claim");
  EXPECT_EQ(first[1].remind_on, "2026-10-17");
  s().db().write([&](store::Tx& tx) {
    // Twice the same (kind, ref) is written once.
    s().procedures().set_deadlines(tx, p.id, mine.id,
                                   {{"civi_claim", "2027-02-01", "2026-11-03", ""},
                                    {"civi_claim", "2027-02-01", "2026-11-03", ""}});
  });
  auto second = due();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].due_on, "2027-02-01");
  s().db().write([&](store::Tx& tx) { s().procedures().set_deadlines(tx, p.id, mine.id, {}); });
  EXPECT_TRUE(due().empty());
}

TEST_F(ProcedureStoreTest, DeadlinesDueFollowTheCaseloadScope) {
  store::Procedure on_mine = procedure(mine.id, "residence_permit", "granted", worker.id);
  store::Procedure as_lawyer = procedure(lawyered.id, "criminal_proceedings", "trial", worker.id);
  as_lawyer.lawyer_id = lawyer.id;
  store::Procedure of_team = procedure(teams.id, "housing", "housed", worker.id);
  store::Procedure far = procedure(other.id, "housing", "housed", worker.id);
  s().db().write([&](store::Tx& tx) {
    for (auto* p : {&on_mine, &as_lawyer, &of_team, &far}) s().procedures().create(tx, *p);
    s().procedures().set_deadlines(tx, on_mine.id, mine.id,
                                   {{"permit_renewal", "2026-05-01", "2026-04-01", ""}});
    s().procedures().set_deadlines(tx, as_lawyer.id, lawyered.id,
                                   {{"hearing", "2026-05-20", "2026-05-13", "h1"},
                                    {"hearing", "2026-05-10", "2026-05-03", "h2"}});
    s().procedures().set_deadlines(tx, of_team.id, teams.id,
                                   {{"tenancy_check_6m", "2026-05-15", "2026-05-01", ""}});
    s().procedures().set_deadlines(tx, far.id, other.id,
                                   {{"tenancy_check_6m", "2026-09-01", "2026-08-18", ""}});
  });
  const std::vector<std::string> all_kinds = {"residence_permit", "criminal_proceedings",
                                              "housing"};
  auto due = [&](const core::User& u, core::Scope scope, const std::vector<std::string>& kinds,
                 const std::string& until = "2026-06-30") {
    std::vector<std::string> out;
    s().db().read([&](store::Tx& tx) {
      for (const auto& d : s().procedures().deadlines_due(tx, u.id, scope, kinds, until, 100))
        out.push_back(d.kind + "@" + d.due_on);
    });
    return out;
  };
  using V = std::vector<std::string>;
  // Own: on the case team, or the procedure's lawyer. Overdue ones are included (until bounds
  // only the far end).
  EXPECT_EQ(due(worker, core::Scope::own, all_kinds), V{"permit_renewal@2026-05-01"});
  EXPECT_EQ(due(lawyer, core::Scope::own, all_kinds),
            (V{"hearing@2026-05-10", "hearing@2026-05-20"}));
  EXPECT_EQ(due(colleague, core::Scope::own, all_kinds),
            (V{"hearing@2026-05-10", "hearing@2026-05-20"}));  // on that case's team
  // Team: plus the cases of her teams.
  EXPECT_EQ(due(colleague, core::Scope::team, all_kinds),
            (V{"hearing@2026-05-10", "tenancy_check_6m@2026-05-15", "hearing@2026-05-20"}));
  // Org: everything due by then, earliest first.
  EXPECT_EQ(due(outsider, core::Scope::org, all_kinds),
            (V{"permit_renewal@2026-05-01", "hearing@2026-05-10", "tenancy_check_6m@2026-05-15",
               "hearing@2026-05-20"}));
  EXPECT_EQ(due(outsider, core::Scope::org, all_kinds, "2026-12-31").size(), 5u);
  EXPECT_EQ(due(outsider, core::Scope::org, all_kinds, "2026-05-01"),
            V{"permit_renewal@2026-05-01"});
  EXPECT_TRUE(due(outsider, core::Scope::own, all_kinds).empty());
  EXPECT_TRUE(due(outsider, core::Scope::none, all_kinds).empty());
  // Kinds the reader may not see are left out.
  EXPECT_EQ(due(outsider, core::Scope::org, {"housing"}), V{"tenancy_check_6m@2026-05-15"});
  EXPECT_TRUE(due(outsider, core::Scope::org, {}).empty());
  // The limit.
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(s().procedures()
                  .deadlines_due(tx, outsider.id, core::Scope::org, all_kinds, "2026-12-31", 2)
                  .size(),
              2u);
  });
}

TEST_F(ProcedureStoreTest, ReferralsFollowTheScopeAndFilters) {
  store::Partner a = partner("Partenaire A"), b = partner("Partenaire B");
  store::Procedure r1 = referral(mine.id, a.id, "sent", worker.id);
  store::Procedure r2 = referral(teams.id, b.id, "draft", worker.id);
  store::Procedure r3 = referral(other.id, a.id, "accepted", worker.id, "in");
  store::Procedure not_a_referral = procedure(mine.id, "housing", "preparing", worker.id);
  r1.created_at = "2026-02-01T10:00:00Z";
  r2.created_at = "2026-02-03T10:00:00Z";
  r3.created_at = "2026-02-02T10:00:00Z";
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, a);
    s().partners().create(tx, b);
    for (auto* p : {&r1, &r2, &r3, &not_a_referral}) s().procedures().create(tx, *p);
  });
  auto list = [&](const core::User& u, core::Scope scope,
                  store::ProcedureRepository::ReferralFilter f = {}) {
    std::vector<std::string> out;
    s().db().read(
        [&](store::Tx& tx) { out = ids_of(s().procedures().referrals(tx, u.id, scope, f, 100)); });
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list(worker, core::Scope::own), V{r1.id});
  EXPECT_EQ(list(colleague, core::Scope::team), V{r2.id});
  EXPECT_EQ(list(outsider, core::Scope::org), (V{r2.id, r3.id, r1.id}));  // newest first
  EXPECT_TRUE(list(outsider, core::Scope::own).empty());
  EXPECT_EQ(list(outsider, core::Scope::org, {"sent", "", ""}), V{r1.id});
  EXPECT_EQ(list(outsider, core::Scope::org, {"", "in", ""}), V{r3.id});
  EXPECT_EQ(list(outsider, core::Scope::org, {"", "", a.id}), (V{r3.id, r1.id}));
  EXPECT_EQ(list(outsider, core::Scope::org, {"", "out", a.id}), V{r1.id});
}

TEST_F(ProcedureStoreTest, APartnerSeesOnlyItsOwnReferralsOnceSent) {
  store::Partner a = partner("Partenaire A"), b = partner("Partenaire B");
  store::Procedure to_a_sent = referral(mine.id, a.id, "sent", worker.id);
  store::Procedure to_a_done = referral(other.id, a.id, "completed", worker.id);
  store::Procedure to_a_draft = referral(mine.id, a.id, "draft", worker.id);
  store::Procedure from_a = referral(teams.id, a.id, "sent", worker.id, "in");
  store::Procedure to_b = referral(teams.id, b.id, "sent", worker.id);
  to_a_sent.created_at = "2026-02-01T10:00:00Z";
  to_a_done.created_at = "2026-02-05T10:00:00Z";
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, a);
    s().partners().create(tx, b);
    for (auto* p : {&to_a_sent, &to_a_done, &to_a_draft, &from_a, &to_b})
      s().procedures().create(tx, *p);
  });
  s().db().read([&](store::Tx& tx) {
    EXPECT_EQ(ids_of(s().procedures().referrals_to_partner(tx, a.id, 100)),
              (std::vector<std::string>{to_a_done.id, to_a_sent.id}));
    EXPECT_EQ(ids_of(s().procedures().referrals_to_partner(tx, b.id, 100)),
              std::vector<std::string>{to_b.id});
    EXPECT_EQ(s().procedures().referrals_to_partner(tx, a.id, 1).size(), 1u);
    EXPECT_TRUE(s().procedures().referrals_to_partner(tx, core::new_id(), 100).empty());
  });
}

TEST_F(ProcedureStoreTest, AnonymisationBlanksTheSecretPartsAndKeepsTheSkeleton) {
  store::Procedure p = referral(mine.id, core::new_id(), "sent", worker.id);
  store::Partner to = partner("Partenaire Anonyme");
  p.partner_id = to.id;
  p.fields = {{"details", "Histoire personnelle"}, {"travel_on", "2026-03-03"}};
  p.packet_items = {"given_name"};
  p.packet = R"({"given_name":"Efosa"})";
  store::ProcedureStep step;
  step.id = core::new_id();
  step.procedure_id = p.id;
  step.kind = "transition";
  step.from_status = "draft";
  step.to_status = "sent";
  step.happened_on = "2026-02-02";
  step.fields = {{"reason", "Raison confidentielle"}};
  step.actor_id = worker.id;
  step.created_at = core::now_iso8601();
  store::Procedure elsewhere = procedure(mine.id, "housing", "applied", worker.id);
  core::Person someone = person("Ivie", "Ihekpolo");
  core::Case hers = a_case(someone.id);
  store::Procedure untouched = procedure(hers.id, "criminal_proceedings", "trial", worker.id);
  untouched.fields = {{"case_reference", "PV-1"}};
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, to);
    s().people().create(tx, someone);
    s().cases().create(tx, hers);
    s().procedures().create(tx, p);
    s().procedures().add_step(tx, step);
    elsewhere.fields = {{"reference", "SIAO-42"}, {"mechanism", "siao"}};
    s().procedures().create(tx, elsewhere);
    s().procedures().create(tx, untouched);
    s().procedures().set_deadlines(tx, p.id, mine.id,
                                   {{"next_step", "2026-03-01", "2026-02-27", ""}});
    store::anonymise_person(tx, s().vault(), her.id, core::now_iso8601());
  });
  s().db().read([&](store::Tx& tx) {
    auto back = s().procedures().find(tx, p.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, "sent");
    EXPECT_EQ(back->kind, "referral");
    EXPECT_EQ(back->partner_id, to.id);
    EXPECT_EQ(back->fields, (core::Fields{{"travel_on", "2026-03-03"}}));
    EXPECT_EQ(back->packet, std::nullopt);
    EXPECT_EQ(back->packet_items, p.packet_items);
    auto steps = s().procedures().steps(tx, p.id);
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].to_status, "sent");
    EXPECT_TRUE(steps[0].fields.empty());
    auto housing = s().procedures().find(tx, elsewhere.id);
    EXPECT_EQ(housing->fields, (core::Fields{{"mechanism", "siao"}}));
    EXPECT_EQ(raw(tx, "SELECT details_enc FROM procedures WHERE id = :id", p.id), "<null>");
    EXPECT_EQ(raw(tx, "SELECT packet_enc FROM procedures WHERE id = :id", p.id), "<null>");
    // Another person's procedures keep theirs; the deadlines stay for the counts.
    EXPECT_EQ(s().procedures().find(tx, untouched.id)->fields.at("case_reference"), "PV-1");
    int deadlines = 0;
    tx.sql << "SELECT count(*) FROM deadlines WHERE procedure_id = :p", soci::use(p.id),
        soci::into(deadlines);
    EXPECT_EQ(deadlines, 1);
  });
}

// --- Consents and users ----------------------------------------------------------------------

TEST_F(ProcedureStoreTest, SharingConsentsNameThePartnerAndTheItems) {
  store::Partner to = partner("Partenaire Consenti");
  core::Consent c;
  c.id = core::new_id();
  c.person_id = her.id;
  c.purpose = "sharing";
  c.partner_id = to.id;
  c.partner_name = to.name;
  c.data_items = {"given_name", "languages", "situation"};
  c.status = "given";
  c.given_on = "2026-02-01";
  c.method = "written";
  c.recorded_by = worker.id;
  c.created_at = core::now_iso8601();
  core::Consent plain = c;
  plain.id = core::new_id();
  plain.purpose = "case_management";
  plain.partner_id.reset();
  plain.partner_name.reset();
  plain.data_items.clear();
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, to);
    s().cases().add_consent(tx, c);
    s().cases().add_consent(tx, plain);
  });
  std::vector<core::Consent> back;
  s().db().read([&](store::Tx& tx) { back = s().cases().consents(tx, her.id); });
  ASSERT_EQ(back.size(), 2u);
  auto sharing =
      std::find_if(back.begin(), back.end(), [](const auto& x) { return x.purpose == "sharing"; });
  ASSERT_NE(sharing, back.end());
  EXPECT_EQ(sharing->partner_id, to.id);
  EXPECT_EQ(sharing->partner_name, to.name);
  EXPECT_EQ(sharing->data_items, c.data_items);
  auto other_one =
      std::find_if(back.begin(), back.end(), [](const auto& x) { return x.purpose != "sharing"; });
  EXPECT_EQ(other_one->partner_id, std::nullopt);
  EXPECT_TRUE(other_one->data_items.empty());
  // The rule reads them: the packet may be sent with these items, not with more.
  EXPECT_EQ(core::referral_send_refusal(back, to.id, {"given_name", "situation"}), std::nullopt);
  EXPECT_EQ(core::referral_send_refusal(back, to.id, {"phone"}), "consent.items_not_covered");
}

TEST_F(ProceduresTest, UsersCarryTheirPartnerAndTheShelterAddressesGrant) {
  store::Partner org = partner("Organisation Partenaire");
  core::User p = make_user("partner.user");
  p.role = "partner";
  p.partner_id = org.id;
  core::User sw = make_user("sw.places");
  sw.secret_places = true;
  sw.trained_for_minors = true;
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, org);
    s().users().create(tx, p);
    s().users().create(tx, sw);
  });
  s().db().read([&](store::Tx& tx) {
    auto a = s().users().find(tx, p.id);
    EXPECT_EQ(a->partner_id, org.id);
    EXPECT_FALSE(a->secret_places);
    auto b = s().users().find_by_username(tx, "sw.places");
    EXPECT_EQ(b->partner_id, std::nullopt);
    EXPECT_TRUE(b->secret_places);
    EXPECT_TRUE(b->trained_for_minors);
    auto page = s().users().list(tx, "", 10);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].partner_id, org.id);
  });
  // Changes: the grant withdrawn, the partner cleared; absent changes leave them alone.
  store::UserChanges revoke;
  revoke.secret_places = false;
  store::UserChanges clear;
  clear.partner_id = std::optional<std::string>{};
  store::UserChanges rename;
  rename.display_name = "Renamed";
  s().db().write([&](store::Tx& tx) {
    EXPECT_EQ(s().users().update(tx, sw.id, 1, revoke), store::UpdateOutcome::updated);
    EXPECT_EQ(s().users().update(tx, p.id, 1, rename), store::UpdateOutcome::updated);
  });
  s().db().read([&](store::Tx& tx) {
    EXPECT_FALSE(s().users().find(tx, sw.id)->secret_places);
    EXPECT_EQ(s().users().find(tx, p.id)->partner_id, org.id);
  });
  s().db().write([&](store::Tx& tx) {
    EXPECT_EQ(s().users().update(tx, p.id, 2, clear), store::UpdateOutcome::updated);
  });
  s().db().read(
      [&](store::Tx& tx) { EXPECT_EQ(s().users().find(tx, p.id)->partner_id, std::nullopt); });
}

// --- Registries: rotation and backup ---------------------------------------------------------

TEST_F(ProcedureStoreTest, KeyRotationReencryptsPartnersProceduresAndSteps) {
  store::Partner to = partner("Refuge Tournant");
  to.address = "3 allée Cachée";
  store::Procedure p = referral(mine.id, to.id, "sent", worker.id);
  p.fields = {{"placement", "Chambre 4"}};
  p.packet = R"({"given_name":"Efosa"})";
  store::ProcedureStep st;
  st.id = core::new_id();
  st.procedure_id = p.id;
  st.kind = "transition";
  st.happened_on = "2026-02-02";
  st.fields = {{"reason", "Urgence"}};
  st.actor_id = worker.id;
  st.created_at = core::now_iso8601();
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, to);
    s().procedures().create(tx, p);
    s().procedures().add_step(tx, st);
  });
  store_.reset();
  auto rotating = store::Store::open(fresh_->url(), key_from(9), key_from(7));
  long long n = store::reencrypt_all(rotating->db(), rotating->vault());
  EXPECT_GE(n, 4);  // location, details, packet, step details (plus the users' and keys)
  rotating.reset();
  auto after = store::Store::open(fresh_->url(), key_from(9));
  after->db().read([&](store::Tx& tx) {
    EXPECT_EQ(after->partners().find(tx, to.id)->address, "3 allée Cachée");
    auto back = after->procedures().find(tx, p.id);
    EXPECT_EQ(back->fields.at("placement"), "Chambre 4");
    EXPECT_EQ(back->packet, p.packet);
    EXPECT_EQ(after->procedures().steps(tx, p.id).at(0).fields.at("reason"), "Urgence");
  });
  after.reset();
  store_ = store::Store::open(fresh_->url(), key_from(9));
}

TEST_F(ProcedureStoreTest, LogicalBackupCarriesPartnersAndProcedures) {
  if (engine() != "postgres") GTEST_SKIP() << "SQLite deployments back up with VACUUM INTO";
  store::Partner to = partner("Refuge Sauvegardé");
  to.address = "Adresse sauvegardée";
  store::Procedure p = referral(mine.id, to.id, "sent", worker.id);
  p.fields = {{"details", "Détails sauvegardés"}};
  s().db().write([&](store::Tx& tx) {
    s().partners().create(tx, to);
    s().procedures().create(tx, p);
    s().procedures().set_deadlines(tx, p.id, mine.id,
                                   {{"next_step", "2026-03-01", "2026-02-27", ""}});
    store::UserChanges link;
    link.partner_id = std::optional<std::string>(to.id);
    s().users().update(tx, outsider.id, 1, link);
  });
  std::stringstream file;
  store::write_logical_backup(s().db(), file);
  Fresh target;
  auto restored = store::Store::open(target.url(), key_from(7));
  // The target's own seed of national mechanisms gives way to the backup's.
  store::read_logical_backup(restored->db(), file);
  restored->db().read([&](store::Tx& tx) {
    EXPECT_EQ(restored->partners().find(tx, to.id)->address, "Adresse sauvegardée");
    EXPECT_TRUE(restored->partners().find_by_mechanism(tx, "acse"));
    EXPECT_EQ(restored->procedures().find(tx, p.id)->fields.at("details"), "Détails sauvegardés");
    EXPECT_EQ(restored->users().find(tx, outsider.id)->partner_id, to.id);
    int deadlines = 0;
    tx.sql << "SELECT count(*) FROM deadlines", soci::into(deadlines);
    EXPECT_EQ(deadlines, 1);
  });
}

// --- Demo data -------------------------------------------------------------------------------

namespace {

struct DemoSummary {
  io::DemoCounts counts;
  std::map<std::string, int> kinds;         // kind → procedures
  std::set<std::string> referral_statuses;  // of outgoing referrals
  std::set<std::string> referral_directions;
  int to_demo_partner = 0, deadlines = 0, hearings = 0, overdue = 0, sharing_consents = 0;
  bool minors_kinds_on_adults = false;
  std::optional<std::string> demo_partner_org;
  std::vector<std::string> signature;  // kind/status/opened_on of every procedure, sorted
};

DemoSummary run_demo(store::Store& st, std::uint64_t seed, const std::string& today) {
  DemoSummary out;
  st.db().write([&](store::Tx& tx) {
    for (const io::DemoStaff& d : io::demo_staff()) {
      core::User u = make_user(d.username, d.display_name);
      u.role = d.role;
      st.users().create(tx, u);
    }
  });
  out.counts = io::generate_casework(st, 120, seed, today);
  int year = std::stoi(today.substr(0, 4));
  st.db().read([&](store::Tx& tx) {
    out.demo_partner_org = st.users().find_by_username(tx, "demo.partner")->partner_id;
    std::vector<std::string> case_ids;
    std::string id;
    soci::statement q = (tx.sql.prepare << "SELECT id FROM cases ORDER BY number", soci::into(id));
    q.execute();
    while (q.fetch()) case_ids.push_back(id);
    for (const auto& c : case_ids) {
      auto theirs = st.cases().find(tx, c);
      auto person = st.people().find(tx, theirs->person_id);
      bool minor = core::is_minor(*person, year);
      for (const auto& p : st.procedures().of_case(tx, c)) {
        ++out.kinds[p.kind];
        out.signature.push_back(p.kind + "/" + p.status + "/" + p.opened_on);
        const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
        if (kind->minors_only && !minor) out.minors_kinds_on_adults = true;
        if (p.kind == "referral") {
          out.referral_directions.insert(p.direction.value_or(""));
          if (p.direction == "out") out.referral_statuses.insert(p.status);
          if (p.partner_id == out.demo_partner_org) ++out.to_demo_partner;
        }
        bool sent = false;
        for (const auto& step : st.procedures().steps(tx, p.id)) {
          if (step.kind == "hearing") ++out.hearings;
          sent |= step.to_status == "sent";
        }
        // The packet is frozen when an outgoing referral is sent, and only then.
        if (p.kind == "referral" && p.direction == "out") {
          EXPECT_EQ(p.packet.has_value(), sent) << p.id;
        }
      }
    }
    tx.sql << "SELECT count(*) FROM deadlines", soci::into(out.deadlines);
    tx.sql << "SELECT count(*) FROM deadlines WHERE due_on < :t", soci::use(today),
        soci::into(out.overdue);
    tx.sql << "SELECT count(*) FROM consents WHERE purpose = 'sharing' AND partner_id IS NOT NULL "
              "AND data_items <> '[]'",
        soci::into(out.sharing_consents);
  });
  std::sort(out.signature.begin(), out.signature.end());
  return out;
}

}  // namespace

TEST_F(ProceduresTest, DemoDataHoldsEveryKindOfProcedureWithDeadlines) {
  DemoSummary demo = run_demo(s(), 1, "2026-11-29");
  EXPECT_EQ(demo.counts.partners, 8);
  EXPECT_EQ(demo.counts.procedures,
            std::accumulate(demo.kinds.begin(), demo.kinds.end(), 0,
                            [](int n, const auto& k) { return n + k.second; }));
  for (const auto& kind : core::procedure_kinds())
    EXPECT_GT(demo.kinds[std::string(kind.name)], 0) << kind.name;
  EXPECT_FALSE(demo.minors_kinds_on_adults);
  EXPECT_EQ(demo.referral_statuses, (std::set<std::string>{"draft", "sent", "accepted", "completed",
                                                           "declined", "failed", "withdrawn"}));
  EXPECT_EQ(demo.referral_directions, (std::set<std::string>{"in", "out"}));
  ASSERT_TRUE(demo.demo_partner_org);
  EXPECT_GT(demo.to_demo_partner, 0);
  EXPECT_GT(demo.hearings, 0);
  EXPECT_GT(demo.deadlines, 10);
  EXPECT_GT(demo.overdue, 0);
  EXPECT_GT(demo.sharing_consents, 0);
  s().db().read([&](store::Tx& tx) {
    auto shelter = s().partners().find(tx, *demo.demo_partner_org);
    EXPECT_TRUE(shelter->address_confidential);
    EXPECT_FALSE(s().procedures().referrals_to_partner(tx, shelter->id, 100).empty());
    // The board of the organisation shows deadlines in the coming month.
    std::vector<std::string> kinds;
    for (const auto& k : core::procedure_kinds()) kinds.emplace_back(k.name);
    auto coordinator = s().users().find_by_username(tx, "demo.coordinator");
    EXPECT_FALSE(s().procedures()
                     .deadlines_due(tx, coordinator->id, core::Scope::org, kinds, "2026-12-29", 500)
                     .empty());
  });
  // Deterministic for a seed: another database, the same procedures.
  Fresh again;
  auto other = store::Store::open(again.url(), key_from(7));
  DemoSummary twin = run_demo(*other, 1, "2026-11-29");
  EXPECT_EQ(twin.signature, demo.signature);
  // And a second run adds cases but no second set of partners.
  EXPECT_EQ(io::generate_casework(*other, 5, 2, "2026-11-29").partners, 0);
}
