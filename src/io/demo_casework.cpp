// The casework part of the demo data: people, cases, encounters, notes, tasks, consents,
// partners and procedures.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/dates.h"
#include "core/ids.h"
#include "core/person.h"
#include "core/procedures.h"
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

core::Consent consent(const std::string& person_id, const std::string& purpose,
                      const std::string& given_on, const std::string& method,
                      const std::string& recorded_by) {
  core::Consent c;
  c.id = core::new_id();
  c.person_id = person_id;
  c.purpose = purpose;
  c.status = "given";
  c.given_on = given_on;
  c.method = method;
  c.recorded_by = recorded_by;
  c.created_at = core::now_iso8601();
  return c;
}

// --- Partners ------------------------------------------------------------------------------
// Obviously fictional organisations ("Demo", invented names, example.org addresses) where the
// association refers people, in France and in the countries its public comes through.

struct DemoPartnerSpec {
  const char* role;  // how the generator refers to it
  const char* name;
  const char* kind;
  std::vector<std::string> services, languages;
  const char* country;
  const char* region;
  const char* city;
  const char* address;  // "" when none
  double latitude, longitude;
  bool confidential;
  const char* email;
  const char* notes;
};

const std::vector<DemoPartnerSpec>& demo_partner_specs() {
  static const std::vector<DemoPartnerSpec> specs = {
      {"shelter", "Démo · Foyer fictif Les Tilleuls", "NGO", {"shelter", "peer_support"},
       {"fr", "en"}, "FR", "Île-de-France", "Paris",
       "Adresse fictive de démonstration, Paris", 48.86, 2.38, true, "tilleuls@example.org",
       "Demo: shelter for women, 12 places (fictional). Address known to coordinators only."},
      {"rental", "Démo · Association fictive Toit Relais", "NGO",
       {"housing", "administrative_support"}, {"fr"}, "FR", "Île-de-France", "Paris",
       "1 rue Imaginaire, 75018 Paris (fictive)", 48.892, 2.345, false, "toit-relais@example.org",
       "Démo : intermédiation locative (Solibail fictif), baux glissants."},
      {"health", "Démo · Centre de santé fictif Horizon", "HealthServiceOrganisation",
       {"health", "mental_health", "interpreting"}, {"fr", "en"}, "FR", "Île-de-France", "Paris",
       "2 avenue Inventée, 75020 Paris (fictive)", 48.864, 2.398, false, "horizon@example.org",
       "Demo: health centre with interpreters (fictional)."},
      {"italy", "Demo · Associazione Approdo Fittizio", "NGO",
       {"shelter", "legal_advice", "interpreting"}, {"it", "en"}, "IT", "Piemonte", "Torino",
       "Via Immaginaria 1, Torino (fittizia)", 45.07, 7.686, false, "approdo@example.org",
       "Demo partner in Italy (fictional)."},
      {"spain", "Demo · Fundación Puente Imaginario", "NGO", {"shelter", "employment", "training"},
       {"es", "en"}, "ES", "Comunidad de Madrid", "Madrid", "Calle Inventada 1, Madrid (ficticia)",
       40.417, -3.704, false, "puente@example.org", "Demo partner in Spain (fictional)."},
      {"belgium", "Demo · Maison Fictive du Passage", "NGO",
       {"shelter", "legal_advice", "mental_health"}, {"fr", "nl", "en"}, "BE",
       "Bruxelles-Capitale", "Bruxelles", "Rue Imaginaire 1, Bruxelles (fictive)", 50.846, 4.352,
       false, "passage@example.org", "Demo partner in Belgium (fictional)."},
      {"romania", "Demo · Asociația Drum Inventat", "NGO",
       {"voluntary_return", "peer_support", "employment"}, {"ro", "en"}, "RO", "București",
       "București", "", 0, 0, false, "drum@example.org", "Demo partner in Romania (fictional)."},
      {"nigeria", "Demo · Fictional Homecoming Initiative", "NGO",
       {"voluntary_return", "training", "peer_support"}, {"en"}, "NG", "Edo", "Benin City", "", 0,
       0, false, "homecoming@example.org", "Demo partner in Nigeria (fictional)."},
  };
  return specs;
}

struct DemoPartners {
  std::map<std::string, std::string> id;    // role (and mechanism) → partner id
  std::map<std::string, std::string> name;  // partner id → name
};

// Creates the demo partners that do not exist yet (by name) and links the demo partner account
// to the fictional shelter. Returns how many it created.
int ensure_demo_partners(store::Store& store, store::Tx& tx, DemoPartners& out) {
  int created = 0;
  for (const DemoPartnerSpec& s : demo_partner_specs()) {
    auto existing = store.partners().find_by_name(tx, s.name);
    if (!existing) {
      store::Partner p;
      p.id = core::new_id();
      p.name = s.name;
      p.kind = s.kind;
      p.services = s.services;
      p.languages = s.languages;
      p.country = s.country;
      p.region = s.region;
      p.city = s.city;
      p.address = s.address;
      if (*s.address) {
        p.latitude = s.latitude;
        p.longitude = s.longitude;
      }
      p.address_confidential = s.confidential;
      p.email = s.email;
      p.notes = s.notes;
      p.created_at = p.updated_at = core::now_iso8601();
      store.partners().create(tx, p);
      existing = p;
      ++created;
    }
    out.id[s.role] = existing->id;
    out.name[existing->id] = existing->name;
  }
  for (const char* mechanism : {"acse", "siao_115", "civi", "ase", "ofpra"})
    if (auto m = store.partners().find_by_mechanism(tx, mechanism)) {
      out.id[mechanism] = m->id;
      out.name[m->id] = m->name;
    }
  if (auto u = store.users().find_by_username(tx, "demo.partner");
      u && u->role == "partner" && !u->partner_id) {
    store::UserChanges link;
    link.partner_id = std::optional<std::string>(out.id["shelter"]);
    store.users().update(tx, u->id, u->version, link);
  }
  return created;
}

// --- Procedures ----------------------------------------------------------------------------

// A procedure told as its history, each date an offset in days from today (negative: past).
// What lies ahead has not happened yet: the story stops at the first move dated after today;
// steps dated ahead are kept only when scheduled (a hearing). Every move and step is checked
// by the same rules as the API (core/procedures.h), so the demo never holds a state the
// program could not have reached.
class Story {
 public:
  Story(std::string kind, int opened) : kind_(std::move(kind)), opened_(opened) {}

  store::Procedure& procedure() { return p_; }
  Story& with(const core::Fields& fields) {
    for (const auto& [k, v] : fields) p_.fields[k] = v;
    return *this;
  }
  Story& starting_as(std::string status) {
    initial_ = std::move(status);
    return *this;
  }
  Story& move(std::string to, int on, core::Fields fields = {}, std::string reason = "") {
    events_.push_back(
        {Event::move, std::move(to), on, std::move(fields), std::move(reason), false});
    return *this;
  }
  Story& step(std::string kind, int on, core::Fields fields = {}, bool scheduled = false) {
    events_.push_back({Event::step, std::move(kind), on, std::move(fields), "", scheduled});
    return *this;
  }
  // Fields recorded on a date without a move (a tenancy check, a renewed allowance).
  Story& record(int on, core::Fields fields) {
    events_.push_back({Event::record, "", on, std::move(fields), "", false});
    return *this;
  }
  Story& packet_when_sent(std::string packet) {
    packet_ = std::move(packet);
    return *this;
  }

  // Writes the procedure, its steps and its deadlines; false when it would open in the future.
  bool write(store::Store& store, store::Tx& tx, const std::string& case_id,
             const std::string& actor, const std::string& today, std::optional<int> next_step_in) {
    const core::ProcedureKind* kind = core::find_procedure_kind(kind_);
    if (!kind) throw store::StoreError("demo: unknown procedure kind " + kind_);
    if (opened_ > 0) return false;
    auto day = [&](int offset) { return *core::dates::plus_days(today, offset); };
    p_.id = core::new_id();
    p_.case_id = case_id;
    p_.kind = kind_;
    p_.status = initial_.empty() ? std::string(kind->initial) : initial_;
    p_.opened_on = day(opened_);
    p_.created_by = actor;
    p_.created_at = p_.opened_on + "T09:00:00Z";
    std::vector<store::ProcedureStep> steps;
    std::vector<core::Step> rule_steps;
    int last = opened_;
    auto add = [&](store::ProcedureStep s) {
      char at[32];
      std::snprintf(at, sizeof at, "T10:%02zu:%02zuZ", (steps.size() / 60) % 60, steps.size() % 60);
      s.id = core::new_id();
      s.procedure_id = p_.id;
      s.actor_id = actor;
      s.created_at = s.happened_on + at;
      rule_steps.push_back({s.id, s.kind, s.happened_on, s.from_status, s.to_status, s.fields});
      steps.push_back(std::move(s));
    };
    for (const Event& e : events_) {
      if (e.on > 0 && !(e.type == Event::step && e.scheduled)) {
        if (e.type == Event::move) break;
        continue;
      }
      if (e.type == Event::record) {
        with(e.fields);
      } else if (e.type == Event::move) {
        core::Fields merged = p_.fields;
        for (const auto& [k, v] : e.fields) merged[k] = v;
        if (auto refusal = core::check_transition(*kind, p_.status, e.name, core::Actor::staff,
                                                  e.reason, merged))
          throw store::StoreError("demo: " + kind_ + " " + p_.status + " → " + e.name + ": " +
                                  *refusal);
        p_.fields = std::move(merged);
        if (kind_ == "referral" && p_.status == "draft" && e.name == "sent") p_.packet = packet_;
        store::ProcedureStep s;
        s.kind = "transition";
        s.happened_on = day(e.on);
        s.from_status = p_.status;
        s.to_status = e.name;
        if (!e.reason.empty()) s.fields["reason"] = e.reason;
        add(std::move(s));
        p_.status = e.name;
        if (core::is_final_status(*kind, p_.status)) p_.closed_on = day(e.on);
      } else {
        if (auto refusal = core::check_step(*kind, p_.status, e.name, rule_steps))
          throw store::StoreError("demo: " + kind_ + " step " + e.name + ": " + *refusal);
        if (!core::validate_step(*kind, e.name, e.fields).empty())
          throw store::StoreError("demo: " + kind_ + " step " + e.name + ": invalid fields");
        store::ProcedureStep s;
        s.kind = e.name;
        s.happened_on = day(e.on);
        s.fields = e.fields;
        add(std::move(s));
      }
      last = std::max(last, std::min(e.on, 0));
    }
    if (auto errors = core::validate_fields(*kind, p_.fields); !errors.empty())
      throw store::StoreError("demo: " + kind_ + " " + errors.front().field + ": " +
                              errors.front().code);
    if (next_step_in && !core::is_final_status(*kind, p_.status)) p_.due_on = day(*next_step_in);
    p_.updated_at = day(last) + "T18:00:00Z";
    store.procedures().create(tx, p_);
    for (const auto& s : steps) store.procedures().add_step(tx, s);
    store.procedures().set_deadlines(
        tx, p_.id, case_id,
        core::deadlines_of(*kind, p_.status, p_.fields, rule_steps, p_.due_on, today));
    return true;
  }

 private:
  struct Event {
    enum Type { move, step, record } type;
    std::string name;
    int on;
    core::Fields fields;
    std::string reason;
    bool scheduled;
  };
  std::string kind_;
  int opened_;
  std::string initial_;
  store::Procedure p_;
  std::vector<Event> events_;
  std::optional<std::string> packet_;
};

// Everything the procedure stories of one case need.
struct CaseScene {
  store::Store& store;
  store::Tx& tx;
  DemoRandom& r;
  const std::string& today;
  const core::Person& person;
  const core::Case& c;
  int earliest;  // the case's opening, as an offset from today
  std::string actor;
  std::optional<std::string> lawyer;  // on the case team
  const DemoPartners& partners;
  DemoCounts& counts;

  int between(int lo, int hi) {
    return lo + static_cast<int>(r.below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  std::string day(int offset) const { return *core::dates::plus_days(today, offset); }
  // Offset of the date `months` calendar months after the date at `offset`.
  int months_after(int offset, int months) const {
    auto from = core::dates::parse(day(offset));
    auto to = core::dates::add_months(*from, months);
    return static_cast<int>(core::dates::days_between(*core::dates::parse(today), to));
  }
  std::string amount(int euros) const {
    return std::to_string(static_cast<long long>(euros) * 100);
  }
  std::string reference(const char* prefix) {
    return std::string(prefix) + std::to_string(1000 + r.below(9000));
  }
  // A user-set date for the next step on about a third of the open procedures.
  std::optional<int> next_step() {
    if (!r.chance(35)) return std::nullopt;
    return between(-6, 40);
  }
  void write(Story& story) {
    if (story.write(store, tx, c.id, actor, today, next_step())) ++counts.procedures;
  }
};

const std::vector<std::string> kOutcomes = {"draft",    "sent",   "accepted", "completed",
                                            "declined", "failed", "withdrawn"};

struct OutgoingPartner {
  const char* role;
  const char* reason;
};
const std::vector<OutgoingPartner> kOutgoing = {{"acse", "safe_relocation"},
                                                {"siao_115", "housing"},
                                                {"rental", "housing"},
                                                {"health", "health"},
                                                {"italy", "MigrationOrChangeOfLocation"},
                                                {"spain", "employment_training"},
                                                {"belgium", "legal_support"},
                                                {"romania", "voluntary_return"},
                                                {"nigeria", "family_tracing"}};

std::string packet_of(const core::Person& p, const std::vector<std::string>& items,
                      const std::string& situation) {
  boost::json::object o;
  auto list = [](const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& x : v) a.emplace_back(x);
    return a;
  };
  for (const auto& item : items) {
    if (item == "given_name")
      o["given_name"] = p.given_name;
    else if (item == "family_name")
      o["family_name"] = p.family_name;
    else if (item == "birth_year")
      o["birth_year"] =
          p.birth_year ? boost::json::value(*p.birth_year) : boost::json::value(nullptr);
    else if (item == "gender")
      o["gender"] = p.gender;
    else if (item == "nationalities")
      o["nationalities"] = list(p.nationalities);
    else if (item == "languages")
      o["languages"] = list(p.languages);
    else if (item == "phone")
      o["phone"] = p.contact.phones.empty() ? boost::json::value(nullptr)
                                            : boost::json::value(p.contact.phones[0]);
    else if (item == "situation")
      o["situation"] = situation;
  }
  return boost::json::serialize(o);
}

// An outgoing referral aiming at `outcome` (the story may stop earlier if the case is recent),
// with the sharing consent that lets it leave draft.
void referral_out(CaseScene& s, const std::string& outcome, const std::string& partner_role,
                  const std::string& reason) {
  const std::string& partner = s.partners.id.at(partner_role);
  int opened = std::max(s.earliest, -s.between(10, 260));
  int sent = opened + s.between(1, 6), answered = sent + s.between(2, 12),
      finished = answered + s.between(14, 70);
  std::vector<std::string> items = {"given_name", "birth_year", "languages", "situation"};
  if (partner_role == "shelter" || partner_role == "acse")
    items = {"given_name",    "family_name", "birth_year", "gender",
             "nationalities", "languages",   "phone",      "situation"};
  std::string situation = "Demo: fictional situation — needs " + reason + ", speaks " +
                          (s.person.languages.empty() ? "fr" : s.person.languages[0]) + ".";
  Story story("referral", opened);
  story.procedure().partner_id = partner;
  story.procedure().direction = "out";
  story.procedure().reason = reason;
  story.procedure().packet_items = items;
  story.with({{"details", situation}, {"contact_person", "Demo contact (fictional)"}});
  story.packet_when_sent(packet_of(s.person, items, situation));
  // Consent first: given a day before sending, for the partner and the packet's items; a
  // few drafts still wait for it (sending them is refused until it is recorded).
  bool consented = outcome != "draft" || s.r.chance(50);
  if (consented && sent - 1 <= 0) {
    core::Consent k = consent(s.person.id, "sharing", s.day(sent - 1), "written", s.actor);
    k.partner_id = partner;
    k.partner_name = s.partners.name.at(partner);
    k.data_items = items;
    s.store.cases().add_consent(s.tx, k);
    ++s.counts.consents;
  }
  if (outcome == "draft") {
    s.write(story);
    return;
  }
  if (outcome == "withdrawn" && s.r.chance(50)) {
    story.move("withdrawn", sent, {}, "Demo: she chose another solution");
    s.write(story);
    return;
  }
  story.move("sent", sent);
  if (outcome == "declined") {
    story.move("declined", answered, {}, "Demo: no place available at the moment");
  } else if (outcome == "withdrawn") {
    story.move("withdrawn", answered, {}, "Demo: she changed her mind");
  } else if (outcome == "failed" && s.r.chance(50)) {
    story.move("failed", answered, {}, "Demo: could not be reached");
  } else if (outcome != "sent") {
    core::Fields accepted;
    if (partner_role == "acse")
      accepted = {{"travel_on", s.day(answered + s.between(2, 10))},
                  {"placement", "Demo: safe house far from the region (fictional)"}};
    story.move("accepted", answered, accepted);
    if (outcome == "completed")
      story.move("completed", finished,
                 {{"outcome", "Demo: settled in, follow-up by the partner."}});
    else if (outcome == "failed")
      story.move("failed", finished, {}, "Demo: left the place after a few days");
  }
  s.write(story);
  // Now and then the consent is withdrawn after sending: the partner no longer sees the packet.
  if (outcome != "draft" && outcome != "withdrawn" && sent + 30 < 0 && s.r.chance(15)) {
    core::Consent k = consent(s.person.id, "sharing", s.day(sent + 30), "oral", s.actor);
    k.status = "withdrawn";
    k.partner_id = partner;
    k.partner_name = s.partners.name.at(partner);
    s.store.cases().add_consent(s.tx, k);
    ++s.counts.consents;
  }
}

// A referral received from a partner abroad: recorded as sent (received), answered by staff.
void referral_in(CaseScene& s) {
  static const std::vector<std::string> from = {"italy", "spain", "belgium", "romania", "nigeria"};
  const std::string& partner = s.partners.id.at(s.r.pick(from));
  int received = std::max(s.earliest, -s.between(5, 300));
  Story story("referral", received);
  story.starting_as("sent");
  story.procedure().partner_id = partner;
  story.procedure().direction = "in";
  story.procedure().reason =
      s.r.chance(50) ? "MigrationOrChangeOfLocation" : "AdditionalServicesRequired";
  story.with(
      {{"received_on", s.day(received)},
       {"details", "Demo: referred by a partner abroad after she moved to France (fictional)."},
       {"contact_person", "Demo caseworker abroad (fictional)"}});
  int answered = received + s.between(2, 8);
  if (s.r.chance(85)) {
    story.move("accepted", answered);
    if (s.r.chance(60))
      story.move("completed", answered + s.between(20, 90),
                 {{"outcome", "Demo: followed here now."}});
  } else {
    story.move("declined", answered, {}, "Demo: outside our area");
  }
  s.write(story);
}

void criminal_proceedings(CaseScene& s) {
  int filed = std::max(s.earliest, -s.between(20, 900));
  Story story("criminal_proceedings", filed);
  if (s.lawyer) story.procedure().lawyer_id = *s.lawyer;
  bool civil = s.r.chance(60);
  story.with({{"complaint_on", s.day(filed)},
              {"complaint_to",
               s.r.chance(70) ? "police" : (s.r.chance(50) ? "gendarmerie" : "prosecutor")},
              {"police_unit", "Demo: brigade fictive"},
              {"case_reference", s.reference("DEMO-PV-")},
              {"civil_party", civil ? "true" : "false"}});
  if (civil) story.with({{"civil_party_on", s.day(filed + s.between(0, 30))}});
  int investigation = filed + s.between(15, 60);
  story.move("investigation", investigation);
  if (s.r.chance(15)) {
    story.move("dismissed", investigation + s.between(60, 240), {},
               "Demo: classement sans suite (fictional)");
    s.write(story);
    return;
  }
  int prosecution = investigation + s.between(90, 280);
  std::string court = "Tribunal correctionnel (démo)";
  story.move("prosecution", prosecution, {{"court", court}});
  int preliminary = prosecution + s.between(20, 80);
  story.step("hearing", preliminary,
             {{"court", court},
              {"purpose", "preliminary"},
              {"outcome", "Demo: hearing postponed, new date set."}},
             true);
  int trial = preliminary + s.between(10, 60);
  story.move("trial", trial);
  int hearing = trial + s.between(15, 90);
  core::Fields trial_hearing = {{"court", court}, {"purpose", "trial"}};
  if (hearing < 0) trial_hearing["outcome"] = "Demo: judgment reserved.";
  story.step("hearing", hearing, trial_hearing, true);
  int judgment = hearing + s.between(15, 45);
  story.move("judgment", judgment,
             {{"verdict", s.r.chance(75) ? "conviction" : "partial_conviction"},
              {"verdict_on", s.day(judgment)},
              {"damages_awarded", s.amount(s.between(2000, 15000))}});
  if (s.r.chance(30)) {
    int appeal = judgment + s.between(5, 10);
    story.move("appeal", appeal, {{"appeal_on", s.day(appeal)}});
    story.step("hearing", appeal + s.between(90, 240),
               {{"court", "Cour d'appel (démo)"}, {"purpose", "appeal"}}, true);
  } else {
    int final_on = judgment + s.between(12, 40);
    story.move("final_decision", final_on, {{"final_decision_on", s.day(final_on)}});
  }
  s.write(story);
}

// A CIVI claim (or another compensation body): the limit is computed from the offence date,
// so claims still being prepared show their deadline on the board.
void compensation(CaseScene& s) {
  int offence = -s.between(300, 1060);
  int opened = std::max(s.earliest, offence + s.between(30, 200));
  Story story("compensation", std::min(opened, 0));
  bool civi = s.r.chance(85);
  story.with({{"body", civi ? "civi" : "court"},
              {"offence_on", s.day(offence)},
              {"amount_claimed", s.amount(s.between(5, 60) * 1000)}});
  int filed = opened + s.between(30, 240);
  story.move("filed", filed,
             {{"filed_on", s.day(filed)}, {"reference", s.reference("DEMO-CIVI-")}});
  int expertise = filed + s.between(30, 120);
  story.step("expert_assessment", expertise,
             {{"outcome", "Demo: psychological harm assessed (fictional)."}});
  if (s.r.chance(15)) {
    story.move("rejected", expertise + s.between(30, 120), {}, "Demo: claim out of time");
    s.write(story);
    return;
  }
  int decided = expertise + s.between(60, 200);
  story.move(
      "decided", decided,
      {{"decided_on", s.day(decided)}, {"amount_awarded", s.amount(s.between(3, 40) * 1000)}});
  int paid = decided + s.between(30, 90);
  story.move("paid", paid, {{"paid_on", s.day(paid)}});
  s.write(story);
}

void residence_permit(CaseScene& s) {
  int opened = std::max(s.earliest, -s.between(30, 650));
  Story story("residence_permit", opened);
  if (s.lawyer && s.r.chance(50)) story.procedure().lawyer_id = *s.lawyer;
  std::string type =
      s.r.chance(60) ? "temporary_private_life" : (s.r.chance(60) ? "aps" : "resident_card");
  int submitted = opened + s.between(10, 45);
  story.with({{"prefecture", "Préfecture de police (démo)"}});
  story.move("submitted", submitted,
             {{"permit_type", type},
              {"submitted_on", s.day(submitted)},
              {"receipt_until", s.day(submitted + 90)},
              {"reference", s.reference("DEMO-AGDREF-")}});
  int second_receipt = submitted + 85;
  story.step("receipt", second_receipt, {{"receipt_until", s.day(second_receipt + 90)}});
  int decided = submitted + s.between(95, 200);
  int months = type == "aps" ? 6 : (type == "resident_card" ? 120 : 12);
  if (s.r.chance(15)) {
    story.move("refused", decided, {}, "Demo: prefecture asks for more evidence");
    int appeal = decided + s.between(10, 30);
    story.move("appeal", appeal);
    int granted = appeal + s.between(90, 200);
    story.move("granted", granted,
               {{"granted_on", s.day(granted)},
                {"valid_from", s.day(granted)},
                {"valid_until", s.day(s.months_after(granted, months) - 1)}});
    s.write(story);
    return;
  }
  int valid_until = s.months_after(decided, months) - 1;
  story.move("granted", decided,
             {{"granted_on", s.day(decided)},
              {"valid_from", s.day(decided)},
              {"valid_until", s.day(valid_until)}});
  // Renewed on time two months before the end, while the demo's "today" has passed that point.
  for (int i = 0; i < 3 && valid_until - 60 < 0; ++i) {
    int renewed = valid_until - s.between(45, 70);
    int next_until = s.months_after(valid_until, months);
    story.step("renewal", renewed,
               {{"submitted_on", s.day(renewed)}, {"valid_until", s.day(next_until)}});
    valid_until = next_until;
  }
  s.write(story);
}

void asylum(CaseScene& s) {
  int opened = std::max(s.earliest, -s.between(20, 600));
  Story story("asylum", opened);
  if (s.lawyer && s.r.chance(50)) story.procedure().lawyer_id = *s.lawyer;
  story.with(
      {{"procedure_type", s.r.chance(70) ? "normal" : (s.r.chance(60) ? "accelerated" : "dublin")},
       {"reference", s.reference("DEMO-OFPRA-")}});
  int registered = opened + s.between(3, 20);
  story.move("registered", registered, {{"registered_on", s.day(registered)}});
  int lodged = registered + s.between(10, 21);
  int interview = lodged + s.between(40, 160);
  story.move("ofpra_pending", lodged,
             {{"ofpra_lodged_on", s.day(lodged)}, {"interview_on", s.day(interview)}});
  int decision = interview + s.between(20, 90);
  if (s.r.chance(45)) {
    story.move("ofpra_granted", decision,
               {{"protection", s.r.chance(60) ? "refugee" : "subsidiary"},
                {"decision_on", s.day(decision)}});
    s.write(story);
    return;
  }
  int notified = decision + s.between(3, 10);
  story.move("ofpra_rejected", notified,
             {{"decision_on", s.day(decision)}, {"notified_on", s.day(notified)}});
  int appealed = notified + s.between(10, 28);
  int hearing = appealed + s.between(120, 300);
  story.move("cnda_pending", appealed,
             {{"cnda_lodged_on", s.day(appealed)}, {"cnda_hearing_on", s.day(hearing)}});
  int ruled = hearing + s.between(15, 30);
  if (s.r.chance(40))
    story.move("cnda_granted", ruled,
               {{"protection", "subsidiary"}, {"cnda_decision_on", s.day(ruled)}});
  else
    story.move("cnda_rejected", ruled, {{"cnda_decision_on", s.day(ruled)}});
  s.write(story);
}

// The exit programme (PSP): most files in the programme, renewed every six months; a few still
// being prepared or waiting for the commission.
void exit_programme(CaseScene& s) {
  bool in_programme = s.r.chance(65);
  int start = in_programme ? -s.between(20, 760) : s.between(40, 120);
  start = std::max(start, s.earliest + 130);
  int opened = start - s.between(110, 130);
  int submitted = opened + s.between(15, 30);
  int scheduled = submitted + s.between(10, 20);
  int commission = scheduled + s.between(20, 40);
  int decision = commission + s.between(10, 20);
  Story story("exit_programme", opened);
  story.with({{"doc_request_form", "present"},
              {"doc_proof_of_situation", "present"},
              {"doc_sworn_statement", s.r.chance(70) ? "present" : "missing"},
              {"doc_id_copy", s.r.chance(80) ? "present" : "missing"}});
  story.move("submitted", submitted,
             {{"doc_sworn_statement", "present"},
              {"doc_id_copy", "present"},
              {"submitted_on", s.day(submitted)}});
  story.move("commission_scheduled", scheduled, {{"commission_on", s.day(commission)}});
  if (s.r.chance(10)) {
    story.move("opinion_given", commission, {{"opinion", "unfavourable"}});
    story.move("refused", decision, {{"decision_on", s.day(decision)}},
               "Demo: the prefect followed the commission's opinion");
    s.write(story);
    return;
  }
  story.move("opinion_given", commission, {{"opinion", "favourable"}});
  story.move("authorised", decision, {{"decision_on", s.day(decision)}});
  auto period_end = [&](int periods) { return s.months_after(start, 6 * periods) - 1; };
  story.move("in_programme", start,
             {{"start_on", s.day(start)},
              {"allowance_until", s.day(period_end(1))},
              {"permit_until", s.day(period_end(1))}});
  for (int k = 1; k <= 3; ++k) {
    int renewed = period_end(k) - s.between(10, 25);
    if (renewed > 0) break;
    story.step("renewal", renewed, {{"decided_on", s.day(renewed)}});
    story.record(renewed, {{"allowance_until", s.day(period_end(k + 1))},
                           {"permit_until", s.day(period_end(k + 1))}});
  }
  int end = period_end(4);
  story.move("ended", end + 1, {{"ended_on", s.day(end)}});
  s.write(story);
}

// Housing: most people housed five to thirteen months ago (so the tenancy checks come due), a
// few applications still pending.
void housing(CaseScene& s) {
  // Housed five to thirteen months ago when the case is old enough; otherwise still applying.
  bool housed_already = s.r.chance(70) && s.earliest + 60 <= -150;
  int housed =
      housed_already ? std::max(-s.between(150, 400), s.earliest + 60) : s.between(10, 120);
  int applied = std::max(housed - s.between(20, 50), s.earliest + 3);
  int opened = std::max(applied - s.between(3, 10), s.earliest);
  std::string mechanism = s.r.pick(std::vector<std::string>{
      "siao", "rental_intermediation", "emergency_115", "social_housing", "dalo"});
  Story story("housing", opened);
  if (mechanism == "rental_intermediation")
    story.procedure().partner_id = s.partners.id.at("rental");
  else if (mechanism == "siao" || mechanism == "emergency_115")
    story.procedure().partner_id = s.partners.id.at("siao_115");
  story.with({{"household_size", std::to_string(1 + s.r.below(3))},
              {"reference", s.reference("DEMO-SIAO-")}});
  story.move("applied", applied, {{"mechanism", mechanism}, {"applied_on", s.day(applied)}});
  if (s.r.chance(10)) {
    story.move("refused", applied + s.between(20, 60), {}, "Demo: no offer matching the household");
    s.write(story);
    return;
  }
  std::string type = mechanism == "rental_intermediation" ? "intermediated_rental"
                     : mechanism == "emergency_115"       ? "emergency_shelter"
                     : mechanism == "siao"                ? "hostel"
                                                          : "social_housing";
  if (s.r.chance(50)) {
    int offered = housed - s.between(5, 15);
    story.move("offered", offered, {{"offered_on", s.day(offered)}});
  }
  story.move("housed", housed, {{"housed_on", s.day(housed)}, {"housing_type", type}});
  int six = s.months_after(housed, 6), twelve = s.months_after(housed, 12);
  if (six + 10 < 0 && s.r.chance(65))
    story.record(six + 5, {{"tenancy_6m", s.r.chance(90) ? "held" : "lost"}});
  if (twelve + 10 < 0 && s.r.chance(50)) story.record(twelve + 5, {{"tenancy_12m", "held"}});
  s.write(story);
}

// --- Protection of minors (only on a minor's case, or a disputed age) ------------------------

void child_protection(CaseScene& s) {
  int reported = std::max(s.earliest, -s.between(10, 400));
  Story story("child_protection", reported);
  story.with({{"report_type", s.r.chance(60) ? "information_preoccupante" : "signalement"},
              {"reported_on", s.day(reported)},
              {"reported_to", s.r.chance(60) ? "crip" : "prosecutor"},
              {"follow_up_on", s.day(std::max(reported + 7, s.between(-5, 60)))},
              {"details", "Demo: report sent after an outreach contact (fictional)."}});
  int assessment = reported + s.between(5, 30);
  story.move("assessment", assessment);
  int seized = assessment + s.between(20, 90);
  story.move("judge_seized", seized);
  int measure = seized + s.between(15, 60);
  story.move("measure_ordered", measure,
             {{"measure", s.r.chance(60) ? "placement" : "educational_assistance"},
              {"measure_on", s.day(measure)}});
  s.write(story);
}

void ad_hoc_administrator(CaseScene& s) {
  int requested = std::max(s.earliest, -s.between(10, 300));
  Story story("ad_hoc_administrator", requested);
  bool association = s.r.chance(40);
  story.with({{"held_by_association", association ? "true" : "false"}});
  int appointed = requested + s.between(10, 60);
  story.move("appointed", appointed,
             {{"appointed_by", s.r.chance(60) ? "prosecutor" : "juvenile_judge"},
              {"appointed_on", s.day(appointed)},
              {"court", "Tribunal judiciaire (démo)"},
              {"administrator_name",
               association ? "The association (demo)" : "Demo ad hoc administrator (fictional)"},
              {"lawyer_name", "Maître Démo (fictive)"}});
  s.write(story);
}

void guardianship(CaseScene& s) {
  int requested = std::max(s.earliest, -s.between(10, 300));
  Story story("guardianship", requested);
  int opened = requested + s.between(20, 90);
  story.move("opened", opened,
             {{"guardian", s.r.chance(80) ? "ase" : "association"},
              {"opened_on", s.day(opened)},
              {"court", "Tribunal judiciaire (démo)"},
              {"guardian_name", "Demo guardian service (fictional)"},
              {"review_on", s.day(std::max(opened + 180, s.between(5, 200)))}});
  s.write(story);
}

void age_assessment(CaseScene& s) {
  int requested = std::max(s.earliest, -s.between(10, 250));
  Story story("age_assessment", requested);
  story.with({{"requested_on", s.day(requested)},
              {"assessed_by", s.r.chance(70) ? "department" : "mandated_association"},
              {"bone_test", s.r.chance(20) ? "true" : "false"}});
  int started = requested + s.between(3, 15);
  story.move("in_progress", started);
  int concluded = started + s.between(10, 40);
  if (s.r.chance(50)) {
    story.move("concluded_minor", concluded, {{"concluded_on", s.day(concluded)}});
  } else {
    story.move("concluded_adult", concluded, {{"concluded_on", s.day(concluded)}});
    int contested = concluded + s.between(5, 20);
    story.move("contested", contested, {{"contested_on", s.day(contested)}});
  }
  s.write(story);
}

// Which procedures a case gets. Every kind appears at least once early on (so that even a
// small demo shows each), then in realistic proportions.
struct ProcedurePlan {
  int referrals = 0;  // counter cycling through the outcomes and addressees
  std::set<std::string> seen;

  void for_case(CaseScene& s, bool minor) {
    std::vector<std::string> kinds;
    bool forced = false;  // one kind not seen yet per case, so that each soon appears
    auto maybe = [&](const char* kind, int percent) {
      if (!forced && !seen.count(kind)) {
        forced = true;
        kinds.push_back(kind);
      } else if (s.r.chance(percent)) {
        kinds.push_back(kind);
      }
    };
    bool closed = s.c.status == "Closed";
    if (closed) {
      if (s.r.chance(25)) {
        referral_out(s, "completed", "shelter", "shelter");
        seen.insert("referral");
      }
      return;
    }
    const std::string nationality =
        s.person.nationalities.empty() ? "FR" : s.person.nationalities[0];
    maybe("referral", 35);
    maybe("criminal_proceedings", s.lawyer ? 55 : 15);
    if (std::find(kinds.begin(), kinds.end(), "criminal_proceedings") != kinds.end())
      maybe("compensation", 55);
    if (minor) {
      maybe("child_protection", 70);
      maybe("ad_hoc_administrator", 35);
      maybe("guardianship", 35);
      if (s.person.age_disputed) maybe("age_assessment", 90);
    } else {
      if (nationality != "FR" && nationality != "RO") {
        maybe("residence_permit", 30);
        maybe("asylum", 10);
      }
      maybe("exit_programme", 8);
      maybe("housing", 22);
    }
    for (const auto& kind : kinds) {
      seen.insert(kind);
      if (kind == "referral") {
        int i = referrals++;
        if (i % 5 == 4) {
          referral_in(s);
        } else {
          int out = i - i / 5;
          const std::string& outcome = kOutcomes[out % kOutcomes.size()];
          // Every third outgoing referral goes to the demo partner's shelter.
          if (out % 3 == 0) {
            referral_out(s, outcome, "shelter", "shelter");
          } else {
            const OutgoingPartner& to = kOutgoing[(out / 3 + out) % kOutgoing.size()];
            referral_out(s, outcome, to.role, to.reason);
          }
        }
      } else if (kind == "criminal_proceedings")
        criminal_proceedings(s);
      else if (kind == "compensation")
        compensation(s);
      else if (kind == "residence_permit")
        residence_permit(s);
      else if (kind == "asylum")
        asylum(s);
      else if (kind == "exit_programme")
        exit_programme(s);
      else if (kind == "housing")
        housing(s);
      else if (kind == "child_protection")
        child_protection(s);
      else if (kind == "ad_hoc_administrator")
        ad_hoc_administrator(s);
      else if (kind == "guardianship")
        guardianship(s);
      else if (kind == "age_assessment")
        age_assessment(s);
    }
  }
};

}  // namespace

DemoCounts generate_casework(store::Store& store, int people, std::uint64_t seed,
                             const std::string& today) {
  DemoCounts counts;
  DemoRandom r(seed * 7919 + 17);
  // Procedures draw from their own stream, so that the people and cases of a seed stay those
  // that earlier versions generated.
  DemoRandom pr(seed * 104729 + 29);
  std::map<std::string, std::string> staff;  // role → user id
  std::vector<std::string> team_ids;
  DemoPartners partners;
  ProcedurePlan plan;
  store.db().write([&](store::Tx& tx) {
    for (const DemoStaff& d : demo_staff())
      if (auto u = store.users().find_by_username(tx, d.username)) staff[d.role] = u->id;
    counts.partners = ensure_demo_partners(store, tx, partners);
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
          char d[32];
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
        store.cases().add_consent(tx, consent(p.id, "case_management", date_days_before(today, opened_days_ago),
                                              r.chance(60) ? "written" : "oral", author));
        ++counts.consents;
        if (r.chance(40)) {
          store.cases().add_consent(tx, consent(p.id, "research", date_days_before(today, opened_days_ago),
                                                "written", author));
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
          std::optional<std::string> lawyer;
          for (const auto& m : c.team)
            if (m.role == "lawyer") lawyer = m.user_id;
          // Legal files bring the volunteer lawyer onto more cases.
          if (!lawyer && staff.count("lawyer") && c.status != "Closed" && pr.chance(15)) {
            store.cases().set_member(tx, c.id, {staff["lawyer"], "lawyer"});
            lawyer = staff["lawyer"];
          }
          CaseScene scene{store, tx, pr, today, p, c, -opened_days_ago, author, lawyer, partners, counts};
          plan.for_case(scene, core::is_minor(p, current_year));
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
