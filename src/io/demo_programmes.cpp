// The programmes part of the demo: the association's fourteen projects as its projects page
// states them (names, periods, aims, funders, partners, and the targets it gives, as indicators),
// and the fictional work behind them — group activities with attendance, media made with members,
// a call for contributions, earlier (closed) cases for the projects that ended before the
// generated casework begins — with every record linked to the projects it counts towards.
//
// Only the programmes, their funders and partners, the films and the invited academics named on
// the page are real (public organisations and public persons); every person, session, amount and
// record is invented. Amounts are not on the page: the figures here are round demo figures, and
// each project's narrative says so.
#include <soci/soci.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/dates.h"
#include "core/ids.h"
#include "core/indicators.h"
#include "core/procedures.h"
#include "io/demo_generator.h"
#include "store/store.h"

namespace passerelle::io {
namespace {

using core::IndicatorFilters;

// --- Dates ---------------------------------------------------------------------------------

std::string plus_days(const std::string& date, long days) {
  return *core::dates::plus_days(date, days);
}
long days_between(const std::string& a, const std::string& b) {
  return core::dates::days_between(*core::dates::parse(a), *core::dates::parse(b));
}
// A day in [from, to], inclusive (from when the range is empty).
std::string day_between(DemoRandom& r, const std::string& from, const std::string& to) {
  long span = days_between(from, to);
  return span <= 0 ? from : plus_days(from, static_cast<long>(r.below(span + 1)));
}
int between(DemoRandom& r, int lo, int hi) {
  return hi <= lo ? lo : lo + static_cast<int>(r.below(static_cast<std::uint64_t>(hi - lo + 1)));
}

// --- The projects as the page states them --------------------------------------------------

struct IndicatorSpec {
  const char* name;
  const char* counts;
  IndicatorFilters filters;
  std::optional<std::int64_t> target = std::nullopt;
  std::vector<store::Milestone> milestones = {};
};

struct ProjectSpec {
  const char* code;  // case programmes use the same tags (demo casework: acces-aux-droits, ...)
  const char* name;
  const char* starts_on;
  const char* ends_on;  // "" while ongoing ("since 2021")
  const char* aims;
  std::vector<store::Funder> funders;  // amounts: demo figures
  std::vector<store::ProjectPartner> partners;
  const char* activities;  // narrative: the (fictional) work recorded behind it
  std::vector<IndicatorSpec> indicators;
};

store::Funder eur(const char* name, std::int64_t euros) { return {name, euros * 100, "EUR"}; }
store::ProjectPartner partner(const char* name, const char* country) {
  return {std::nullopt, name, std::string(country)};
}

const std::vector<ProjectSpec>& project_specs() {
  static const std::vector<ProjectSpec> specs = {
      {"relogement",
       "Support for rehousing victims of human trafficking",
       "2024-01-01",
       "2025-12-31",
       "Mobilise every regional and national housing access mechanism for victims of trafficking "
       "and their families, with rental intermediation for 10 families over two years.",
       {},
       {partner("GIP HIS (Habitat et Interventions Sociales)", "FR"),
        partner("Emmaüs Habitat", "FR")},
       "Housing applications of the demo casework (SIAO, 115, DALO, social housing, rental "
       "intermediation) followed until the family is housed and the tenancy checked.",
       {{"Families housed", "outcomes", {{"procedure_kind", {"housing"}}, {"statuses", {"housed"}}},
         10, {{"2024-12-31", 5}, {"2025-12-31", 10}}},
        {"Households accompanied towards housing", "households", {{"via", {"procedures"}}}},
        {"Housing applications", "procedures", {{"procedure_kind", {"housing"}}}},
        {"Offers received", "outcomes",
         {{"procedure_kind", {"housing"}}, {"statuses", {"offered"}}}}}},
      {"acces-aux-droits",
       "All in favor! Promoting access to rights for victims of trafficking through the joint "
       "action of Mist mediators and BPS volunteer lawyers",
       "2021-01-01",
       "",
       "Inform victims of pimping and of trafficking for sexual exploitation about their rights "
       "and help them use them: joint outreach and free consultations by Bus Paris Solidarité "
       "volunteer lawyers in the Bois de Vincennes, guidance at the Point d'Accès aux Droits "
       "(Paris 18th), training for lawyers, support in filing complaints, awareness-raising and "
       "training for police officers.",
       {eur("Paris City Council", 30000), eur("Legal Empowerment Fund (LEF)", 40000)},
       {partner("Bus Paris Solidarité (BPS) — volunteer lawyers", "FR"),
        partner("Point d'Accès aux Droits, Paris 18th", "FR")},
       "Joint outreach rounds in the Bois de Vincennes, legal consultations, trainings for "
       "volunteer lawyers and awareness sessions for police officers (all demo records).",
       {{"People informed about their rights", "people", {{"via", {"encounters", "cases"}}}},
        {"Free legal consultations", "encounters", {{"encounter_types", {"legal_consultation"}}}},
        {"Joint outreach rounds", "sessions", {{"activity_types", {"outreach_round"}}}},
        {"Volunteer lawyers trained", "outsiders",
         {{"activity_types", {"training"}}, {"professions", {"lawyer"}}}},
        {"Police officers made aware", "outsiders",
         {{"activity_types", {"awareness_session"}}, {"professions", {"police_officer"}}}},
        {"Complaints filed with support", "procedures",
         {{"procedure_kind", {"criminal_proceedings"}}}}}},
      {"emploi-rural",
       "Participative support for social innovation in favour of victims of trafficking: 6 "
       "projects for employment in rural areas",
       "2023-01-01",
       "2024-12-31",
       "Mobilise stakeholders in rural areas for the employment of victims of trafficking and "
       "pimping; support social initiatives through interregional exchange networks and a call "
       "for contributions backing six projects that open access to the labour market.",
       {eur("AGRASC (French agency for the management of seized and confiscated assets)", 60000),
        eur("Women's Rights Administration (SDFE)", 20000)},
       {},
       "A call for contributions (14 fictional applications, two reviewers, six initiatives "
       "selected and followed up) and interregional exchange meetings.",
       {{"Projects supported", "applications", {{"application_statuses", {"selected"}}}, 6},
        {"Contributions received", "applications", {}},
        {"Interregional exchange meetings", "sessions", {{"activity_types", {"workshop", "event"}}}},
        {"Rural stakeholders mobilised", "outsiders", {}}}},
      {"empowerment-juridique",
       "Legal empowerment of victims of trafficking",
       "2022-01-01",
       "2024-12-31",
       "Support members of the collective who promote the legal empowerment of victims: informing "
       "other victims, police and justice professionals, discussion and working groups, studying "
       "access to justice and to protection (notably in asylum seeker centres), and building "
       "advocacy from specific cases.",
       {eur("Legal Empowerment Fund (LEF)", 45000)},
       {},
       "Discussion groups, a working group on asylum seeker centres, sessions where members "
       "inform police and justice professionals, complaints supported (all demo records).",
       {{"Active members taking part", "people", {{"via", {"attendance"}}, {"member", {"true"}}}},
        {"Discussion and working group sessions", "sessions",
         {{"activity_types", {"discussion_group", "workshop"}}}},
        {"Police and justice professionals informed", "outsiders",
         {{"professions", {"police_officer", "magistrate", "lawyer"}}}},
        {"Complaints supported", "procedures", {{"procedure_kind", {"criminal_proceedings"}}}},
        {"Member attendances", "attendances", {}}}},
      {"cinema",
       "Cinema: Speak up for Freedom!",
       "2023-01-01",
       "2024-12-31",
       "Support an artistic project of a group of active members with director Clément Sibony: a "
       "collective reflection on access to justice, the judicial treatment of Nigerian "
       "trafficking, victims' voices, the stigma of sexual exploitation, consent and ethics; "
       "support the distribution of the film \"Speak up for Freedom\".",
       {eur("My Movie / La Famiglia", 25000)},
       {partner("Clément Sibony, film director", "FR")},
       "Reflection workshops of the film group, the film itself, screenings (demo records).",
       {{"Members in the film group", "people",
         {{"activity_types", {"workshop"}}, {"member", {"true"}}}},
        {"Reflection workshops", "sessions", {{"activity_types", {"workshop"}}}},
        {"Film produced", "media_items", {{"media_kinds", {"film"}}}, 1},
        {"Screenings", "sessions", {{"activity_types", {"event"}}}},
        {"Audience at screenings", "outsiders", {{"activity_types", {"event"}}}}}},
      {"entre-pairs",
       "Between Peers I and II – Promoting peer support for minors, within a group working to "
       "combat sexual exploitation: an innovative approach to child protection",
       "2022-01-01",
       "2025-12-31",
       "Welcome and co-accompany minors in prostitution with peer-helpers; encourage them to use "
       "their rights to protection and to justice and to join peer discussion groups; train "
       "peer-helpers to support young victims; support minor victims as witnesses or civil "
       "parties (ad hoc administrator missions) and the assessment and compensation of damages.",
       {eur("Social cohesion administration (DGCS)", 80000)},
       {},
       "Minors' cases and their child-protection procedures, young people's discussion groups, "
       "peer-helper trainings (demo records).",
       {{"Minors supported", "people", {{"minor", {"true"}}}},
        {"Minors in peer discussion groups", "people",
         {{"activity_types", {"discussion_group"}}, {"minor", {"true"}}}},
        {"Peer-helpers trained", "people",
         {{"activity_types", {"training"}}, {"attendance_roles", {"trainee"}}}},
        {"Peer-helper training sessions", "sessions", {{"activity_types", {"training"}}}},
        {"Child-protection reports", "procedures", {{"procedure_kind", {"child_protection"}}}},
        {"Ad hoc administrator missions", "procedures",
         {{"procedure_kind", {"ad_hoc_administrator"}}}}}},
      {"eva",
       "EVA – Early identification and protection of Victims of trafficking in border Areas",
       "2023-01-01",
       "2024-12-31",
       "National and transnational strategies for the early identification and protection of "
       "minors, girls and young women under 30 (alone or with children) in the Italy–France and "
       "Spain–France (Basque Country) border regions and in reception centres in Paris, Occitanie "
       "and Provence-Alpes-Côte d'Azur: shelters, safe spaces, information on protection "
       "programmes and referrals.",
       {},
       {partner("Save the Children Italy Onlus (coordination)", "IT"),
        partner("Consorzio Agorà Network Società Cooperativa", "IT"),
        partner("Association Réflexion Action Prévention-communautaire (ARAP)", "FR"),
        partner("France terre d'asile", "FR"), partner("Fundación Save the Children Spain", "ES"),
        partner("Regione del Veneto", "IT")},
       "Outreach in reception centres, trainings for their staff, identification and referrals "
       "of girls and young women (demo records).",
       {{"Girls and young women identified", "people",
         {{"via", {"encounters", "cases"}}, {"gender", {"Feminine"}}}},
        {"Minors identified", "people", {{"minor", {"true"}}}},
        {"Referrals to protection", "referrals", {{"direction", {"out"}}}},
        {"Outreach rounds in reception centres", "sessions",
         {{"activity_types", {"outreach_round"}}}},
        {"Reception-centre staff trained", "outsiders", {{"activity_types", {"training"}}}}}},
      {"mpeio",
       "Experimental Parisian mechanism for identifying and referring victims of human "
       "trafficking for sexual exploitation (MPEIO)",
       "2022-01-01",
       "2023-12-31",
       "Improve victims' protection and geographical mobility, notably through the national Ac.Sé "
       "scheme; help victims from Île-de-France find social and professional integration in other "
       "regions, notably through the exit programme (PSP); support the women's rights network "
       "with the Paris Women's Rights Delegate and help departmental committees set up.",
       {eur("AGRASC", 50000), eur("Regional Women's Rights Delegation (DRDFE)", 15000),
        eur("Women's Rights Administration (SDFE)", 15000)},
       {partner("Paris Women's Rights Delegate", "FR")},
       "Earlier cases (2022–2023) referred to Ac.Sé and to the PSP commission, identification "
       "sessions with partner services, departmental committee meetings (demo records).",
       {{"Victims identified", "people", {{"via", {"cases"}}}},
        {"Referrals to Ac.Sé", "referrals", {{"direction", {"out"}}}},
        {"Ac.Sé placements obtained", "outcomes",
         {{"procedure_kind", {"referral"}}, {"statuses", {"accepted"}}}},
        {"PSP files", "procedures", {{"procedure_kind", {"exit_programme"}}}},
        {"PSP authorisations", "outcomes",
         {{"procedure_kind", {"exit_programme"}}, {"statuses", {"authorised"}}}},
        {"Departmental committee meetings", "sessions", {{"activity_types", {"event"}}}}}},
      {"history-ourstory",
       "History/OurStory",
       "2022-01-01",
       "",
       "Understand better how personal histories connect with the wider history of humanity, "
       "through film screenings and debates.",
       {},
       {},
       "Film and debate workshops: in 2022, seven on the history of slavery, segregation and "
       "civil rights; in 2023, eight on racism, sexism, women's rights and violence against "
       "women; researchers and resource persons invited to the debates.",
       {{"Members taking part", "people", {{"activity_types", {"film_debate"}}}, 28},
        {"Workshops", "sessions", {{"activity_types", {"film_debate"}}}, 15,
         {{"2022-12-31", 7}, {"2023-12-31", 15}}},
        {"Attendances", "attendances", {{"activity_types", {"film_debate"}}}}}},
      {"sante-mentale",
       "The power of the group in mental health",
       "2023-01-01",
       "2024-12-31",
       "Combine individual meetings, discussion groups and art therapy workshops, run by a "
       "psychologist with peer-helper mediators, for victims of sexual exploitation; improve the "
       "peer-helpers' practice in responding to psychological suffering.",
       {eur("Fondation de France", 35000)},
       {},
       "Discussion groups and art therapy workshops, individual meetings with the psychologist, "
       "practice sessions for peer-helpers (demo records).",
       {{"People in groups and workshops", "people",
         {{"activity_types", {"discussion_group", "art_therapy"}}}},
        {"Discussion groups", "sessions", {{"activity_types", {"discussion_group"}}}},
        {"Art therapy workshops", "sessions", {{"activity_types", {"art_therapy"}}}},
        {"Individual meetings with the psychologist", "encounters",
         {{"encounter_types", {"psychological_session"}}}},
        {"Peer-helper practice sessions", "sessions", {{"activity_types", {"training"}}}}}},
      {"life-after-trafficking",
       "Life After Trafficking; Transnational Perspectives",
       "2023-01-01",
       "",
       "Participatory, multi-disciplinary action research putting observations made in Europe "
       "and in Nigeria into perspective: the social, religious, economic and political dynamics "
       "of trafficking, and the relations between victims in assistance programmes in Europe and "
       "their families in Nigeria.",
       {eur("IRD (Institut de Recherche pour le Développement)", 20000),
        eur("URMIS (Unité de Recherche Migrations et Société)", 5000), eur("IFRA-Nigeria", 10000)},
       {partner("IRD (Institut de Recherche pour le Développement)", "FR"),
        partner("URMIS (Unité de Recherche Migrations et Société)", "FR"),
        partner("IFRA-Nigeria", "NG")},
       "Participatory research workshops with members, an international seminar, research notes "
       "(demo records).",
       {{"Members taking part in the research", "people", {{"via", {"attendance"}}}},
        {"Participatory research workshops", "sessions", {{"activity_types", {"workshop"}}}},
        {"International seminars", "activities",
         {{"activity_types", {"event"}}, {"international", {"true"}}}},
        {"Research notes published", "media_items",
         {{"media_kinds", {"article"}}, {"media_statuses", {"published"}}}}}},
      {"podcast",
       "True Talk",
       "2021-01-01",
       "",
       "Encourage people to speak out and develop innovative mental-health responses by "
       "producing podcasts: small groups of members run discussion groups and record themselves.",
       {},
       {},
       "Recording groups and the episodes they produced (demo records; one published episode must "
       "come down since a participant withdrew her media consent).",
       {{"Episodes published", "media_items",
         {{"media_kinds", {"podcast_episode"}}, {"media_statuses", {"published"}}}},
        {"Recording sessions", "sessions", {{"activity_types", {"podcast_recording"}}}},
        {"Members who spoke out", "people", {{"via", {"media"}}}},
        {"Members in recording groups", "people", {{"activity_types", {"podcast_recording"}}}}}},
      {"voice-participation",
       "Voice and participation of the impacted communities in process of change: a join "
       "learning initiative",
       "2022-01-01",
       "2024-12-31",
       "A collective reflection, initiated by the Global Alliance Against Traffic in Women "
       "(GAATW), on how \"voice\" and \"participation\" are understood in the functioning, "
       "principles, strategies and practices of eight partner organisations in eight countries.",
       {eur("GAATW", 15000)},
       {partner("Global Alliance Against Traffic in Women (GAATW)", "TH")},
       "Collective reflection sessions with members and international exchanges between the "
       "partner organisations (demo records).",
       {{"Members involved", "people", {{"via", {"attendance"}}}},
        {"Collective reflection sessions", "sessions", {{"activity_types", {"workshop"}}}},
        {"International exchanges", "activities",
         {{"activity_types", {"event"}}, {"international", {"true"}}}}}},
      {"voiceover",
       "VoiceOver – Victims of trafficking in human beings support and Empowerment by means of a "
       "survivor leaders Engagement model",
       "2023-01-01",
       "2024-12-31",
       "Work with victims as real partners and make their voices heard: train 90 professionals "
       "and 20 survivors, support 90 victims through peer mentoring, help 60 trafficked persons "
       "into work or training through peer-based programmes, and raise awareness with a "
       "replicable model, recommendations, 5 podcasts and 2 international events.",
       {eur("European Asylum, Migration and Integration Fund (AMIF)", 150000)},
       {partner("Equality Cooperativa Sociale", "IT"), partner("Payoke", "BE"),
        partner("University of Venice", "IT"), partner("Fundación Cruz Blanca", "ES"),
        partner("ADPARE", "RO")},
       "Trainings for professionals and for survivor leaders, peer mentoring of earlier cases "
       "(2023–2024), support-plan goals into work or training, podcasts with True Talk, two "
       "international events (demo records).",
       {{"Professionals trained", "outsiders", {{"activity_types", {"training"}}}, 90},
        {"Survivors trained", "people", {{"activity_types", {"training"}}, {"member", {"true"}}},
         20},
        {"Victims supported by peer mentoring", "people",
         {{"encounter_types", {"individual_meeting"}}}, 90},
        {"People into work or training", "outcomes", {{"goal_types", {"Livelihood", "Education"}}},
         60},
        {"Podcasts", "media_items",
         {{"media_kinds", {"podcast_episode"}}, {"media_statuses", {"published"}}}, 5},
        {"International events", "activities",
         {{"activity_types", {"event"}}, {"international", {"true"}}}, 2},
        {"Peer mentoring circles", "sessions", {{"activity_types", {"discussion_group"}}}}}},
  };
  return specs;
}

// --- The people the work is done with ------------------------------------------------------

// A person of the demo casework, read from clear columns only (no name is decrypted).
struct Someone {
  std::string id, gender, nationalities, languages;  // JSON arrays as stored
  std::optional<int> birth_year;
  bool age_disputed = false, member = false;

  bool minor_in(int year) const { return age_disputed || (birth_year && year - *birth_year < 18); }
  bool woman() const { return gender == "Feminine" || gender == "TransgenderFeminine"; }
  std::string language() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(languages, ec);
    if (!ec && v.is_array() && !v.as_array().empty() && v.as_array()[0].is_string())
      return std::string(v.as_array()[0].as_string());
    return "en";
  }
};

struct Scene {
  Scene(store::Store& st, DemoRandom& random, std::string day, ProgrammeCounts& n)
      : store(st), r(random), today(std::move(day)), counts(n) {}
  store::Store& store;
  DemoRandom& r;
  std::string today;
  ProgrammeCounts& counts;
  std::map<std::string, std::string> staff;  // role → user id
  std::map<std::string, std::string> site;   // kind → site id
  std::map<std::string, store::Project> projects;  // code → project
  std::vector<Someone> people;                     // people with a case, by case number
  std::vector<std::size_t> members;                // those who are members
  std::size_t member_cursor = 0, case_cursor = 0;
  std::vector<bool> has_earlier_case;

  const store::Project& project(const std::string& code) const { return projects.at(code); }
  std::string end_of(const std::string& code) const {
    const auto& p = project(code);
    return p.ends_on && *p.ends_on < today ? *p.ends_on : today;
  }
  bool within(const std::string& code, const std::string& day) const {
    const auto& p = project(code);
    return day >= p.starts_on && (!p.ends_on || day <= *p.ends_on);
  }
  std::string user(const std::string& role) const {
    auto it = staff.find(role);
    return it != staff.end() ? it->second : staff.at("social_worker");
  }
  void link(store::Tx& tx, const std::string& code, const char* type, const std::string& id) {
    store.projects().link(tx, project(code).id, type, id);
    ++counts.links;
  }

  // A group of members for an activity: the next members in turn (so that groups differ);
  // minors only in the groups meant for them (then first). Fewer when members run short.
  std::vector<std::size_t> group(std::size_t size, int minor_year = 0) {
    std::vector<std::size_t> out;
    if (members.empty()) return out;
    size = std::min(size, members.size());
    std::set<std::size_t> taken;
    if (minor_year)
      for (std::size_t i = 0; i < members.size() && out.size() < size / 2 + 1 && out.size() < size; ++i)
        if (people[members[i]].minor_in(minor_year) && taken.insert(members[i]).second)
          out.push_back(members[i]);
    for (std::size_t n = 0; out.size() < size && n < members.size(); ++n) {
      std::size_t m = members[member_cursor++ % members.size()];
      if (!minor_year && people[m].minor_in(std::stoi(today.substr(0, 4)))) continue;
      if (taken.insert(m).second) out.push_back(m);
    }
    return out;
  }
  // `k` distinct members drawn from a group.
  std::vector<std::size_t> some_of(std::vector<std::size_t> group, int k) {
    std::size_t n = std::min<std::size_t>(group.size(), static_cast<std::size_t>(std::max(k, 0)));
    for (std::size_t i = 0; i < n; ++i) std::swap(group[i], group[i + r.below(group.size() - i)]);
    group.resize(n);
    return group;
  }
};

core::Consent consent(const std::string& person_id, const char* purpose, const std::string& on,
                      const std::string& recorded_by) {
  core::Consent c;
  c.id = core::new_id();
  c.person_id = person_id;
  c.purpose = purpose;
  c.status = "given";
  c.given_on = on;
  c.method = "written";
  c.recorded_by = recorded_by;
  c.created_at = on + "T12:00:00Z";
  return c;
}

// --- Projects and indicators ---------------------------------------------------------------

void create_projects(Scene& s, store::Tx& tx) {
  std::string now = core::now_iso8601();
  for (const ProjectSpec& spec : project_specs()) {
    store::Project p;
    p.id = core::new_id();
    p.code = spec.code;
    p.name = spec.name;
    p.starts_on = spec.starts_on;
    if (*spec.ends_on) p.ends_on = spec.ends_on;
    p.aims = spec.aims;
    p.funders = spec.funders;
    p.partners = spec.partners;
    p.narrative = {
        {"amounts", "demo figures"},
        {"context", "Demo project: the programme as the association's projects page states it; "
                    "every record counted here is fictional."},
        {"activities", spec.activities},
        {"budget", spec.funders.empty()
                       ? "The projects page names no funder for this programme."
                       : "Amounts: demo figures (the projects page states no amounts)."}};
    if (!spec.partners.empty()) {
      std::string names;
      for (const auto& x : spec.partners) names += (names.empty() ? "" : ", ") + x.name;
      p.narrative["partnerships"] = "Partners named on the projects page: " + names + ".";
    }
    p.created_by = s.user("coordinator");
    p.created_at = p.updated_at = now;
    s.store.projects().create(tx, p);
    s.projects[p.code] = p;
    ++s.counts.projects;
    int position = 0;
    for (const IndicatorSpec& is : spec.indicators) {
      store::Indicator i;
      i.id = core::new_id();
      i.project_id = p.id;
      i.position = position++;
      i.name = is.name;
      i.definition = {is.counts, is.filters};
      if (auto errors = core::validate_indicator(i.definition); !errors.empty())
        throw store::StoreError("demo: indicator " + i.name + ": " + errors.front().field + " " +
                                errors.front().code);
      i.target = is.target;
      i.milestones = is.milestones;
      i.created_at = i.updated_at = now;
      s.store.projects().create_indicator(tx, i);
      ++s.counts.indicators;
    }
  }
}

// --- Activities, sessions, attendance ------------------------------------------------------

struct SessionPlan {
  std::string held_on;
  std::optional<std::string> theme = {}, work = {};
  std::vector<store::Guest> guests = {};
  std::string notes = {};
};

// A series of sessions: one activity (or several groups of it when there are many sessions),
// held between two dates, with members and outsiders attending.
struct Series {
  const char* project;
  const char* type;
  const char* title;
  const char* description = "";
  std::vector<std::string> themes = {};
  const char* audience = "members";
  bool international = false;
  int sessions = 0;           // how many in all
  const char* from = nullptr;  // default: the project's period
  const char* to = nullptr;
  int members_min = 0, members_max = 0;  // member attendance per session
  const char* role = "participant";
  int minor_year = 0;  // groups: minors (in that year) first
  const char* organisation = nullptr;  // outsiders per session
  std::vector<std::string> professions = {};
  int outsiders_min = 0, outsiders_max = 0;
  const char* facilitator = "peer_mediator";
  const char* site = "office";  // site kind, or "" with `place`
  const char* place = nullptr;
  int duration = 120;
  std::vector<std::string> session_themes = {};  // cycled through
  bool upcoming = false;  // ongoing: one session today and one in the coming week, unattended
  bool spread = false;    // over the whole period (a few a year) rather than about weekly
  const char* also_count_attendance_for = nullptr;  // another project the members' attendance counts towards
  const char* also_count_sessions_for = nullptr;    // another project its sessions count towards
};

struct SeriesResult {
  std::vector<std::string> activities;
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::pair<std::string, std::string>> sessions;  // (id, held_on)
};

std::string add_session(Scene& s, store::Tx& tx, const Series& series, const std::string& activity_id,
                        const SessionPlan& plan) {
  store::Session x;
  x.id = core::new_id();
  x.activity_id = activity_id;
  x.held_on = plan.held_on;
  x.starts_at = series.type == std::string("outreach_round") ? "21:00" : "14:00";
  x.duration_minutes = series.duration;
  if (series.place) x.place = series.place;
  else if (auto it = s.site.find(series.site); it != s.site.end()) x.site_id = it->second;
  x.theme = plan.theme;
  x.work = plan.work;
  x.facilitators = {s.user(series.facilitator)};
  x.guests = plan.guests;
  x.notes = plan.notes;
  x.created_by = s.user(series.facilitator);
  x.created_at = x.updated_at = plan.held_on + "T18:00:00Z";
  s.store.activities().create_session(tx, x);
  ++s.counts.sessions;
  return x.id;
}

std::string attend(Scene& s, store::Tx& tx, const std::string& session_id, const std::string& held_on,
                   const std::string& person_id, const char* role, const std::string& by) {
  store::Attendance a;
  a.id = core::new_id();
  a.session_id = session_id;
  a.person_id = person_id;
  a.role = role;
  a.recorded_by = by;
  a.created_at = held_on + "T18:30:00Z";
  if (!s.store.activities().add_attendance(tx, a)) return {};
  ++s.counts.attendance;
  return a.id;
}

void outsiders(Scene& s, store::Tx& tx, const std::string& session_id, const std::string& held_on,
               int count, const std::string& organisation, const std::string& profession,
               const std::string& by) {
  store::Attendance a;
  a.id = core::new_id();
  a.session_id = session_id;
  a.outsider_count = count;
  a.organisation = organisation;
  a.profession = profession;
  a.recorded_by = by;
  a.created_at = held_on + "T18:30:00Z";
  s.store.activities().add_attendance(tx, a);
  ++s.counts.attendance;
}

std::string new_activity(Scene& s, store::Tx& tx, const Series& series, const std::string& title,
                         const std::string& starts_on, const std::optional<std::string>& ends_on) {
  store::Activity a;
  a.id = core::new_id();
  a.type = series.type;
  a.title = title;
  a.description = series.description;
  a.themes = series.themes;
  a.audience = series.audience;
  a.international = series.international;
  a.starts_on = starts_on;
  a.ends_on = ends_on;
  a.created_by = s.user(series.facilitator);
  a.created_at = a.updated_at = starts_on + "T09:00:00Z";
  s.store.activities().create_activity(tx, a);
  ++s.counts.activities;
  s.link(tx, series.project, "activity", a.id);
  return a.id;
}

// Attendance of one held session: members of the group, and outsiders.
void fill_session(Scene& s, store::Tx& tx, const Series& series, const std::string& session_id,
                  const std::string& held_on, const std::vector<std::size_t>& group) {
  std::string by = s.user(series.facilitator);
  int k = between(s.r, series.members_min, series.members_max);
  for (std::size_t m : s.some_of(group, k)) {
    std::string id = attend(s, tx, session_id, held_on, s.people[m].id, series.role, by);
    if (!id.empty() && series.also_count_attendance_for &&
        s.within(series.also_count_attendance_for, held_on))
      s.link(tx, series.also_count_attendance_for, "attendance", id);
  }
  if (series.organisation && series.outsiders_max > 0) {
    const std::string& profession =
        series.professions.empty() ? std::string("other") : s.r.pick(series.professions);
    outsiders(s, tx, session_id, held_on, between(s.r, series.outsiders_min, series.outsiders_max),
              series.organisation, profession, by);
  }
}

// Runs a series: groups of at most 60 sessions (about weekly), each an activity with its own
// members, spread over the period; written group by group.
SeriesResult run_series(Scene& s, const Series& series) {
  SeriesResult out;
  const store::Project& project = s.project(series.project);
  std::string from = series.from ? series.from : project.starts_on;
  std::string to = series.to ? std::string(series.to) : s.end_of(series.project);
  if (to > s.today) to = s.today;
  if (from > to || series.sessions <= 0) return out;
  bool ongoing = !project.ends_on;
  int cohorts = (series.sessions + 59) / 60;
  long span = days_between(from, to);
  for (int k = 0; k < cohorts; ++k) {
    int n = series.sessions / cohorts + (k < series.sessions % cohorts ? 1 : 0);
    long length = series.spread ? span : std::min<long>(span, std::max<long>(30, n * 7L));
    std::string start = plus_days(from, static_cast<long>(s.r.below(span - length + 1)));
    // The last group of an ongoing programme is the one meeting now.
    bool current = ongoing && !series.to && k == cohorts - 1;
    if (current) start = plus_days(to, -length);
    std::string end = plus_days(start, length);
    std::vector<std::string> days;
    for (int i = 0; i < n; ++i) days.push_back(day_between(s.r, start, end));
    std::sort(days.begin(), days.end());
    std::string title = cohorts > 1 ? std::string(series.title) + " — group " + std::to_string(k + 1)
                                    : std::string(series.title);
    auto group = s.group(static_cast<std::size_t>(std::max(series.members_max + 4, 10)), series.minor_year);
    s.store.db().write([&](store::Tx& tx) {
      std::string activity = new_activity(s, tx, series, title, start,
                                           current ? std::nullopt : std::optional<std::string>(end));
      out.activities.push_back(activity);
      for (std::size_t i = 0; i < days.size(); ++i) {
        SessionPlan plan{days[i]};
        if (!series.session_themes.empty())
          plan.theme = series.session_themes[i % series.session_themes.size()];
        std::string id = add_session(s, tx, series, activity, plan);
        fill_session(s, tx, series, id, days[i], group);
        if (series.also_count_sessions_for && s.within(series.also_count_sessions_for, days[i]))
          s.link(tx, series.also_count_sessions_for, "session", id);
        out.sessions.emplace_back(id, days[i]);
      }
      if (current && series.upcoming) {
        add_session(s, tx, series, activity, SessionPlan{s.today});
        add_session(s, tx, series, activity, SessionPlan{plus_days(s.today, between(s.r, 2, 7))});
      }
    });
    out.groups.push_back(std::move(group));
  }
  return out;
}

// The work that grows with the size of the demo: about one session for every five people
// (≈20,000 at 100,000 people), shared out between the programmes' recurring activities.
void recurring_work(Scene& s, int volume, SeriesResult& true_talk) {
  auto share = [&](int percent) { return std::max(2, volume * percent / 100); };
  std::vector<Series> all = {
      {.project = "acces-aux-droits", .type = "outreach_round",
       .title = "Joint outreach round with the BPS volunteer lawyers",
       .description = "Evening outreach with the lawyers' bus: information on rights, free "
                      "consultations on the spot (demo).",
       .themes = {"access to rights"}, .audience = "public", .sessions = share(22),
       .members_min = 1, .members_max = 3, .role = "peer_helper",
       .organisation = "Bus Paris Solidarité (volunteer lawyers)", .professions = {"lawyer"},
       .outsiders_min = 1, .outsiders_max = 3, .site = "outreach", .duration = 180,
       .upcoming = true},
      {.project = "empowerment-juridique", .type = "discussion_group",
       .title = "Legal empowerment discussion group",
       .description = "Members learn about the law and prepare to inform other victims (demo).",
       .themes = {"access to justice", "protection"}, .sessions = share(12),
       .members_min = 5, .members_max = 10,
       .session_themes = {"Filing a complaint", "Being a civil party", "Protection in asylum "
                          "seeker centres", "Talking to the police", "Compensation (CIVI)"}},
      {.project = "entre-pairs", .type = "discussion_group",
       .title = "Between Peers — young people's discussion group",
       .description = "Discussion group for young and minor members, run by peer-helpers (demo).",
       .themes = {"child protection", "peer support"}, .sessions = share(10),
       .members_min = 3, .members_max = 7, .minor_year = 2025,
       .session_themes = {"Rights of minors", "Emotional and sexual life", "Feeling safe",
                          "Going to court as a witness"}},
      {.project = "sante-mentale", .type = "discussion_group",
       .title = "Discussion group with the psychologist and peer-helpers",
       .themes = {"mental health"}, .sessions = share(9), .members_min = 5, .members_max = 9,
       .facilitator = "psychologist",
       .session_themes = {"Sleep and worries", "Stress", "Being far from family", "Anger"}},
      {.project = "sante-mentale", .type = "art_therapy", .title = "Art therapy workshop",
       .themes = {"mental health", "art"}, .sessions = share(9), .members_min = 4,
       .members_max = 8, .facilitator = "psychologist",
       .session_themes = {"Drawing", "Collage", "Clay", "Masks"}},
      {.project = "podcast", .type = "podcast_recording", .title = "True Talk — recording group",
       .description = "Members run a discussion and record themselves (demo).",
       .themes = {"speaking out", "mental health"}, .sessions = share(8), .members_min = 3,
       .members_max = 5, .duration = 150, .upcoming = true},
      {.project = "life-after-trafficking", .type = "workshop",
       .title = "Participatory research workshop",
       .description = "Members and researchers put observations from Europe and Nigeria into "
                      "perspective (demo).",
       .themes = {"research", "families in Nigeria"}, .sessions = share(8), .members_min = 5,
       .members_max = 10, .facilitator = "researcher",
       .session_themes = {"Families' expectations", "Religion and oaths", "Money sent home",
                          "Coming back"}},
      {.project = "voice-participation", .type = "workshop",
       .title = "Voice and participation — collective reflection",
       .themes = {"participation"}, .sessions = share(6), .members_min = 5, .members_max = 9,
       .facilitator = "coordinator"},
      {.project = "voiceover", .type = "discussion_group", .title = "VoiceOver peer mentoring circle",
       .themes = {"peer mentoring"}, .sessions = share(6), .members_min = 4, .members_max = 8},
      {.project = "eva", .type = "outreach_round",
       .title = "Outreach in reception centres (border areas)",
       .description = "Information on protection programmes for girls and young women (demo).",
       .themes = {"early identification"}, .audience = "public", .sessions = share(5),
       .members_min = 1, .members_max = 2, .role = "peer_helper",
       .organisation = "Reception centre (demo)", .professions = {"ngo_worker", "social_worker"},
       .outsiders_min = 1, .outsiders_max = 3, .site = "", .place = "Reception centre (demo), "
       "border area", .duration = 240},
      {.project = "mpeio", .type = "awareness_session",
       .title = "Identification sessions with partner services",
       .themes = {"identification", "Ac.Sé"}, .audience = "professionals", .sessions = share(3),
       .members_min = 1, .members_max = 2, .role = "peer_helper",
       .organisation = "Women's rights network (demo)",
       .professions = {"social_worker", "ngo_worker", "police_officer"}, .outsiders_min = 5,
       .outsiders_max = 12, .facilitator = "social_worker"},
      {.project = "emploi-rural", .type = "workshop",
       .title = "Interregional exchange network meeting",
       .themes = {"rural employment"}, .audience = "mixed", .sessions = share(2),
       .members_min = 1, .members_max = 3, .organisation = "Rural employment initiatives (demo)",
       .professions = {"ngo_worker"}, .outsiders_min = 3, .outsiders_max = 8,
       .facilitator = "coordinator"},
  };
  for (const auto& series : all) {
    SeriesResult done = run_series(s, series);
    if (series.type == std::string("podcast_recording")) true_talk = std::move(done);
  }
}

// Trainings, awareness sessions and events: a fixed number whatever the size of the demo.
void trainings_and_events(Scene& s) {
  std::vector<Series> all = {
      {.project = "acces-aux-droits", .type = "training",
       .title = "Training for volunteer lawyers: trafficking and victims' rights",
       .themes = {"access to rights"}, .audience = "professionals", .sessions = 11,
       .members_min = 1, .members_max = 2, .role = "peer_helper",
       .organisation = "Bus Paris Solidarité (volunteer lawyers)", .professions = {"lawyer"},
       .outsiders_min = 6, .outsiders_max = 15, .facilitator = "lawyer", .spread = true},
      {.project = "acces-aux-droits", .type = "awareness_session",
       .title = "Raising awareness of police officers",
       .themes = {"identification", "complaints"}, .audience = "professionals", .sessions = 10,
       .members_min = 2, .members_max = 3, .role = "peer_helper",
       .organisation = "Police nationale, Paris (demo session)", .professions = {"police_officer"},
       .outsiders_min = 8, .outsiders_max = 20, .facilitator = "lawyer", .spread = true,
       .also_count_attendance_for = "empowerment-juridique"},
      {.project = "empowerment-juridique", .type = "awareness_session",
       .title = "Members inform police and justice professionals",
       .themes = {"access to justice"}, .audience = "professionals", .sessions = 6,
       .members_min = 2, .members_max = 4, .role = "peer_helper",
       .organisation = "Police and justice services (demo)",
       .professions = {"police_officer", "magistrate", "lawyer"}, .outsiders_min = 6,
       .outsiders_max = 18, .spread = true},
      {.project = "empowerment-juridique", .type = "workshop",
       .title = "Working group: access to protection in asylum seeker centres",
       .themes = {"asylum", "protection"}, .sessions = 8, .members_min = 4, .members_max = 8,
       .facilitator = "lawyer"},
      {.project = "entre-pairs", .type = "training",
       .title = "Peer-helper training: welcoming young victims",
       .themes = {"peer support", "child protection"}, .sessions = 10, .members_min = 5,
       .members_max = 9, .role = "trainee", .facilitator = "psychologist",
       .session_themes = {"Intentional conversation", "Stress and emotion management",
                          "Non-violent communication", "Understanding trauma and psycho-trauma",
                          "Acting as a spokesperson", "Emotional and sexual life"}},
      {.project = "sante-mentale", .type = "training",
       .title = "Practice sessions for peer-helpers with the psychologist",
       .themes = {"mental health"}, .sessions = 8, .members_min = 3, .members_max = 6,
       .role = "peer_helper", .facilitator = "psychologist",
       .also_count_sessions_for = "entre-pairs"},  // trauma and emotions: Between Peers too
      {.project = "voiceover", .type = "training",
       .title = "VoiceOver training for professionals: working with survivors as partners",
       .themes = {"survivor engagement"}, .audience = "professionals", .sessions = 6,
       .members_min = 1, .members_max = 2, .role = "peer_helper",
       .organisation = "Anti-trafficking professionals (demo)",
       .professions = {"ngo_worker", "social_worker", "police_officer", "magistrate",
                       "health_worker", "lawyer"},
       .outsiders_min = 14, .outsiders_max = 18, .facilitator = "coordinator", .spread = true},
      {.project = "voiceover", .type = "training", .title = "VoiceOver survivor leaders training",
       .themes = {"survivor leadership"}, .sessions = 5, .members_min = 12, .members_max = 18,
       .role = "trainee", .facilitator = "coordinator"},
      {.project = "voiceover", .type = "event",
       .title = "VoiceOver transnational meeting (demo record)", .themes = {"survivor engagement"},
       .audience = "mixed", .international = true, .sessions = 1, .from = "2023-10-01",
       .to = "2023-10-31", .members_min = 3, .members_max = 5, .role = "peer_helper",
       .organisation = "VoiceOver partners and guests", .professions = {"ngo_worker"},
       .outsiders_min = 40, .outsiders_max = 70, .facilitator = "coordinator", .site = "",
       .place = "Venice, Italy", .duration = 480},
      {.project = "voiceover", .type = "event",
       .title = "VoiceOver closing conference (demo record)", .themes = {"recommendations"},
       .audience = "public", .international = true, .sessions = 1, .from = "2024-11-01",
       .to = "2024-11-30", .members_min = 4, .members_max = 6, .role = "peer_helper",
       .organisation = "Decision-makers and NGOs", .professions = {"ngo_worker", "other"},
       .outsiders_min = 60, .outsiders_max = 90, .facilitator = "coordinator", .site = "",
       .place = "Brussels, Belgium", .duration = 480},
      {.project = "eva", .type = "training", .title = "Training for reception-centre staff",
       .themes = {"early identification"}, .audience = "professionals", .sessions = 4,
       .organisation = "Reception centres (demo)", .professions = {"ngo_worker", "social_worker"},
       .outsiders_min = 10, .outsiders_max = 15, .facilitator = "social_worker", .spread = true},
      {.project = "mpeio", .type = "event",
       .title = "Departmental committee meeting (demo record)",
       .themes = {"prostitution and trafficking"}, .audience = "professionals", .sessions = 4,
       .members_min = 1, .members_max = 1, .role = "peer_helper",
       .organisation = "Committee members (demo)",
       .professions = {"social_worker", "police_officer", "magistrate"}, .outsiders_min = 10,
       .outsiders_max = 20, .facilitator = "coordinator", .spread = true},
      {.project = "voice-participation", .type = "event",
       .title = "GAATW joint learning exchange (demo record)", .themes = {"participation"},
       .audience = "mixed", .international = true, .sessions = 2, .members_min = 2,
       .members_max = 4, .organisation = "GAATW partner organisations",
       .professions = {"ngo_worker"}, .outsiders_min = 12, .outsiders_max = 20,
       .facilitator = "coordinator", .site = "", .place = "Online", .duration = 180,
       .spread = true},
      {.project = "life-after-trafficking", .type = "event",
       .title = "Seminar: life after trafficking, Europe and Nigeria (demo record)",
       .themes = {"research"}, .audience = "public", .international = true, .sessions = 1,
       .from = "2024-06-01", .to = "2024-06-30", .members_min = 4, .members_max = 8,
       .organisation = "Researchers and students", .professions = {"student", "other"},
       .outsiders_min = 25, .outsiders_max = 45, .facilitator = "researcher"},
      {.project = "emploi-rural", .type = "event",
       .title = "Launch of the call for contributions (demo record)",
       .themes = {"rural employment"}, .audience = "mixed", .sessions = 1, .from = "2023-03-01",
       .to = "2023-03-31", .members_min = 2, .members_max = 3,
       .organisation = "Rural stakeholders (demo)", .professions = {"ngo_worker", "other"},
       .outsiders_min = 15, .outsiders_max = 25, .facilitator = "coordinator"},
  };
  for (const auto& series : all) run_series(s, series);
}

// History/OurStory: the fifteen workshops of 2022 and 2023 as the page lists them, with 28
// members and the researchers it thanks as guests.
void our_story(Scene& s) {
  struct Workshop {
    const char* film;
    const char* theme;
  };
  const char* y2022 = "History of slavery, segregation and civil rights";
  const char* y2023 = "Racism, sexism, women's rights and violence against women";
  const std::vector<Workshop> workshops = {
      {"Roots (The story of Kunta Kinte)", y2022}, {"12 Years a Slave", y2022},
      {"Sankofa", y2022}, {"Harriet", y2022}, {"Selma", y2022}, {"Malcolm X", y2022},
      {"Swallow", y2022}, {"Hidden Figures", y2023}, {"Cairo 678", y2023}, {"The Help", y2023},
      {"La Noire de…", y2023}, {"The Swimmers", y2023}, {"Shéhérazade", y2023},
      {"Comme des reines", y2023}, {"Divines", y2023}};
  const std::vector<store::Guest> guests = {
      {"Cynthia Olufade", "Anthropologist", "University of Alberta (Canada)"},
      {"Dr. Precious Diagboya", "Philosopher", "Institut français de recherche au Nigeria (IFRA-Nigeria)"},
      {"Dr. Elodie Apard", "Historian", "Institut de Recherche pour le Développement (France)"},
      {"Dominique Somda", "Historian", "University of the Western Cape (South Africa)"},
      {"Chrystel Oloukoi", "Anthropologist", "Harvard University (USA)"},
      {"Ramata Ndiaye", "Doctoral student in sociology", "URMIS"},
      {"Srishty Anand", "Resource person", "GAATW"}};
  Series series{.project = "history-ourstory", .type = "film_debate",
                .title = "History/OurStory — film and debate workshops",
                .description = "A film, then a debate; researchers and resource persons join when "
                               "they can.",
                .themes = {y2022, y2023}, .duration = 210};
  auto group = s.group(28);
  s.store.db().write([&](store::Tx& tx) {
    std::string activity = new_activity(s, tx, series, series.title, "2022-02-01", std::nullopt);
    std::string by = s.user("peer_mediator");
    for (std::size_t i = 0; i < workshops.size(); ++i) {
      // Seven workshops from February to December 2022, eight from January to November 2023.
      static constexpr int months[] = {2, 3, 5, 6, 9, 10, 12, 1, 2, 3, 5, 6, 9, 10, 11};
      char held[40];
      std::snprintf(held, sizeof held, "%d-%02d-%02d", i < 7 ? 2022 : 2023, months[i],
                    between(s.r, 5, 26));
      SessionPlan plan{held, std::string(workshops[i].theme), std::string(workshops[i].film)};
      if (i % 2 == 0 && i / 2 < guests.size()) plan.guests = {guests[i / 2]};
      std::string id = add_session(s, tx, series, activity, plan);
      // Everyone of the 28 comes at least once; most come to several.
      std::set<std::size_t> present;
      for (std::size_t k = 0; k < group.size(); ++k)
        if (k % workshops.size() == i || k % workshops.size() == (i + 7) % workshops.size())
          present.insert(group[k]);
      for (std::size_t m : s.some_of(group, between(s.r, 8, 13))) present.insert(m);
      for (std::size_t m : present) attend(s, tx, id, held, s.people[m].id, "participant", by);
    }
  });
}

// --- Media made with members ---------------------------------------------------------------

struct MediaPlan {
  const char* project;
  std::string kind, title, made_on, link;
  std::optional<std::string> activity_id;
  std::string status = {};  // published (when published_on ≤ today), ready, in_production
  std::optional<std::string> published_on = {};
  std::vector<std::size_t> participants = {};
  const char* part = "voice";
  std::vector<const char*> also = {};  // other projects it counts towards
};

std::string add_media(Scene& s, store::Tx& tx, const MediaPlan& plan, std::set<std::string>& consented) {
  store::MediaItem m;
  m.id = core::new_id();
  m.kind = plan.kind;
  m.title = plan.title;
  m.activity_id = plan.activity_id;
  m.status = plan.status;
  m.published_on = plan.published_on;
  if (plan.status == "published") m.link = plan.link;
  m.created_by = s.user("peer_mediator");
  m.created_at = plan.made_on + "T10:00:00Z";
  m.updated_at = (plan.published_on ? *plan.published_on : plan.made_on) + "T10:00:00Z";
  s.store.activities().create_media(tx, m);
  ++s.counts.media_items;
  for (std::size_t p : plan.participants) {
    const std::string& person = s.people[p].id;
    // Nobody takes part without her media consent: given before the recording.
    if (consented.insert(person).second)
      s.store.cases().add_consent(tx, consent(person, "media", plus_days(plan.made_on, -7),
                                              s.user("peer_mediator")));
    s.store.activities().set_participant(tx, {m.id, person, plan.part});
  }
  s.link(tx, plan.project, "media_item", m.id);
  for (const char* other : plan.also) s.link(tx, other, "media_item", m.id);
  return m.id;
}

void media(Scene& s, const SeriesResult& true_talk, const SeriesResult& film_group) {
  std::set<std::string> consented;
  const std::vector<std::string> topics = {
      "Speaking out", "Sleepless nights", "Mothers far from home", "The oath", "Finding work",
      "Friendship", "Faith", "Going to the police", "Learning French", "Joy"};
  std::vector<std::size_t> voices =
      true_talk.groups.empty() ? s.group(8) : true_talk.groups.front();
  std::optional<std::string> activity =
      true_talk.activities.empty() ? std::nullopt : std::optional(true_talk.activities.front());
  std::string withdrawn_person, withdrawn_after;
  s.store.db().write([&](store::Tx& tx) {
    // True Talk: an episode about every quarter since spring 2021, the latest still being made.
    int n = 0;
    for (std::string made = "2021-04-10"; made <= s.today; made = plus_days(made, 91)) {
      ++n;
      MediaPlan p{"podcast", "podcast_episode",
                  "True Talk #" + std::to_string(n) + " — " + topics[(n - 1) % topics.size()] +
                      " (demo)",
                  made, "https://example.org/demo/true-talk/" + std::to_string(n), activity};
      std::string out = plus_days(made, between(s.r, 20, 45));
      if (out <= s.today) {
        p.status = "published";
        p.published_on = out;
      } else {
        p.status = plus_days(made, 14) <= s.today ? "ready" : "in_production";
      }
      p.participants = s.some_of(voices, between(s.r, 2, 4));
      add_media(s, tx, p, consented);
      // An episode of 2025: one of its voices has since withdrawn her media consent, so the
      // published episode must come down.
      if (p.status == "published" && made.substr(0, 4) == "2025" && withdrawn_person.empty() &&
          !p.participants.empty()) {
        withdrawn_person = s.people[p.participants.front()].id;
        withdrawn_after = plus_days(*p.published_on, 60);
      }
    }
    // VoiceOver: five episodes with True Talk, 2023–2024.
    for (int i = 0; i < 5; ++i) {
      std::string made = i < 2 ? "2023-0" + std::to_string(5 + i * 3) + "-12"
                               : "2024-0" + std::to_string(2 + (i - 2) * 3) + "-14";
      MediaPlan p{"voiceover", "podcast_episode",
                  "VoiceOver × True Talk: survivors as partners, part " + std::to_string(i + 1) +
                      " (demo)",
                  made, "https://example.org/demo/voiceover/" + std::to_string(i + 1), activity,
                  "published", plus_days(made, 30)};
      p.participants = s.some_of(voices, 3);
      p.also = {"podcast"};
      add_media(s, tx, p, consented);
    }
    // The film and the research notes.
    std::vector<std::size_t> cast = film_group.groups.empty() ? s.group(8) : film_group.groups.front();
    MediaPlan film{"cinema", "film", "Speak up for Freedom!", "2024-03-15",
                   "https://example.org/demo/speak-up-for-freedom",
                   film_group.activities.empty() ? std::nullopt
                                                 : std::optional(film_group.activities.front()),
                   "published", "2024-10-05"};
    film.participants = s.some_of(cast, 8);
    film.part = "face";
    add_media(s, tx, film, consented);
    for (int i = 0; i < 2; ++i) {
      std::string made = i == 0 ? "2024-02-20" : "2025-05-20";
      MediaPlan note{"life-after-trafficking", "article",
                     "Research note " + std::to_string(i + 1) + ": families and return (demo)",
                     made, "https://example.org/demo/research-note-" + std::to_string(i + 1),
                     std::nullopt, "published", plus_days(made, 25)};
      add_media(s, tx, note, consented);
    }
    if (!withdrawn_person.empty() && withdrawn_after <= s.today) {
      core::Consent k = consent(withdrawn_person, "media", withdrawn_after, s.user("peer_mediator"));
      k.status = "withdrawn";
      k.method = "oral";
      s.store.cases().add_consent(tx, k);
    }
  });
}

// --- The call for contributions ------------------------------------------------------------

void call_for_contributions(Scene& s) {
  struct Initiative {
    const char* name;
    const char* region;
  };
  const std::vector<Initiative> initiatives = {
      {"Démo · Ferme fictive des Quatre Vents", "Occitanie"},
      {"Démo · Atelier imaginaire de maraîchage", "Bretagne"},
      {"Démo · Coopérative fictive Terre et Pain", "Nouvelle-Aquitaine"},
      {"Démo · Gîte solidaire inventé", "Auvergne-Rhône-Alpes"},
      {"Démo · Chantier d'insertion fictif du Val", "Bourgogne-Franche-Comté"},
      {"Démo · Fromagerie imaginaire des Monts", "Auvergne-Rhône-Alpes"},
      {"Démo · Conserverie fictive Les Bocaux", "Centre-Val de Loire"},
      {"Démo · Vergers inventés de l'Est", "Grand Est"},
      {"Démo · Ressourcerie rurale fictive", "Normandie"},
      {"Démo · Pépinière imaginaire du Bocage", "Pays de la Loire"},
      {"Démo · Boulangerie solidaire fictive", "Hauts-de-France"},
      {"Démo · Bergerie inventée des Collines", "Provence-Alpes-Côte d'Azur"},
      {"Démo · Tiers-lieu rural fictif", "Occitanie"},
      {"Démo · Jardins imaginaires de Cocagne", "Nouvelle-Aquitaine"}};
  s.store.db().write([&](store::Tx& tx) {
    store::Call c;
    c.id = core::new_id();
    c.title = "Call for contributions: employment for victims of trafficking in rural areas";
    c.description = "Six rural initiatives opening access to work for victims of trafficking and "
                    "pimping will be supported and followed (demo call).";
    c.criteria = {{"relevance", "Relevance for victims' access to work", 3, 5},
                  {"feasibility", "Feasibility and means", 2, 5},
                  {"partnership", "Local partnerships", 2, 5},
                  {"sustainability", "Sustainability", 1, 5}};
    c.opens_on = "2023-03-01";
    c.closes_on = "2023-06-30";
    c.places = 6;
    c.status = "closed";
    c.created_by = s.user("coordinator");
    c.created_at = c.updated_at = "2023-02-15T10:00:00Z";
    s.store.activities().create_call(tx, c);
    std::vector<std::pair<double, std::size_t>> ranked;
    std::vector<store::Application> apps;
    for (std::size_t i = 0; i < initiatives.size(); ++i) {
      store::Application a;
      a.id = core::new_id();
      a.call_id = c.id;
      a.initiative = initiatives[i].name;
      a.organisation = std::string(initiatives[i].name) + " (association)";
      a.region = initiatives[i].region;
      a.country = "FR";
      char phone[32];
      std::snprintf(phone, sizeof phone, "06 39 98 %02d %02d", static_cast<int>(s.r.below(100)),
                    static_cast<int>(s.r.below(100)));
      boost::json::object contact{{"name", "Demo contact " + std::to_string(i + 1) + " (fictional)"},
                                  {"email", "initiative" + std::to_string(i + 1) + "@example.org"},
                                  {"phone", phone}};
      a.contact = boost::json::serialize(contact);
      a.summary = "Demo: jobs and training in a rural activity, with housing nearby and a "
                  "mentor on site (fictional).";
      a.received_on = day_between(s.r, "2023-03-05", "2023-06-30");
      a.created_at = a.updated_at = a.received_on + "T09:00:00Z";
      a.status = "under_review";
      s.store.activities().create_application(tx, a);
      ++s.counts.applications;
      s.link(tx, "emploi-rural", "application", a.id);
      // Two reviewers score every criterion; the weighted mean ranks the applications.
      int quality = between(s.r, 1, 4);
      double total = 0;
      for (const char* reviewer : {"coordinator", "social_worker"}) {
        store::Review rv;
        rv.application_id = a.id;
        rv.reviewer_id = s.user(reviewer);
        for (const auto& k : c.criteria) {
          int v = std::clamp(quality + between(s.r, -1, 1), 0, k.max);
          rv.scores[k.key] = v;
          total += k.weight * v;
        }
        rv.comment = "Demo review.";
        rv.created_at = rv.updated_at = plus_days(c.closes_on.value(), between(s.r, 3, 20)) + "T15:00:00Z";
        s.store.activities().put_review(tx, rv);
      }
      ranked.emplace_back(-total, i);
      apps.push_back(a);
    }
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
      store::Application a = apps[ranked[rank].second];
      std::int64_t version = a.version;
      if (rank < 6) {
        a.status = "selected";
        a.follow_up = {{"2023-09-15", "Demo: support agreement signed.", "started"},
                       {"2024-03-10", "Demo: first members placed in training.", "on_track"},
                       {"2024-11-20", "Demo: final visit.", "completed"}};
        a.outcome = "Demo: " + std::to_string(between(s.r, 1, 4)) +
                    " people in work or training on the site (fictional).";
      } else {
        a.status = rank == ranked.size() - 1 ? "withdrawn" : "not_selected";
      }
      a.updated_at = "2023-09-01T10:00:00Z";
      s.store.activities().update_application(tx, a, version);
    }
  });
}

// --- Earlier cases -------------------------------------------------------------------------
// The demo casework covers the last two years; programmes that ran before it are told through
// earlier cases of the same people, opened and closed in the programme's period, with their
// encounters, procedures and goals.

struct Move {
  std::string to, on;
  core::Fields fields = {};
  std::string reason = {};
};

// Writes a procedure told as its moves, each checked by the rules the API applies
// (core/procedures.h), with a transition step per move and the deadlines of where it ends.
std::string write_procedure(Scene& s, store::Tx& tx, store::Procedure p, const std::vector<Move>& moves,
                            const std::string& actor) {
  const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
  if (!kind) throw store::StoreError("demo: unknown procedure kind " + p.kind);
  p.id = core::new_id();
  if (p.status.empty()) p.status = std::string(kind->initial);
  p.created_by = actor;
  p.created_at = p.opened_on + "T09:00:00Z";
  std::vector<store::ProcedureStep> steps;
  std::vector<core::Step> rule_steps;
  std::string last = p.opened_on;
  for (const Move& m : moves) {
    if (m.on > s.today) break;
    core::Fields merged = p.fields;
    for (const auto& [k, v] : m.fields) merged[k] = v;
    if (auto refusal = core::check_transition(*kind, p.status, m.to, core::Actor::staff, m.reason, merged))
      throw store::StoreError("demo: " + p.kind + " " + p.status + " → " + m.to + ": " + *refusal);
    p.fields = std::move(merged);
    store::ProcedureStep st;
    st.id = core::new_id();
    st.procedure_id = p.id;
    st.kind = "transition";
    st.happened_on = m.on;
    st.from_status = p.status;
    st.to_status = m.to;
    if (!m.reason.empty()) st.fields["reason"] = m.reason;
    st.actor_id = actor;
    char at[16];
    std::snprintf(at, sizeof at, "T10:%02zu:00Z", steps.size() % 60);
    st.created_at = m.on + at;
    rule_steps.push_back({st.id, st.kind, st.happened_on, st.from_status, st.to_status, st.fields});
    steps.push_back(std::move(st));
    p.status = m.to;
    if (core::is_final_status(*kind, p.status)) p.closed_on = m.on;
    last = m.on;
  }
  if (auto errors = core::validate_fields(*kind, p.fields); !errors.empty())
    throw store::StoreError("demo: " + p.kind + " " + errors.front().field + ": " + errors.front().code);
  p.updated_at = last + "T18:00:00Z";
  s.store.procedures().create(tx, p);
  for (const auto& st : steps) s.store.procedures().add_step(tx, st);
  s.store.procedures().set_deadlines(
      tx, p.id, p.case_id, core::deadlines_of(*kind, p.status, p.fields, rule_steps, p.due_on, s.today));
  ++s.counts.procedures;
  return p.id;
}

struct EarlierCase {
  const std::string& code;
  const Someone& person;
  std::string case_id, opened, closed, until;  // `until`: the last day of the programme's work
};

std::string referral_out(Scene& s, store::Tx& tx, const EarlierCase& c, const std::string& partner_id,
                         const std::string& partner_name, const char* reason, bool accepted) {
  std::string opened = day_between(s.r, c.opened, plus_days(c.opened, 40));
  std::string sent = plus_days(opened, between(s.r, 1, 6));
  std::string answered = plus_days(sent, between(s.r, 2, 12));
  std::vector<std::string> items = {"birth_year", "gender", "nationalities", "languages", "situation"};
  core::Consent k = consent(c.person.id, "sharing", plus_days(sent, -1), s.user("social_worker"));
  k.partner_id = partner_id;
  k.partner_name = partner_name;
  k.data_items = items;
  s.store.cases().add_consent(tx, k);
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "referral";
  p.opened_on = opened;
  p.partner_id = partner_id;
  p.direction = "out";
  p.reason = reason;
  p.packet_items = items;
  std::string situation = std::string("Demo: fictional situation — needs ") + reason + ".";
  p.fields = {{"details", situation}, {"contact_person", "Demo contact (fictional)"}};
  boost::json::object packet{{"birth_year", c.person.birth_year ? boost::json::value(*c.person.birth_year)
                                                                 : boost::json::value(nullptr)},
                             {"gender", c.person.gender},
                             {"nationalities", boost::json::parse(c.person.nationalities)},
                             {"languages", boost::json::parse(c.person.languages)},
                             {"situation", situation}};
  p.packet = boost::json::serialize(packet);
  std::vector<Move> moves = {{"sent", sent}};
  if (accepted) {
    moves.push_back({"accepted", answered,
                     {{"travel_on", plus_days(answered, between(s.r, 2, 10))},
                      {"placement", "Demo: safe house far from the region (fictional)"}}});
    moves.push_back({"completed", plus_days(answered, between(s.r, 20, 70)),
                     {{"outcome", "Demo: settled in, followed by the partner."}}});
  } else {
    moves.push_back({"declined", answered, {}, "Demo: no place available at the moment"});
  }
  return write_procedure(s, tx, p, moves, s.user("social_worker"));
}

std::string exit_programme(Scene& s, store::Tx& tx, const EarlierCase& c) {
  std::string opened = day_between(s.r, c.opened, plus_days(c.opened, 60));
  std::string submitted = plus_days(opened, between(s.r, 15, 30));
  std::string scheduled = plus_days(submitted, between(s.r, 10, 20));
  std::string commission = plus_days(scheduled, between(s.r, 20, 40));
  std::string decision = plus_days(commission, between(s.r, 10, 20));
  std::string start = plus_days(decision, between(s.r, 10, 30));
  std::string end = *core::dates::plus_months(start, 6);
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "exit_programme";
  p.opened_on = opened;
  p.fields = {{"doc_request_form", "present"}, {"doc_proof_of_situation", "present"},
              {"doc_sworn_statement", "present"}, {"doc_id_copy", "present"}};
  std::vector<Move> moves = {
      {"submitted", submitted, {{"submitted_on", submitted}}},
      {"commission_scheduled", scheduled, {{"commission_on", commission}}},
      {"opinion_given", commission, {{"opinion", "favourable"}}},
      {"authorised", decision, {{"decision_on", decision}}},
      {"in_programme", start,
       {{"start_on", start}, {"allowance_until", plus_days(end, -1)}, {"permit_until", plus_days(end, -1)}}},
      // Left the programme at the end of its first period: settled in another region.
      {"ended", end, {{"ended_on", plus_days(end, -1)}}}};
  return write_procedure(s, tx, p, moves, s.user("social_worker"));
}

std::string child_protection(Scene& s, store::Tx& tx, const EarlierCase& c) {
  std::string reported = day_between(s.r, c.opened, plus_days(c.opened, 20));
  std::string assessment = plus_days(reported, between(s.r, 5, 30));
  std::string seized = plus_days(assessment, between(s.r, 20, 90));
  std::string measure = plus_days(seized, between(s.r, 15, 60));
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "child_protection";
  p.opened_on = reported;
  p.fields = {{"report_type", s.r.chance(60) ? "information_preoccupante" : "signalement"},
              {"reported_on", reported},
              {"reported_to", s.r.chance(60) ? "crip" : "prosecutor"},
              {"details", "Demo: report sent after a peer-helper's meeting (fictional)."}};
  return write_procedure(s, tx, p,
                         {{"assessment", assessment},
                          {"judge_seized", seized},
                          {"measure_ordered", measure, {{"measure", "placement"}, {"measure_on", measure}}},
                          {"closed", plus_days(measure, between(s.r, 60, 200)), {}, "Demo: she came of age"}},
                         s.user("social_worker"));
}

std::string ad_hoc_administrator(Scene& s, store::Tx& tx, const EarlierCase& c) {
  std::string requested = day_between(s.r, c.opened, plus_days(c.opened, 60));
  std::string appointed = plus_days(requested, between(s.r, 10, 60));
  std::string ended = plus_days(appointed, between(s.r, 120, 400));
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "ad_hoc_administrator";
  p.opened_on = requested;
  p.fields = {{"held_by_association", "true"}};
  return write_procedure(s, tx, p,
                         {{"appointed", appointed,
                           {{"appointed_by", "prosecutor"},
                            {"appointed_on", appointed},
                            {"court", "Tribunal judiciaire (démo)"},
                            {"administrator_name", "The association (demo)"}}},
                          {"ended", ended, {{"ended_on", ended}}}},
                         s.user("social_worker"));
}

std::string complaint(Scene& s, store::Tx& tx, const EarlierCase& c) {
  std::string filed = day_between(s.r, c.opened, plus_days(c.opened, 60));
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "criminal_proceedings";
  p.opened_on = filed;
  p.lawyer_id = s.user("lawyer");
  p.fields = {{"complaint_on", filed},
              {"complaint_to", s.r.chance(70) ? "police" : "prosecutor"},
              {"police_unit", "Demo: brigade fictive"},
              {"civil_party", "true"},
              {"civil_party_on", plus_days(filed, between(s.r, 0, 30))}};
  std::string investigation = plus_days(filed, between(s.r, 15, 60));
  std::vector<Move> moves = {{"investigation", investigation}};
  if (s.r.chance(20)) {
    moves.push_back({"dismissed", plus_days(investigation, between(s.r, 60, 240)), {},
                     "Demo: classement sans suite (fictional)"});
  } else if (s.r.chance(60)) {
    std::string prosecution = plus_days(investigation, between(s.r, 90, 280));
    std::string trial = plus_days(prosecution, between(s.r, 30, 120));
    std::string judgment = plus_days(trial, between(s.r, 20, 60));
    moves.push_back({"prosecution", prosecution, {{"court", "Tribunal correctionnel (démo)"}}});
    moves.push_back({"trial", trial});
    moves.push_back({"judgment", judgment,
                     {{"verdict", "conviction"},
                      {"verdict_on", judgment},
                      {"damages_awarded", std::to_string(between(s.r, 2, 15) * 100000)}}});
    std::string final_on = plus_days(judgment, between(s.r, 12, 40));
    moves.push_back({"final_decision", final_on, {{"final_decision_on", final_on}}});
  }
  return write_procedure(s, tx, p, moves, s.user("social_worker"));
}

// A family's housing application during the rehousing project: housed through rental
// intermediation (or another mechanism), with the tenancy checks recorded once due; or refused.
std::string housing(Scene& s, store::Tx& tx, const EarlierCase& c, bool housed,
                    const std::optional<std::string>& rental_partner) {
  std::string applied = day_between(s.r, c.opened, plus_days(c.opened, 15));
  std::string offered = plus_days(applied, between(s.r, 20, 90));
  store::Procedure p;
  p.case_id = c.case_id;
  p.kind = "housing";
  p.opened_on = plus_days(applied, -between(s.r, 1, 5));
  bool intermediation = rental_partner && s.r.chance(75);
  if (intermediation) p.partner_id = rental_partner;
  p.fields = {{"household_size", std::to_string(between(s.r, 2, 4))},
              {"reference", "DEMO-SIAO-" + std::to_string(between(s.r, 1000, 9999))}};
  std::vector<Move> moves = {
      {"applied", applied,
       {{"mechanism", intermediation ? "rental_intermediation" : "social_housing"}, {"applied_on", applied}}},
      {"offered", offered, {{"offered_on", offered}}}};
  if (!housed) {
    moves.push_back({"refused", plus_days(offered, between(s.r, 5, 20)), {},
                     "Demo: the offer did not match the household"});
    return write_procedure(s, tx, p, moves, s.user("social_worker"));
  }
  std::string on = plus_days(offered, between(s.r, 5, 15));
  core::Fields fields = {{"housed_on", on},
                         {"housing_type", intermediation ? "intermediated_rental" : "social_housing"}};
  // The tenancy checks, once their date has passed (so that none is left overdue).
  if (*core::dates::plus_months(on, 6) < plus_days(s.today, -14)) fields["tenancy_6m"] = "held";
  if (*core::dates::plus_months(on, 12) < plus_days(s.today, -14)) fields["tenancy_12m"] = "held";
  moves.push_back({"housed", on, fields});
  return write_procedure(s, tx, p, moves, s.user("social_worker"));
}

void add_encounters(Scene& s, store::Tx& tx, const EarlierCase& c, const char* type, int n,
                    const char* author_role, const char* topic) {
  for (int i = 0; i < n; ++i) {
    core::Encounter e;
    e.id = core::new_id();
    e.case_id = c.case_id;
    e.person_id = c.person.id;
    e.type = type;
    e.happened_on = day_between(s.r, c.opened, c.until);
    e.duration_minutes = between(s.r, 20, 90);
    e.language = c.person.language();
    e.topics = {topic};
    e.projects = {c.code};
    e.author_id = s.user(author_role);
    e.created_at = e.happened_on + "T17:00:00Z";
    s.store.cases().add_encounter(tx, e);
    s.link(tx, c.code, "encounter", e.id);
  }
}

struct EarlierPlan {
  const char* code;
  int count;
  bool (*eligible)(const Someone&);
  const char* peer;  // a second team role beside the lead
};

bool adult_woman(const Someone& p) { return p.woman() && !p.minor_in(2023); }
bool adult(const Someone& p) { return !p.minor_in(2022); }
bool young_woman(const Someone& p) {
  return p.woman() && p.birth_year && *p.birth_year >= 1995;
}
bool minor_then(const Someone& p) { return p.minor_in(2025); }

// The next person of the casework for an earlier case, in case-number order: one earlier case
// each while there are enough people, then again from the start.
std::optional<std::size_t> next_person(Scene& s, bool (*eligible)(const Someone&)) {
  std::size_t n = s.people.size();
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t k = (s.case_cursor + i) % n;
      if ((pass == 1 || !s.has_earlier_case[k]) && eligible(s.people[k])) {
        s.case_cursor = k + 1;
        s.has_earlier_case[k] = true;
        return k;
      }
    }
  return std::nullopt;
}

void earlier_cases(Scene& s, int people) {
  std::map<std::string, std::string> partners;  // acse, italy, spain, rental → partner id
  std::map<std::string, std::string> partner_names;
  s.store.db().read([&](store::Tx& tx) {
    if (auto p = s.store.partners().find_by_mechanism(tx, "acse")) {
      partners["acse"] = p->id;
      partner_names[p->id] = p->name;
    }
    for (auto [role, name] : {std::pair{"italy", "Demo · Associazione Approdo Fittizio"},
                              std::pair{"spain", "Demo · Fundación Puente Imaginario"},
                              std::pair{"rental", "Démo · Association fictive Toit Relais"}})
      if (auto p = s.store.partners().find_by_name(tx, name)) {
        partners[role] = p->id;
        partner_names[p->id] = p->name;
      }
  });
  const std::vector<EarlierPlan> plans = {
      {"voiceover", 96, adult_woman, "peer_mediator"},
      {"relogement", 14, adult_woman, "peer_mediator"},
      {"mpeio", std::max(8, people / 50), adult, "peer_mediator"},
      {"eva", std::max(6, people / 100), young_woman, "peer_mediator"},
      {"entre-pairs", std::max(4, people / 100), minor_then, "peer_mediator"},
      {"empowerment-juridique", std::max(6, people / 100), adult, "lawyer"},
      {"sante-mentale", std::max(6, people / 50), adult, "psychologist"},
  };
  std::vector<std::string> team_ids;
  s.store.db().read([&](store::Tx& tx) {
    for (const auto& t : s.store.cases().teams(tx)) team_ids.push_back(t.id);
  });
  for (const EarlierPlan& plan : plans) {
    const store::Project& project = s.project(plan.code);
    std::string code = plan.code;
    std::string until = s.end_of(code);
    int achieved = 0;
    for (int start = 0; start < plan.count; start += 100) {
      s.store.db().write([&](store::Tx& tx) {
        for (int i = start; i < std::min(plan.count, start + 100); ++i) {
          auto who = next_person(s, plan.eligible);
          if (!who) return;
          const Someone& person = s.people[*who];
          core::Case c;
          c.id = core::new_id();
          c.person_id = person.id;
          std::string opened = day_between(s.r, project.starts_on, plus_days(until, -120));
          c.opened_on = opened;
          std::string closed = plus_days(opened, between(s.r, 180, 540));
          if (closed > plus_days(s.today, -30)) closed = plus_days(s.today, -30);
          c.closed_on = closed;
          c.status = code == "mpeio" && s.r.chance(50) ? "ClosedReferred" : "Closed";
          c.closure_reason = "Demo: support completed";
          if (!team_ids.empty()) c.team_id = team_ids[s.r.below(team_ids.size())];
          c.programmes = {code};
          c.victim_status = "actual";
          c.exploitation_types = {"SexualExploitation"};
          c.created_by = s.user("social_worker");
          c.created_at = c.updated_at = opened + "T09:00:00Z";
          c.team = {{s.user("social_worker"), "lead"}, {s.user(plan.peer), plan.peer}};
          if (code == "relogement") {
            // Housed families stay in follow-up.
            c.status = "FollowUp";
            c.closed_on.reset();
            c.closure_reason.reset();
          }
          s.store.cases().create(tx, c);
          ++s.counts.earlier_cases;
          s.link(tx, code, "case", c.id);
          EarlierCase ec{code, person, c.id, opened, closed,
                         c.closed_on ? std::min(closed, until) : until};
          if (code == "relogement") {
            // Ten families housed over the two years, and one more; the others refused.
            std::optional<std::string> rental;
            if (partners.count("rental")) rental = partners["rental"];
            add_encounters(s, tx, ec, "individual_meeting", between(s.r, 2, 5), "social_worker", "housing");
            s.link(tx, code, "procedure", housing(s, tx, ec, i < 11, rental));
          } else if (code == "voiceover") {
            // Peer mentoring, and a goal into work or training: reached for about two in three.
            add_encounters(s, tx, ec, "individual_meeting", between(s.r, 4, 10), "peer_mediator", "work");
            add_encounters(s, tx, ec, "phone_follow_up", between(s.r, 0, 2), "peer_mediator", "health");
            store::CaseGoal g;
            g.id = core::new_id();
            g.case_id = c.id;
            g.type = s.r.chance(55) ? "Livelihood" : "Education";
            g.objective = g.type == "Livelihood" ? "Demo: find work (fictional)"
                                                 : "Demo: vocational training (fictional)";
            g.created_at = opened + "T10:00:00Z";
            bool reached = achieved < 62 && s.r.chance(75);
            g.status = reached ? "achieved" : "in_progress";
            g.progress = reached ? 100 : between(s.r, 20, 70);
            g.updated_at = (reached ? day_between(s.r, plus_days(opened, 60), ec.until)
                                    : day_between(s.r, opened, ec.until)) +
                           "T11:00:00Z";
            if (g.updated_at.substr(0, 10) < opened) g.updated_at = opened + "T11:00:00Z";
            achieved += reached;
            s.store.details().add_goal(tx, g);
          } else if (code == "mpeio") {
            add_encounters(s, tx, ec, "orientation", between(s.r, 2, 5), "social_worker", "safety");
            if (partners.count("acse")) {
              std::string id = referral_out(s, tx, ec, partners["acse"], partner_names[partners["acse"]],
                                            "safe_relocation", s.r.chance(80));
              s.link(tx, code, "procedure", id);
            }
            if (s.r.chance(45)) s.link(tx, code, "procedure", exit_programme(s, tx, ec));
          } else if (code == "eva") {
            add_encounters(s, tx, ec, "outreach_contact", between(s.r, 1, 2), "peer_mediator", "safety");
            add_encounters(s, tx, ec, "orientation", between(s.r, 1, 3), "social_worker", "asylum");
            std::string to = s.r.chance(50) && partners.count("italy") ? "italy"
                             : partners.count("spain") && s.r.chance(50) ? "spain"
                                                                         : "acse";
            if (partners.count(to)) {
              std::string id = referral_out(s, tx, ec, partners[to], partner_names[partners[to]],
                                            person.minor_in(2024) ? "child_protection" : "safe_relocation",
                                            s.r.chance(75));
              s.link(tx, code, "procedure", id);
            }
            if (person.minor_in(2024)) s.link(tx, code, "procedure", child_protection(s, tx, ec));
          } else if (code == "entre-pairs") {
            add_encounters(s, tx, ec, "individual_meeting", between(s.r, 3, 8), "peer_mediator", "children");
            s.link(tx, code, "procedure", child_protection(s, tx, ec));
            if (s.r.chance(50)) s.link(tx, code, "procedure", ad_hoc_administrator(s, tx, ec));
          } else if (code == "empowerment-juridique") {
            add_encounters(s, tx, ec, "legal_consultation", between(s.r, 2, 4), "lawyer", "legal");
            add_encounters(s, tx, ec, "accompaniment_police", 1, "peer_mediator", "legal");
            s.link(tx, code, "procedure", complaint(s, tx, ec));
          } else if (code == "sante-mentale") {
            add_encounters(s, tx, ec, "psychological_session", between(s.r, 4, 12), "psychologist", "health");
            add_encounters(s, tx, ec, "individual_meeting", between(s.r, 1, 3), "peer_mediator", "health");
          }
        }
      });
    }
  }
}

// --- Casework that counts towards the programmes -------------------------------------------

// Links every record a query selects (one column, the record id) to a project in one statement:
// at 100,000 people this is hundreds of thousands of links, where one round trip per link
// (ProjectRepository::link) would take minutes on PostgreSQL. `select_ids` is constant SQL;
// values are bound.
long link_selected(Scene& s, store::Tx& tx, const std::string& code, const char* record_type,
                   const std::string& select_ids,
                   const std::vector<std::pair<std::string, std::string>>& params = {}) {
  std::string project_id = s.project(code).id, type = record_type;
  soci::statement st(tx.sql);
  st.exchange(soci::use(project_id, "project"));
  st.exchange(soci::use(type, "type"));
  for (const auto& [name, value] : params) st.exchange(soci::use(value, name));
  st.alloc();
  st.prepare("INSERT INTO project_records (project_id, record_type, record_id) SELECT "
             "CAST(:project AS TEXT), CAST(:type AS TEXT), x.id FROM (" +
                 select_ids +
                 ") x WHERE x.id IS NOT NULL ON CONFLICT (project_id, record_type, record_id) DO "
                 "NOTHING",
             soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute(true);
  long n = static_cast<long>(st.get_affected_rows());
  s.counts.links += n;
  return n;
}

void link_casework(Scene& s) {
  s.store.db().write([&](store::Tx& tx) {
    // A case counts towards the projects its programmes name.
    for (const char* code : {"acces-aux-droits", "relogement", "empowerment-juridique",
                             "emploi-rural", "cinema", "podcast"})
      link_selected(s, tx, code, "case", "SELECT c.id FROM cases c WHERE c.programmes LIKE :tag",
                    {{"tag", std::string("%\"") + code + "\"%"}});
    // Housing applications open during the rehousing project.
    link_selected(s, tx, "relogement", "procedure",
                  "SELECT pc.id FROM procedures pc WHERE pc.kind = 'housing' AND pc.opened_on <= "
                  "'2025-12-31' AND (pc.closed_on IS NULL OR pc.closed_on >= '2024-01-01')");
    // Access to rights: legal consultations, anonymous outreach contacts, accompaniments of the
    // programme's cases, and the complaints filed with the lawyers.
    link_selected(s, tx, "acces-aux-droits", "encounter",
                  "SELECT e.id FROM encounters e WHERE e.type = 'legal_consultation' OR "
                  "(e.case_id IS NULL AND e.type = 'outreach_contact')");
    link_selected(s, tx, "acces-aux-droits", "encounter",
                  "SELECT e.id FROM encounters e JOIN cases c ON c.id = e.case_id WHERE "
                  "c.programmes LIKE :tag AND e.type IN ('orientation', 'accompaniment_police', "
                  "'accompaniment_court', 'accompaniment_prefecture')",
                  {{"tag", "%\"acces-aux-droits\"%"}});
    link_selected(s, tx, "acces-aux-droits", "procedure",
                  "SELECT pc.id FROM procedures pc WHERE pc.kind = 'criminal_proceedings'");
    link_selected(s, tx, "empowerment-juridique", "procedure",
                  "SELECT pc.id FROM procedures pc WHERE pc.kind = 'criminal_proceedings' AND "
                  "pc.opened_on <= '2024-12-31'");
    // Between Peers: the cases of minors (those under 18 at the end of 2025, or whose age is
    // disputed), their encounters and their child-protection procedures.
    const std::string minors =
        "SELECT c.id FROM cases c JOIN people p ON p.id = c.person_id WHERE p.birth_year >= 2008 "
        "OR p.age_disputed <> 0 OR p.minor_override <> 0";
    link_selected(s, tx, "entre-pairs", "case", minors);
    link_selected(s, tx, "entre-pairs", "encounter",
                  "SELECT e.id FROM encounters e WHERE e.happened_on <= '2025-12-31' AND "
                  "e.case_id IN (" + minors + ")");
    link_selected(s, tx, "entre-pairs", "procedure",
                  "SELECT pc.id FROM procedures pc WHERE pc.kind IN ('child_protection', "
                  "'ad_hoc_administrator', 'guardianship', 'age_assessment')");
    // The psychologist's individual meetings during "The power of the group".
    link_selected(s, tx, "sante-mentale", "encounter",
                  "SELECT e.id FROM encounters e WHERE e.type = 'psychological_session' AND "
                  "e.happened_on BETWEEN '2023-01-01' AND '2024-12-31'");
  });
}

}  // namespace

ProgrammeCounts generate_programmes(store::Store& store, std::uint64_t seed, const std::string& today) {
  ProgrammeCounts counts;
  // Its own stream: the casework of a seed stays what it was.
  DemoRandom r(seed * 6271 + 43);
  Scene s{store, r, today, counts};
  int people = 0;
  store.db().read([&](store::Tx& tx) {
    for (const ProjectSpec& spec : project_specs())
      if (store.projects().find_by_code(tx, spec.code)) counts.already_there = true;
    for (const DemoStaff& d : demo_staff())
      if (auto u = store.users().find_by_username(tx, d.username)) s.staff[d.role] = u->id;
    for (const auto& site : store.details().sites(tx)) s.site.emplace(site.kind, site.id);
    tx.sql << "SELECT count(*) FROM people", soci::into(people);
    // Clear columns only; in case-number order, so that a seed picks the same people.
    Someone p;
    int birth_year = 0, disputed = 0, member = 0;
    soci::indicator i_birth = soci::i_null;
    std::string number;
    soci::statement st =
        (tx.sql.prepare << "SELECT p.id, p.gender, p.nationalities, p.languages, p.birth_year, "
                           "p.age_disputed, p.member, c.number FROM people p JOIN cases c ON "
                           "c.person_id = p.id WHERE p.merged_into IS NULL AND p.anonymised_at IS "
                           "NULL AND p.restricted = 0 ORDER BY c.number",
         soci::into(p.id), soci::into(p.gender), soci::into(p.nationalities), soci::into(p.languages),
         soci::into(birth_year, i_birth), soci::into(disputed), soci::into(member), soci::into(number));
    st.execute();
    std::set<std::string> seen;
    while (st.fetch()) {
      if (!seen.insert(p.id).second) continue;
      Someone x = p;
      x.birth_year = i_birth == soci::i_ok ? std::optional<int>(birth_year) : std::nullopt;
      x.age_disputed = disputed != 0;
      x.member = member != 0;
      if (x.member) s.members.push_back(s.people.size());
      s.people.push_back(std::move(x));
    }
  });
  if (counts.already_there || !s.staff.count("social_worker") || !s.staff.count("coordinator"))
    return counts;
  s.has_earlier_case.assign(s.people.size(), false);
  store.db().write([&](store::Tx& tx) { create_projects(s, tx); });
  if (s.people.empty()) return counts;

  our_story(s);
  SeriesResult film_group = run_series(
      s, {.project = "cinema", .type = "workshop", .title = "Speak up for Freedom! — film group",
          .description = "Collective reflection, writing and shooting with the director (demo).",
          .themes = {"access to justice", "voice of victims"}, .sessions = 12,
          .members_min = 6, .members_max = 10, .facilitator = "coordinator",
          .session_themes = {"Access to justice", "The judicial treatment of Nigerian trafficking",
                             "The voice of victims in court and in society",
                             "The stigma of sexual exploitation", "Consent and ethics"}});
  // The director joins some of the film group's sessions.
  store.db().write([&](store::Tx& tx) {
    for (std::size_t i = 0; i < film_group.sessions.size(); i += 3) {
      auto x = store.activities().find_session(tx, film_group.sessions[i].first);
      if (!x) continue;
      x->guests = {{"Clément Sibony", "Film director", ""}};
      store.activities().update_session(tx, *x, x->version);
    }
  });
  run_series(s, {.project = "cinema", .type = "event", .title = "Speak up for Freedom! — screenings",
                 .themes = {"distribution"}, .audience = "public", .sessions = 4,
                 .from = "2024-10-05", .members_min = 3, .members_max = 6, .role = "peer_helper",
                 .organisation = "Public audience", .professions = {"other", "student"},
                 .outsiders_min = 30, .outsiders_max = 120, .facilitator = "coordinator"});
  trainings_and_events(s);
  SeriesResult true_talk;
  recurring_work(s, std::max(24, people / 5), true_talk);
  media(s, true_talk, film_group);
  call_for_contributions(s);
  earlier_cases(s, people);
  link_casework(s);
  return counts;
}

}  // namespace passerelle::io
