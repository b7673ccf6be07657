#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/permissions.h"
#include "core/procedures.h"

using namespace passerelle::core;

namespace {

// --- docs/procedures.md, written out again independently of src/core/procedures.cpp ---------
//
// transitions: "from>to", then any of " reason", " partner", " needs:a,b".
// fields:      "name:type", "name:type=choice|choice", a trailing "*" for secret.
// steps:       "kind=field;field;...".
struct ExpectedKind {
  std::string_view name;
  ProcedureArea area;
  bool minors_only;
  std::string_view initial;
  std::vector<std::string_view> statuses;
  std::vector<std::string_view> finals;
  std::vector<std::string_view> transitions;
  std::vector<std::string_view> fields;
  std::vector<std::string_view> steps;
};

const std::vector<ExpectedKind>& expected_kinds() {
  static const std::vector<ExpectedKind> kinds = {
      {"referral",
       ProcedureArea::referral,
       false,
       "draft",
       {"draft", "sent", "accepted", "completed", "declined", "failed", "withdrawn"},
       {"declined", "completed", "failed", "withdrawn"},
       {"draft>sent", "draft>withdrawn reason", "sent>accepted partner",
        "sent>declined reason partner", "sent>failed reason partner", "sent>withdrawn reason",
        "accepted>completed partner", "accepted>failed reason partner",
        "accepted>withdrawn reason"},
       {"received_on:date", "travel_on:date", "placement:text*", "contact_person:text*",
        "details:long_text*", "outcome:long_text*"},
       {}},
      {"criminal_proceedings",
       ProcedureArea::legal,
       false,
       "complaint_filed",
       {"complaint_filed", "investigation", "prosecution", "trial", "judgment", "appeal",
        "final_decision", "dismissed"},
       {"final_decision", "dismissed"},
       {"complaint_filed>investigation", "complaint_filed>prosecution",
        "complaint_filed>dismissed reason", "investigation>prosecution",
        "investigation>dismissed reason", "prosecution>trial", "prosecution>dismissed reason",
        "trial>judgment needs:verdict,verdict_on", "judgment>appeal needs:appeal_on",
        "judgment>final_decision needs:final_decision_on",
        "appeal>final_decision needs:final_decision_on"},
       {"complaint_on:date", "complaint_to:choice=police|gendarmerie|prosecutor",
        "police_unit:text*", "case_reference:text*", "civil_party:boolean",
        "civil_party_on:date", "court:text",
        "verdict:choice=conviction|partial_conviction|acquittal", "verdict_on:date",
        "appeal_on:date", "final_decision_on:date", "damages_awarded:amount"},
       {"hearing=court:text;purpose:choice=preliminary|trial|appeal|civil_interests|other;"
        "outcome:long_text*"}},
      {"compensation",
       ProcedureArea::legal,
       false,
       "preparing",
       {"preparing", "filed", "decided", "paid", "rejected", "abandoned"},
       {"paid", "rejected", "abandoned"},
       {"preparing>filed needs:body,filed_on", "preparing>abandoned reason",
        "filed>decided needs:decided_on,amount_awarded", "filed>rejected reason",
        "filed>abandoned reason", "decided>paid needs:paid_on"},
       {"body:choice=civi|sarvi|court|other", "offence_on:date", "final_decision_on:date",
        "filed_on:date", "amount_claimed:amount", "decided_on:date", "amount_awarded:amount",
        "paid_on:date", "reference:text*"},
       {"hearing=court:text;outcome:long_text*", "expert_assessment=outcome:long_text*"}},
      {"residence_permit",
       ProcedureArea::legal,
       false,
       "preparing",
       {"preparing", "submitted", "granted", "refused", "appeal", "ended"},
       {"ended"},
       {"preparing>submitted needs:permit_type,submitted_on", "preparing>ended reason",
        "submitted>granted needs:valid_until", "submitted>refused reason",
        "submitted>ended reason", "refused>appeal", "refused>ended reason",
        "appeal>granted needs:valid_until", "appeal>refused reason", "granted>ended reason"},
       {"permit_type:choice=aps|temporary_private_life|resident_card|refugee_card|other",
        "prefecture:text", "submitted_on:date", "receipt_until:date", "granted_on:date",
        "valid_from:date", "valid_until:date", "reference:text*"},
       {"renewal=submitted_on:date;valid_until:date", "receipt=receipt_until:date"}},
      {"asylum",
       ProcedureArea::legal,
       false,
       "preparing",
       {"preparing", "registered", "ofpra_pending", "ofpra_rejected", "cnda_pending",
        "ofpra_granted", "cnda_granted", "cnda_rejected", "closed"},
       {"ofpra_granted", "cnda_granted", "cnda_rejected", "closed"},
       {"preparing>registered needs:registered_on",
        "registered>ofpra_pending needs:ofpra_lodged_on",
        "ofpra_pending>ofpra_granted needs:protection,decision_on",
        "ofpra_pending>ofpra_rejected needs:notified_on",
        "ofpra_rejected>cnda_pending needs:cnda_lodged_on",
        "cnda_pending>cnda_granted needs:protection", "cnda_pending>cnda_rejected",
        // any non-final status → closed (reason)
        "preparing>closed reason", "registered>closed reason", "ofpra_pending>closed reason",
        "ofpra_rejected>closed reason", "cnda_pending>closed reason"},
       {"procedure_type:choice=normal|accelerated|dublin", "registered_on:date",
        "ofpra_lodged_on:date", "interview_on:date", "decision_on:date", "notified_on:date",
        "cnda_lodged_on:date", "cnda_hearing_on:date", "cnda_decision_on:date",
        "protection:choice=refugee|subsidiary", "reference:text*"},
       {}},
      {"exit_programme",
       ProcedureArea::general,
       false,
       "preparing",
       {"preparing", "submitted", "commission_scheduled", "opinion_given", "authorised",
        "in_programme", "refused", "ended"},
       {"refused", "ended"},
       {"preparing>submitted "
        "needs:doc_request_form,doc_proof_of_situation,doc_sworn_statement,doc_id_copy,"
        "submitted_on",
        "preparing>ended reason", "submitted>commission_scheduled needs:commission_on",
        "commission_scheduled>opinion_given needs:opinion",
        "opinion_given>authorised needs:decision_on", "opinion_given>refused reason",
        "authorised>in_programme needs:start_on", "in_programme>ended needs:ended_on"},
       {"doc_request_form:choice=present|missing", "doc_proof_of_situation:choice=present|missing",
        "doc_sworn_statement:choice=present|missing", "doc_id_copy:choice=present|missing",
        "submitted_on:date", "commission_on:date", "opinion:choice=favourable|unfavourable",
        "decision_on:date", "start_on:date", "allowance_until:date", "permit_until:date",
        "ended_on:date"},
       {"renewal=decided_on:date"}},
      {"housing",
       ProcedureArea::general,
       false,
       "preparing",
       {"preparing", "applied", "offered", "housed", "refused", "withdrawn", "ended"},
       {"refused", "withdrawn", "ended"},
       {"preparing>applied needs:mechanism,applied_on", "applied>offered",
        "applied>housed needs:housed_on", "applied>refused reason",
        "offered>housed needs:housed_on", "offered>refused reason", "housed>ended reason",
        // any non-final status → withdrawn (reason)
        "preparing>withdrawn reason", "applied>withdrawn reason", "offered>withdrawn reason",
        "housed>withdrawn reason"},
       {"mechanism:choice=emergency_115|siao|dalo|rental_intermediation|acse_placement|"
        "social_housing|other",
        "household_size:integer", "applied_on:date", "offered_on:date", "housed_on:date",
        "housing_type:choice=emergency_shelter|hotel|hostel|shared_flat|intermediated_rental|"
        "social_housing|private_rental",
        "tenancy_6m:choice=held|lost", "tenancy_12m:choice=held|lost", "reference:text*"},
       {}},
      {"child_protection",
       ProcedureArea::general,
       true,
       "reported",
       {"reported", "assessment", "judge_seized", "measure_ordered", "closed"},
       {"closed"},
       {"reported>assessment", "reported>judge_seized", "reported>closed reason",
        "assessment>judge_seized", "assessment>closed reason",
        "judge_seized>measure_ordered needs:measure", "judge_seized>closed reason",
        "measure_ordered>closed reason"},
       {"report_type:choice=information_preoccupante|signalement", "reported_on:date",
        "reported_to:choice=crip|prosecutor|juvenile_judge", "follow_up_on:date",
        "measure:choice=placement|educational_assistance|other", "measure_on:date",
        "details:long_text*"},
       {}},
      {"ad_hoc_administrator",
       ProcedureArea::general,
       true,
       "requested",
       {"requested", "appointed", "ended"},
       {"ended"},
       {"requested>appointed needs:appointed_by,appointed_on", "requested>ended reason",
        "appointed>ended needs:ended_on"},
       {"held_by_association:boolean", "administrator_name:text*",
        "appointed_by:choice=prosecutor|juvenile_judge|investigating_judge|court", "court:text",
        "appointed_on:date", "ended_on:date", "lawyer_name:text*"},
       {}},
      {"guardianship",
       ProcedureArea::general,
       true,
       "requested",
       {"requested", "opened", "ended"},
       {"ended"},
       {"requested>opened needs:guardian,opened_on", "requested>ended reason",
        "opened>ended needs:ended_on"},
       {"guardian:choice=ase|family_member|association|other", "guardian_name:text*",
        "court:text", "opened_on:date", "review_on:date", "ended_on:date"},
       {}},
      {"age_assessment",
       ProcedureArea::general,
       true,
       "requested",
       {"requested", "in_progress", "concluded_adult", "contested", "concluded_minor", "closed"},
       {"concluded_minor", "closed"},
       {"requested>in_progress", "in_progress>concluded_minor needs:concluded_on",
        "in_progress>concluded_adult needs:concluded_on",
        "concluded_adult>contested needs:contested_on", "concluded_adult>closed reason",
        "contested>concluded_minor", "contested>closed reason"},
       {"requested_on:date", "concluded_on:date", "contested_on:date",
        "assessed_by:choice=department|mandated_association|other", "bone_test:boolean"},
       {}},
  };
  return kinds;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(sep, start);
    parts.emplace_back(s.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

struct ExpectedTransition {
  bool reason = false, partner = false;
  std::vector<std::string> needs;
};

std::map<std::pair<std::string, std::string>, ExpectedTransition> expected_transitions(
    const ExpectedKind& k) {
  std::map<std::pair<std::string, std::string>, ExpectedTransition> out;
  for (std::string_view line : k.transitions) {
    auto words = split(line, ' ');
    auto ends = split(words[0], '>');
    ExpectedTransition t;
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (words[i] == "reason") t.reason = true;
      else if (words[i] == "partner") t.partner = true;
      else if (words[i].starts_with("needs:")) t.needs = split(words[i].substr(6), ',');
      else ADD_FAILURE() << "bad expectation " << line;
    }
    out[{ends[0], ends[1]}] = t;
  }
  return out;
}

std::string describe(const FieldSpec& f) {
  std::string s = std::string(f.name) + ":" + std::string(to_string(f.type));
  for (std::size_t i = 0; i < f.choices.size(); ++i)
    s += (i == 0 ? "=" : "|") + std::string(f.choices[i]);
  if (f.sensitive) s += "*";
  return s;
}

std::vector<std::string> describe(const std::vector<FieldSpec>& fields) {
  std::vector<std::string> out;
  for (const FieldSpec& f : fields) out.push_back(describe(f));
  return out;
}

std::string describe(const StepSpec& s) {
  std::string out = std::string(s.kind) + "=";
  for (std::size_t i = 0; i < s.fields.size(); ++i)
    out += (i == 0 ? "" : ";") + describe(s.fields[i]);
  return out;
}

std::vector<std::string> strings(const std::vector<std::string_view>& v) {
  return {v.begin(), v.end()};
}

const ProcedureKind& kind(std::string_view name) {
  const ProcedureKind* k = find_procedure_kind(name);
  if (!k) throw std::runtime_error("no kind " + std::string(name));
  return *k;
}

// A valid value for a field, as the API would pass it.
std::string valid_value(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::date: return "2025-01-10";
    case FieldType::amount: return "150000";
    case FieldType::integer: return "3";
    case FieldType::boolean: return "true";
    case FieldType::choice: return std::string(f.choices.front());
    case FieldType::user:
    case FieldType::partner: return "0190a0b0-0000-7000-8000-000000000000";
    default: return "some text";
  }
}

// Every field of the kind set to a valid value.
Fields every_field_set(const ProcedureKind& k) {
  Fields f;
  for (const FieldSpec& spec : k.fields) f[std::string(spec.name)] = valid_value(spec);
  return f;
}

std::optional<Deadline> find_deadline(const std::vector<Deadline>& all, std::string_view kind) {
  for (const Deadline& d : all)
    if (d.kind == kind) return d;
  return std::nullopt;
}

std::vector<std::string> deadline_kinds(const std::vector<Deadline>& all) {
  std::vector<std::string> out;
  for (const Deadline& d : all) out.push_back(d.kind);
  return out;
}

long days(std::string_view from, std::string_view to) {
  return dates::days_between(dates::parse(from).value(), dates::parse(to).value());
}

Step step(std::string id, std::string kind, std::string on, Fields fields = {}) {
  Step s;
  s.id = std::move(id);
  s.kind = std::move(kind);
  s.happened_on = std::move(on);
  s.fields = std::move(fields);
  return s;
}

std::vector<Step> renewals(int n) {
  std::vector<Step> steps = {step("t1", "transition", "2025-08-31")};
  for (int i = 0; i < n; ++i)
    steps.push_back(step("r" + std::to_string(i), "renewal", "2026-01-01",
                         {{"decided_on", "2026-01-01"}}));
  return steps;
}

}  // namespace

// --- The kinds as data ----------------------------------------------------------------------

TEST(ProcedureKinds, AreTheElevenOfTheDocsInDisplayOrder) {
  std::vector<std::string> names, expected;
  for (const ProcedureKind& k : procedure_kinds()) names.emplace_back(k.name);
  for (const ExpectedKind& k : expected_kinds()) expected.emplace_back(k.name);
  EXPECT_EQ(names, expected);
  EXPECT_EQ(find_procedure_kind("nothing"), nullptr);
  EXPECT_EQ(find_procedure_kind("asylum")->name, "asylum");
}

TEST(ProcedureKinds, DeclareTheStatusesAreasAndFieldsOfTheDocs) {
  for (const ExpectedKind& e : expected_kinds()) {
    SCOPED_TRACE(e.name);
    const ProcedureKind& k = kind(e.name);
    EXPECT_EQ(k.area, e.area);
    EXPECT_EQ(k.minors_only, e.minors_only);
    EXPECT_EQ(k.initial, e.initial);
    EXPECT_EQ(strings(k.statuses), strings(e.statuses));
    EXPECT_EQ(std::set<std::string_view>(k.final_statuses.begin(), k.final_statuses.end()),
              std::set<std::string_view>(e.finals.begin(), e.finals.end()));
    EXPECT_EQ(describe(k.fields), strings(e.fields));
    std::vector<std::string> steps;
    for (const StepSpec& s : k.steps) steps.push_back(describe(s));
    EXPECT_EQ(steps, strings(e.steps));
  }
}

TEST(ProcedureKinds, DeclareExactlyTheTransitionsOfTheDocs) {
  for (const ExpectedKind& e : expected_kinds()) {
    SCOPED_TRACE(e.name);
    const ProcedureKind& k = kind(e.name);
    auto expected = expected_transitions(e);
    EXPECT_EQ(k.transitions.size(), expected.size());
    for (const TransitionSpec& t : k.transitions) {
      auto it = expected.find({std::string(t.from), std::string(t.to)});
      ASSERT_NE(it, expected.end()) << t.from << " > " << t.to;
      EXPECT_TRUE(t.by_staff) << t.from << " > " << t.to;
      EXPECT_EQ(t.by_partner, it->second.partner) << t.from << " > " << t.to;
      EXPECT_EQ(t.reason_required, it->second.reason) << t.from << " > " << t.to;
      EXPECT_EQ(strings(t.required_fields), it->second.needs) << t.from << " > " << t.to;
    }
  }
}

TEST(ProcedureKinds, AreConsistent) {
  for (const ProcedureKind& k : procedure_kinds()) {
    SCOPED_TRACE(k.name);
    auto has_status = [&](std::string_view s) {
      return std::find(k.statuses.begin(), k.statuses.end(), s) != k.statuses.end();
    };
    EXPECT_TRUE(has_status(k.initial));
    EXPECT_FALSE(is_final_status(k, k.initial));
    for (auto s : k.final_statuses) EXPECT_TRUE(has_status(s)) << s;
    std::set<std::string_view> names;
    for (const FieldSpec& f : k.fields) {
      EXPECT_TRUE(names.insert(f.name).second) << "twice: " << f.name;
      EXPECT_EQ(f.type == FieldType::choice, !f.choices.empty()) << f.name;
    }
    for (const TransitionSpec& t : k.transitions) {
      EXPECT_TRUE(has_status(t.from) && has_status(t.to)) << t.from << " > " << t.to;
      EXPECT_FALSE(is_final_status(k, t.from)) << t.from;
      for (auto f : t.required_fields) EXPECT_TRUE(names.count(f)) << "undeclared " << f;
    }
    // Every status is reachable from the initial one, and every open status has a way out.
    std::set<std::string_view> reached = {k.initial};
    for (bool grew = true; grew;) {
      grew = false;
      for (const TransitionSpec& t : k.transitions)
        if (reached.count(t.from) && reached.insert(t.to).second) grew = true;
    }
    for (auto s : k.statuses) {
      EXPECT_TRUE(reached.count(s)) << "unreachable " << s;
      if (!is_final_status(k, s)) {
        EXPECT_FALSE(allowed_transitions(k, s, Actor::staff).empty()) << "stuck in " << s;
      }
    }
  }
}

TEST(ProcedureKinds, AreaDecidesThePermission) {
  EXPECT_EQ(area_permission(kind("referral").area), perm::referrals_work);
  EXPECT_EQ(area_permission(kind("criminal_proceedings").area), perm::procedures_legal);
  EXPECT_EQ(area_permission(kind("asylum").area), perm::procedures_legal);
  EXPECT_EQ(area_permission(kind("housing").area), perm::cases_work);
  EXPECT_EQ(to_string(ProcedureArea::referral), "referral");
  EXPECT_EQ(to_string(ProcedureArea::legal), "legal");
  EXPECT_EQ(to_string(ProcedureArea::general), "general");
}

// --- Transitions ----------------------------------------------------------------------------

// For every kind and every (from, to) pair of its statuses, the answer is the one the docs'
// transition list gives: each listed transition is allowed (to its actors, with its reason and
// fields), every other one is refused.
TEST(ProcedureTransitions, EveryPairOfStatusesAnswersAsTheDocsSay) {
  for (const ExpectedKind& e : expected_kinds()) {
    const ProcedureKind& k = kind(e.name);
    const Fields all = every_field_set(k);
    ASSERT_TRUE(validate_fields(k, all).empty()) << e.name;
    auto expected = expected_transitions(e);
    for (std::string_view from : e.statuses) {
      std::vector<std::string_view> staff_can, partner_can;
      for (std::string_view to : e.statuses) {
        SCOPED_TRACE(std::string(e.name) + ": " + std::string(from) + " > " + std::string(to));
        auto it = expected.find({std::string(from), std::string(to)});
        auto staff = check_transition(k, from, to, Actor::staff, "a reason", all);
        auto partner = check_transition(k, from, to, Actor::partner, "a reason", all);
        if (it == expected.end()) {
          EXPECT_EQ(staff, "transition.not_allowed");
          EXPECT_EQ(partner, "transition.not_allowed");
          EXPECT_TRUE(missing_fields(k, from, to, {}).empty());
          continue;
        }
        const ExpectedTransition& t = it->second;
        staff_can.push_back(to);
        EXPECT_EQ(staff, std::nullopt);
        if (t.partner) {
          partner_can.push_back(to);
          EXPECT_EQ(partner, std::nullopt);
        } else {
          EXPECT_EQ(partner, "transition.not_yours");
        }
        // Without a reason.
        EXPECT_EQ(check_transition(k, from, to, Actor::staff, "  ", all),
                  t.reason ? std::optional<std::string>("transition.reason_required")
                           : std::nullopt);
        // Without the fields it needs, and without each one of them.
        EXPECT_EQ(missing_fields(k, from, to, {}), t.needs);
        EXPECT_TRUE(missing_fields(k, from, to, all).empty());
        EXPECT_EQ(check_transition(k, from, to, Actor::staff, "a reason", {}),
                  t.needs.empty() ? std::nullopt
                                  : std::optional<std::string>("transition.field_required"));
        for (const std::string& need : t.needs) {
          Fields without = all;
          without.erase(need);
          EXPECT_EQ(check_transition(k, from, to, Actor::staff, "a reason", without),
                    "transition.field_required")
              << need;
          without[need] = " ";  // blank is not set
          EXPECT_EQ(missing_fields(k, from, to, without), std::vector<std::string>{need});
        }
      }
      EXPECT_EQ(allowed_transitions(k, from, Actor::staff), staff_can) << e.name << " " << from;
      EXPECT_EQ(allowed_transitions(k, from, Actor::partner), partner_can)
          << e.name << " " << from;
    }
  }
}

TEST(ProcedureTransitions, UnknownStatusesAreRefused) {
  const ProcedureKind& k = kind("referral");
  EXPECT_EQ(check_transition(k, "draft", "lost", Actor::staff, "r", {}),
            "transition.unknown_status");
  EXPECT_EQ(check_transition(k, "draft", "", Actor::staff, "r", {}), "transition.unknown_status");
  EXPECT_EQ(check_transition(k, "lost", "sent", Actor::staff, "r", {}), "transition.not_allowed");
  EXPECT_TRUE(allowed_transitions(k, "lost", Actor::staff).empty());
  // A status of another kind is not one of this kind.
  EXPECT_EQ(check_transition(k, "draft", "investigation", Actor::staff, "r", {}),
            "transition.unknown_status");
}

TEST(ProcedureTransitions, FinalStatusesAreFrozen) {
  for (const ProcedureKind& k : procedure_kinds()) {
    const Fields all = every_field_set(k);
    for (std::string_view final_status : k.final_statuses) {
      SCOPED_TRACE(std::string(k.name) + " " + std::string(final_status));
      EXPECT_TRUE(allowed_transitions(k, final_status, Actor::staff).empty());
      EXPECT_TRUE(allowed_transitions(k, final_status, Actor::partner).empty());
      for (std::string_view to : k.statuses)
        EXPECT_EQ(check_transition(k, final_status, to, Actor::staff, "a reason", all),
                  "transition.not_allowed");
      for (const StepSpec& s : k.steps)
        EXPECT_EQ(check_step(k, final_status, s.kind, {}), "step.not_allowed");
      EXPECT_TRUE(deadlines_of(k, final_status, all, {}, "2030-01-01", "2025-01-01").empty());
    }
  }
}

TEST(ProcedureTransitions, PartnerAnswersAReferralButNeverSendsOrWithdrawsIt) {
  const ProcedureKind& k = kind("referral");
  EXPECT_EQ(check_transition(k, "draft", "sent", Actor::partner, "", {}), "transition.not_yours");
  EXPECT_EQ(check_transition(k, "sent", "withdrawn", Actor::partner, "no", {}),
            "transition.not_yours");
  EXPECT_EQ(check_transition(k, "sent", "accepted", Actor::partner, "", {}), std::nullopt);
  EXPECT_EQ(check_transition(k, "sent", "declined", Actor::partner, "", {}),
            "transition.reason_required");
  EXPECT_EQ(check_transition(k, "sent", "declined", Actor::partner, "no place", {}), std::nullopt);
  EXPECT_EQ(allowed_transitions(k, "sent", Actor::partner),
            (std::vector<std::string_view>{"accepted", "declined", "failed"}));
  // Partners have no part in any other kind.
  for (const ProcedureKind& other : procedure_kinds()) {
    if (other.name == "referral") continue;
    for (const TransitionSpec& t : other.transitions) EXPECT_FALSE(t.by_partner) << other.name;
  }
}

TEST(ProcedureTransitions, TheExitProgrammeFileNeedsItsFourDocumentsPresent) {
  const ProcedureKind& k = kind("exit_programme");
  Fields file = {{"doc_request_form", "present"},
                 {"doc_proof_of_situation", "present"},
                 {"doc_sworn_statement", "present"},
                 {"doc_id_copy", "present"},
                 {"submitted_on", "2025-03-01"}};
  EXPECT_EQ(check_transition(k, "preparing", "submitted", Actor::staff, "", file), std::nullopt);
  file["doc_sworn_statement"] = "missing";
  EXPECT_EQ(check_transition(k, "preparing", "submitted", Actor::staff, "", file),
            "transition.field_required");
  EXPECT_EQ(missing_fields(k, "preparing", "submitted", file),
            std::vector<std::string>{"doc_sworn_statement"});
}

TEST(ProcedureTransitions, ChecksInOrderStatusThenActorThenReasonThenFields) {
  const ProcedureKind& k = kind("referral");
  // Partner, no reason: the actor is refused first.
  EXPECT_EQ(check_transition(k, "accepted", "withdrawn", Actor::partner, "", {}),
            "transition.not_yours");
  const ProcedureKind& permit = kind("residence_permit");
  // Neither reason nor field is needed for refused → appeal.
  EXPECT_EQ(check_transition(permit, "refused", "appeal", Actor::staff, "", {}), std::nullopt);
  EXPECT_EQ(check_transition(permit, "submitted", "granted", Actor::staff, "", {}),
            "transition.field_required");
  EXPECT_EQ(check_transition(permit, "submitted", "granted", Actor::staff, "",
                             {{"valid_until", "2026-03-31"}}),
            std::nullopt);
}

// --- Fields ---------------------------------------------------------------------------------

TEST(ProcedureFields, AcceptValidValuesAndEmptyOnesThatClear) {
  for (const ProcedureKind& k : procedure_kinds()) {
    EXPECT_TRUE(validate_fields(k, every_field_set(k)).empty()) << k.name;
    Fields cleared;
    for (const FieldSpec& f : k.fields) cleared[std::string(f.name)] = "";
    EXPECT_TRUE(validate_fields(k, cleared).empty()) << k.name;
  }
}

TEST(ProcedureFields, RefuseBadValuesWithTheirMessageKeys) {
  const ProcedureKind& compensation = kind("compensation");
  auto errors = validate_fields(compensation, {{"offence_on", "2025-02-30"},
                                               {"filed_on", "31/01/2025"},
                                               {"body", "tribunal"},
                                               {"amount_claimed", "12.50"},
                                               {"amount_awarded", "-5"},
                                               {"paid_on", "2025-01-31"},
                                               {"nickname", "x"}});
  std::map<std::string, std::string> by_field;
  for (const FieldError& e : errors) by_field[e.field] = e.code;
  EXPECT_EQ(by_field, (std::map<std::string, std::string>{
                          {"fields.offence_on", "date.format"},
                          {"fields.filed_on", "date.format"},
                          {"fields.body", "field.invalid"},
                          {"fields.amount_claimed", "field.invalid"},
                          {"fields.amount_awarded", "field.invalid"},
                          {"fields.nickname", "field.unknown"},
                      }));
}

TEST(ProcedureFields, CheckIntegersBooleansAndAmounts) {
  const ProcedureKind& housing = kind("housing");
  EXPECT_TRUE(validate_fields(housing, {{"household_size", "4"}}).empty());
  for (std::string bad : {"four", "-1", "2.5", " 4", "1e3"}) {
    auto errors = validate_fields(housing, {{"household_size", bad}});
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].field, "fields.household_size");
    EXPECT_EQ(errors[0].code, "field.invalid");
  }
  const ProcedureKind& criminal = kind("criminal_proceedings");
  EXPECT_TRUE(
      validate_fields(criminal, {{"civil_party", "false"}, {"damages_awarded", "0"}}).empty());
  EXPECT_EQ(validate_fields(criminal, {{"civil_party", "yes"}}).at(0).code, "field.invalid");
  EXPECT_EQ(validate_fields(criminal, {{"damages_awarded", "1234567890123456"}}).at(0).code,
            "field.invalid");
  EXPECT_EQ(validate_fields(criminal, {{"verdict", "Conviction"}}).at(0).code, "field.invalid");
}

TEST(ProcedureFields, LimitTextLengthInCharacters) {
  const ProcedureKind& criminal = kind("criminal_proceedings");
  EXPECT_TRUE(validate_fields(criminal, {{"court", std::string(300, 'a')}}).empty());
  std::string accented;
  for (int i = 0; i < 300; ++i) accented += "é";  // 600 bytes, 300 characters
  EXPECT_TRUE(validate_fields(criminal, {{"court", accented}}).empty());
  auto errors = validate_fields(criminal, {{"court", std::string(301, 'a')}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "fields.court");
  EXPECT_EQ(errors[0].code, "field.too_long");
  const ProcedureKind& referral = kind("referral");
  EXPECT_TRUE(validate_fields(referral, {{"details", std::string(5000, 'a')}}).empty());
  EXPECT_EQ(validate_fields(referral, {{"details", std::string(5001, 'a')}}).at(0).code,
            "field.too_long");
}

TEST(ProcedureFields, UnknownNamesAreEchoedOnlyInPart) {
  auto errors = validate_fields(kind("asylum"), {{std::string(500, 'x'), "1"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "fields." + std::string(64, 'x'));
  EXPECT_EQ(errors[0].code, "field.unknown");
}

TEST(ProcedureSteps, FieldsAreCheckedAgainstTheStepKind) {
  const ProcedureKind& criminal = kind("criminal_proceedings");
  EXPECT_TRUE(validate_step(criminal, "hearing", {{"court", "TJ Paris"}, {"purpose", "trial"}})
                  .empty());
  auto errors = validate_step(criminal, "hearing", {{"purpose", "party"}, {"valid_until", "x"}});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "fields.purpose");
  EXPECT_EQ(errors[0].code, "field.invalid");
  EXPECT_EQ(errors[1].field, "fields.valid_until");
  EXPECT_EQ(errors[1].code, "field.unknown");
  auto unknown = validate_step(criminal, "renewal", {});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].field, "kind");
  EXPECT_EQ(unknown[0].code, "step.unknown");
  EXPECT_EQ(validate_step(kind("residence_permit"), "renewal", {{"valid_until", "2027-02-30"}})
                .at(0)
                .code,
            "date.format");
}

TEST(ProcedureSteps, ExitProgrammeRenewalsOnlyInProgrammeAndThreeAtMost) {
  const ProcedureKind& k = kind("exit_programme");
  for (int held = 0; held < 3; ++held)
    EXPECT_EQ(check_step(k, "in_programme", "renewal", renewals(held)), std::nullopt) << held;
  EXPECT_EQ(check_step(k, "in_programme", "renewal", renewals(3)), "step.limit_reached");
  for (std::string_view status : {"preparing", "submitted", "commission_scheduled",
                                  "opinion_given", "authorised"})
    EXPECT_EQ(check_step(k, status, "renewal", {}), "step.not_allowed") << status;
  EXPECT_EQ(check_step(k, "ended", "renewal", {}), "step.not_allowed");
  EXPECT_EQ(check_step(k, "in_programme", "hearing", {}), "step.unknown");
}

TEST(ProcedureSteps, OtherStepsAnyTimeBeforeTheEnd) {
  const ProcedureKind& criminal = kind("criminal_proceedings");
  std::vector<Step> many;
  for (int i = 0; i < 10; ++i)
    many.push_back(step("h" + std::to_string(i), "hearing", "2025-01-01"));
  for (std::string_view status : {"complaint_filed", "investigation", "trial", "appeal"})
    EXPECT_EQ(check_step(criminal, status, "hearing", many), std::nullopt) << status;
  EXPECT_EQ(check_step(criminal, "dismissed", "hearing", {}), "step.not_allowed");
  EXPECT_EQ(check_step(kind("residence_permit"), "granted", "renewal", {}), std::nullopt);
  EXPECT_EQ(check_step(kind("residence_permit"), "submitted", "receipt", {}), std::nullopt);
  EXPECT_EQ(check_step(kind("compensation"), "filed", "expert_assessment", {}), std::nullopt);
  EXPECT_EQ(check_step(kind("referral"), "sent", "hearing", {}), "step.unknown");
  EXPECT_EQ(check_step(criminal, "trial", "transition", {}), "step.unknown");
}

// --- Vocabularies ---------------------------------------------------------------------------

TEST(ProcedureVocabularies, MatchTheDocs) {
  for (auto r : {"AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other",
                 "safe_relocation", "shelter", "housing", "health", "mental_health",
                 "legal_support", "asylum", "exit_programme", "child_protection",
                 "voluntary_return", "employment_training", "language", "family_tracing"})
    EXPECT_TRUE(is_referral_reason(r)) << r;
  EXPECT_FALSE(is_referral_reason("other"));
  EXPECT_FALSE(is_referral_reason(""));

  EXPECT_EQ(strings(packet_items()),
            (std::vector<std::string>{"given_name", "family_name", "aliases", "birth_year",
                                      "gender", "nationalities", "languages", "phone",
                                      "documents", "needs", "exploitation_types", "children",
                                      "situation"}));
  EXPECT_TRUE(is_packet_item("situation"));
  EXPECT_FALSE(is_packet_item("address"));
  EXPECT_FALSE(is_packet_item("summary"));

  for (auto p : {"NGO", "LawEnforcement", "HealthServiceOrganisation",
                 "CentralGovernmentOrganisation", "LocalGovernmentOrganisation",
                 "ImmigrationService", "LegalService", "CorporateBusiness", "SchoolOrCollege"})
    EXPECT_TRUE(is_partner_kind(p)) << p;
  EXPECT_FALSE(is_partner_kind("ngo"));

  for (auto s : {"shelter", "emergency_housing", "housing", "health", "mental_health",
                 "legal_advice", "legal_representation", "asylum_support",
                 "administrative_support", "exit_programme", "child_protection",
                 "safe_relocation", "compensation", "language_classes", "training", "employment",
                 "voluntary_return", "interpreting", "outreach", "peer_support"})
    EXPECT_TRUE(is_partner_service(s)) << s;
  EXPECT_FALSE(is_partner_service("legal_support"));

  for (auto m : {"acse", "psp_commission", "civi", "siao_115", "ase", "juvenile_judge", "ofpra",
                 "cnda", "pad", "volunteer_lawyers"})
    EXPECT_TRUE(is_mechanism(m)) << m;
  EXPECT_FALSE(is_mechanism("115"));
}

// --- The consent rule -----------------------------------------------------------------------

namespace {

Consent sharing(std::string partner_id, std::string status, std::string given_on,
                std::vector<std::string> items = {"given_name", "needs", "situation"},
                std::string created_at = "") {
  Consent c;
  c.id = partner_id + status + given_on;
  c.person_id = "p1";
  c.purpose = "sharing";
  c.partner_id = std::move(partner_id);
  c.status = std::move(status);
  c.given_on = given_on;
  c.created_at = created_at.empty() ? given_on + "T10:00:00Z" : created_at;
  c.data_items = std::move(items);
  return c;
}

const std::vector<std::string> kPacket = {"given_name", "needs"};

}  // namespace

TEST(ProcedureConsent, NeverGivenBlocksTheSend) {
  EXPECT_EQ(referral_send_refusal({}, "acse", kPacket), "consent.sharing_missing");
  EXPECT_FALSE(packet_visible({}, "acse"));
}

TEST(ProcedureConsent, GivenForThePartnerAllowsTheSend) {
  std::vector<Consent> history = {sharing("acse", "given", "2025-01-10")};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), std::nullopt);
  EXPECT_EQ(referral_send_refusal(history, "acse", {}), std::nullopt);
  EXPECT_TRUE(packet_visible(history, "acse"));
}

TEST(ProcedureConsent, AWithdrawalBlocksSendsAndHidesThePacket) {
  std::vector<Consent> history = {sharing("acse", "given", "2025-01-10"),
                                  sharing("acse", "withdrawn", "2025-02-01", {})};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.sharing_missing");
  EXPECT_FALSE(packet_visible(history, "acse"));
  // The order of the records does not matter, their dates do.
  std::reverse(history.begin(), history.end());
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.sharing_missing");
}

TEST(ProcedureConsent, GivenAgainAfterAWithdrawalCountsAgain) {
  std::vector<Consent> history = {sharing("acse", "given", "2025-01-10"),
                                  sharing("acse", "withdrawn", "2025-02-01", {}),
                                  sharing("acse", "given", "2025-03-01")};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), std::nullopt);
  EXPECT_TRUE(packet_visible(history, "acse"));
}

TEST(ProcedureConsent, OnTheSameDayTheLaterRecordDecides) {
  std::vector<Consent> history = {
      sharing("acse", "withdrawn", "2025-02-01", {}, "2025-02-01T16:00:00Z"),
      sharing("acse", "given", "2025-02-01", {"given_name", "needs"}, "2025-02-01T09:00:00Z")};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.sharing_missing");
  // Its items too: narrowed in the afternoon, whatever order the records come in.
  history = {sharing("acse", "given", "2025-02-01", {"given_name"}, "2025-02-01T16:00:00Z"),
             sharing("acse", "given", "2025-02-01", kPacket, "2025-02-01T09:00:00Z")};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.items_not_covered");
  std::reverse(history.begin(), history.end());
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.items_not_covered");
}

TEST(ProcedureConsent, ThePacketMustHoldOnlyItemsTheConsentCovers) {
  std::vector<Consent> history = {sharing("acse", "given", "2025-01-10", {"given_name"})};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.items_not_covered");
  EXPECT_EQ(referral_send_refusal(history, "acse", {"given_name"}), std::nullopt);
  // The latest consent decides the items too, even when an older one covered more.
  history = {sharing("acse", "given", "2025-01-10", {"given_name", "needs", "phone"}),
             sharing("acse", "given", "2025-04-10", {"given_name"})};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.items_not_covered");
  EXPECT_TRUE(packet_visible(history, "acse"));
}

TEST(ProcedureConsent, AConsentForAnotherPartnerDoesNotCount) {
  std::vector<Consent> history = {sharing("other-ngo", "given", "2025-01-10")};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), "consent.sharing_missing");
  EXPECT_FALSE(packet_visible(history, "acse"));
  // Nor does a withdrawal for another partner block this one.
  history = {sharing("acse", "given", "2025-01-10"),
             sharing("other-ngo", "withdrawn", "2025-05-01", {})};
  EXPECT_EQ(referral_send_refusal(history, "acse", kPacket), std::nullopt);
  // Nor a consent for another purpose.
  Consent research = sharing("acse", "given", "2025-06-01");
  research.purpose = "research";
  EXPECT_EQ(referral_send_refusal({research}, "acse", kPacket), "consent.sharing_missing");
  // Nor, without a partner, a consent that names none.
  Consent unnamed = sharing("", "given", "2025-06-01");
  unnamed.partner_id.reset();
  EXPECT_EQ(referral_send_refusal({unnamed}, "", kPacket), "consent.sharing_missing");
  EXPECT_FALSE(packet_visible({unnamed}, ""));
}

TEST(ProcedureConsent, OlderRecordsNamingThePartnerByNameCount) {
  Consent by_name = sharing("", "given", "2024-11-02");
  by_name.partner_id.reset();
  by_name.partner_name = "acse";
  EXPECT_EQ(referral_send_refusal({by_name}, "acse", kPacket), std::nullopt);
}

TEST(ProcedureConsent, AgreesWithConsentInForce) {
  std::vector<std::vector<Consent>> histories = {
      {},
      {sharing("acse", "given", "2025-01-10")},
      {sharing("acse", "given", "2025-01-10"), sharing("acse", "withdrawn", "2025-02-01", {})},
      {sharing("acse", "withdrawn", "2025-02-01", {}), sharing("acse", "given", "2025-03-01")},
      {sharing("x", "given", "2025-01-10"), sharing("acse", "withdrawn", "2024-02-01", {})},
  };
  for (const auto& h : histories) {
    const bool in_force = consent_in_force(h, "sharing", "acse");
    EXPECT_EQ(packet_visible(h, "acse"), in_force);
    EXPECT_EQ(referral_send_refusal(h, "acse", {}) == std::nullopt, in_force);
  }
}

// --- Deadlines ------------------------------------------------------------------------------

TEST(ProcedureDeadlines, NextStepFromDueOn) {
  auto all = deadlines_of(kind("referral"), "sent", {}, {}, "2025-03-01", "2025-01-01");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, "next_step");
  EXPECT_EQ(all[0].due_on, "2025-03-01");
  EXPECT_EQ(all[0].remind_on, "2025-02-27");
  EXPECT_EQ(all[0].ref, "");
  EXPECT_TRUE(deadlines_of(kind("referral"), "sent", {}, {}, std::nullopt, "2025-01-01").empty());
  EXPECT_TRUE(deadlines_of(kind("referral"), "sent", {}, {}, "not-a-date", "2025-01-01").empty());
}

TEST(ProcedureDeadlines, NoneOnAFinalStatus) {
  for (const ProcedureKind& k : procedure_kinds()) {
    const Fields all = every_field_set(k);
    EXPECT_FALSE(deadlines_of(k, k.initial, all, {}, "2025-06-01", "2025-01-01").empty())
        << k.name;
    for (auto final_status : k.final_statuses)
      EXPECT_TRUE(deadlines_of(k, final_status, all, {}, "2025-06-01", "2025-01-01").empty())
          << k.name << " " << final_status;
  }
}

TEST(ProcedureDeadlines, CiviThreeYearsFromTheOffenceOrOneFromTheFinalDecision) {
  EXPECT_EQ(civi_deadline("2024-02-29", std::nullopt), "2027-02-28");
  EXPECT_EQ(civi_deadline("2022-05-10", std::nullopt), "2025-05-10");
  // A final decision later than two years after the offence moves the limit.
  EXPECT_EQ(civi_deadline("2024-02-29", "2027-06-30"), "2028-06-30");
  // An earlier one does not shorten it.
  EXPECT_EQ(civi_deadline("2024-02-29", "2025-01-10"), "2027-02-28");
  EXPECT_EQ(civi_deadline(std::nullopt, "2025-01-10"), std::nullopt);
  EXPECT_EQ(civi_deadline("2024-02-30", std::nullopt), std::nullopt);
  EXPECT_EQ(civi_deadline("2024-02-29", "garbage"), "2027-02-28");
}

TEST(ProcedureDeadlines, CiviClaimWhilePreparingRemindedNinetyDaysBefore) {
  const ProcedureKind& k = kind("compensation");
  Fields f = {{"offence_on", "2024-02-29"}};
  auto d = find_deadline(deadlines_of(k, "preparing", f, {}, std::nullopt, "2025-01-01"),
                         "civi_claim");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->due_on, "2027-02-28");
  EXPECT_EQ(d->remind_on, "2026-11-30");
  f["final_decision_on"] = "2027-06-30";
  d = find_deadline(deadlines_of(k, "preparing", f, {}, std::nullopt, "2025-01-01"),
                    "civi_claim");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->due_on, "2028-06-30");
  EXPECT_EQ(days(d->remind_on, d->due_on), 90);
  EXPECT_TRUE(deadlines_of(k, "filed", f, {}, std::nullopt, "2025-01-01").empty());
  EXPECT_TRUE(deadlines_of(k, "preparing", {}, {}, std::nullopt, "2025-01-01").empty());
}

TEST(ProcedureDeadlines, HearingsAheadOnlyEachWithItsStep) {
  const ProcedureKind& k = kind("criminal_proceedings");
  std::vector<Step> steps = {step("past", "hearing", "2025-06-09"),
                             step("today", "hearing", "2025-06-10"),
                             step("later", "hearing", "2025-07-01"),
                             step("move", "transition", "2025-08-01")};
  auto all = deadlines_of(k, "trial", {}, steps, std::nullopt, "2025-06-10");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].kind, "hearing");
  EXPECT_EQ(all[0].ref, "today");
  EXPECT_EQ(all[0].due_on, "2025-06-10");
  EXPECT_EQ(all[0].remind_on, "2025-06-03");
  EXPECT_EQ(all[1].ref, "later");
  EXPECT_EQ(all[1].due_on, "2025-07-01");
  EXPECT_EQ(all[1].remind_on, "2025-06-24");
  EXPECT_TRUE(deadlines_of(k, "trial", {}, steps, std::nullopt, "2025-07-02").empty());
}

TEST(ProcedureDeadlines, PermitRenewalTwoMonthsBeforeTheLatestEnd) {
  const ProcedureKind& k = kind("residence_permit");
  Fields f = {{"valid_until", "2026-03-31"}, {"receipt_until", "2025-05-20"}};
  auto all = deadlines_of(k, "granted", f, {}, std::nullopt, "2025-01-01");
  EXPECT_EQ(deadline_kinds(all), std::vector<std::string>{"permit_renewal"});
  EXPECT_EQ(all.at(0).due_on, "2026-01-31");
  EXPECT_EQ(all.at(0).remind_on, "2025-12-31");
  // A renewal pushes the end; an older renewal step does not pull it back.
  std::vector<Step> steps = {
      step("r0", "renewal", "2025-01-05", {{"valid_until", "2025-12-31"}}),
      step("r1", "renewal", "2026-02-01",
           {{"submitted_on", "2026-01-15"}, {"valid_until", "2027-04-30"}})};
  auto d = find_deadline(deadlines_of(k, "granted", f, steps, std::nullopt, "2025-01-01"),
                         "permit_renewal");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->due_on, "2027-02-28");
  EXPECT_EQ(d->remind_on, "2027-01-28");
  EXPECT_FALSE(find_deadline(deadlines_of(k, "submitted", f, steps, std::nullopt, "2025-01-01"),
                             "permit_renewal"));
}

TEST(ProcedureDeadlines, ReceiptExpiryWhileSubmittedOrInAppeal) {
  const ProcedureKind& k = kind("residence_permit");
  Fields f = {{"receipt_until", "2025-05-20"}};
  std::vector<Step> steps = {
      step("rc", "receipt", "2025-05-18", {{"receipt_until", "2025-08-20"}})};
  for (std::string_view status : {"submitted", "appeal"}) {
    auto all = deadlines_of(k, status, f, steps, std::nullopt, "2025-01-01");
    ASSERT_EQ(deadline_kinds(all), std::vector<std::string>{"receipt_expiry"}) << status;
    EXPECT_EQ(all[0].due_on, "2025-08-20");
    EXPECT_EQ(all[0].remind_on, "2025-08-06");
  }
  EXPECT_EQ(deadlines_of(k, "submitted", f, {}, std::nullopt, "2025-01-01").at(0).due_on,
            "2025-05-20");
  EXPECT_TRUE(deadlines_of(k, "preparing", f, steps, std::nullopt, "2025-01-01").empty());
  EXPECT_TRUE(deadlines_of(k, "refused", f, steps, std::nullopt, "2025-01-01").empty());
}

TEST(ProcedureDeadlines, AsylumDatesInTheirStatusOnly) {
  const ProcedureKind& k = kind("asylum");
  Fields f = {{"interview_on", "2025-03-12"},
              {"notified_on", "2025-01-31"},
              {"cnda_hearing_on", "2025-09-15"}};
  auto pending = deadlines_of(k, "ofpra_pending", f, {}, std::nullopt, "2025-01-01");
  EXPECT_EQ(deadline_kinds(pending), std::vector<std::string>{"ofpra_interview"});
  EXPECT_EQ(pending[0].due_on, "2025-03-12");
  EXPECT_EQ(pending[0].remind_on, "2025-03-05");
  // CNDA appeal: one month from the notification, clamped to the end of February.
  auto rejected = deadlines_of(k, "ofpra_rejected", f, {}, std::nullopt, "2025-01-01");
  EXPECT_EQ(deadline_kinds(rejected), std::vector<std::string>{"cnda_appeal"});
  EXPECT_EQ(rejected[0].due_on, "2025-02-28");
  EXPECT_EQ(rejected[0].remind_on, "2025-02-18");
  auto cnda = deadlines_of(k, "cnda_pending", f, {}, std::nullopt, "2025-01-01");
  EXPECT_EQ(deadline_kinds(cnda), std::vector<std::string>{"cnda_hearing"});
  EXPECT_EQ(cnda[0].remind_on, "2025-09-08");
  EXPECT_TRUE(deadlines_of(k, "registered", f, {}, std::nullopt, "2025-01-01").empty());
}

TEST(ProcedureDeadlines, ExitProgrammeRenewalPeriodsOfSixMonths) {
  const ProcedureKind& k = kind("exit_programme");
  Fields f = {{"start_on", "2025-08-31"}};
  auto period_end = [&](int held) {
    auto all = deadlines_of(k, "in_programme", f, renewals(held), std::nullopt, "2025-09-01");
    EXPECT_EQ(all.size(), 1u) << held;
    return all.at(0);
  };
  Deadline first = period_end(0);
  EXPECT_EQ(first.kind, "psp_renewal");
  EXPECT_EQ(first.due_on, "2026-02-27");  // 2025-08-31 + 6 months = 2026-02-28, − 1 day
  EXPECT_EQ(first.remind_on, "2026-01-13");
  EXPECT_EQ(period_end(1).due_on, "2026-08-30");
  EXPECT_EQ(period_end(2).due_on, "2027-02-27");
  for (int held : {0, 1, 2}) {
    Deadline d = period_end(held);
    EXPECT_EQ(d.kind, "psp_renewal");
    EXPECT_EQ(days(d.remind_on, d.due_on), 45);
  }
  // After the third renewal: the end of the 24 months.
  Deadline end = period_end(3);
  EXPECT_EQ(end.kind, "psp_end");
  EXPECT_EQ(end.due_on, "2027-08-30");
  // Only in programme.
  EXPECT_TRUE(deadlines_of(k, "authorised", f, {}, std::nullopt, "2025-09-01").empty());
}

TEST(ProcedureDeadlines, ExitProgrammeCommissionAllowanceAndPermit) {
  const ProcedureKind& k = kind("exit_programme");
  Fields f = {{"commission_on", "2025-04-15"},
              {"allowance_until", "2026-02-27"},
              {"permit_until", "2026-03-01"}};
  auto scheduled = deadlines_of(k, "commission_scheduled", f, {}, std::nullopt, "2025-01-01");
  auto commission = find_deadline(scheduled, "psp_commission");
  ASSERT_TRUE(commission);
  EXPECT_EQ(commission->due_on, "2025-04-15");
  EXPECT_EQ(commission->remind_on, "2025-04-01");
  auto allowance = find_deadline(scheduled, "allowance_end");
  ASSERT_TRUE(allowance);
  EXPECT_EQ(allowance->remind_on, "2026-01-28");
  auto permit = find_deadline(scheduled, "permit_end");
  ASSERT_TRUE(permit);
  EXPECT_EQ(permit->due_on, "2026-03-01");
  EXPECT_EQ(permit->remind_on, "2026-01-30");
  // Once the commission has given its opinion, its date is no longer a deadline.
  EXPECT_FALSE(find_deadline(deadlines_of(k, "in_programme", f, {}, std::nullopt, "2025-01-01"),
                             "psp_commission"));
}

TEST(ProcedureDeadlines, TenancyChecksUntilRecorded) {
  const ProcedureKind& k = kind("housing");
  Fields f = {{"housed_on", "2025-08-31"}};
  auto all = deadlines_of(k, "housed", f, {}, std::nullopt, "2025-09-01");
  EXPECT_EQ(deadline_kinds(all),
            (std::vector<std::string>{"tenancy_check_6m", "tenancy_check_12m"}));
  EXPECT_EQ(all[0].due_on, "2026-02-28");
  EXPECT_EQ(all[0].remind_on, "2026-02-14");
  EXPECT_EQ(all[1].due_on, "2026-08-31");
  EXPECT_EQ(all[1].remind_on, "2026-08-17");
  f["tenancy_6m"] = "held";
  EXPECT_EQ(deadline_kinds(deadlines_of(k, "housed", f, {}, std::nullopt, "2025-09-01")),
            std::vector<std::string>{"tenancy_check_12m"});
  f["tenancy_12m"] = "lost";
  EXPECT_TRUE(deadlines_of(k, "housed", f, {}, std::nullopt, "2025-09-01").empty());
  f.erase("tenancy_6m");
  f.erase("tenancy_12m");
  EXPECT_TRUE(deadlines_of(k, "applied", f, {}, std::nullopt, "2025-09-01").empty());
}

TEST(ProcedureDeadlines, MinorsFollowUpAndGuardianshipReview) {
  auto follow_up = deadlines_of(kind("child_protection"), "assessment",
                                {{"follow_up_on", "2025-03-10"}}, {}, std::nullopt, "2025-01-01");
  ASSERT_EQ(deadline_kinds(follow_up), std::vector<std::string>{"protection_follow_up"});
  EXPECT_EQ(follow_up[0].remind_on, "2025-03-03");
  auto review = deadlines_of(kind("guardianship"), "opened", {{"review_on", "2025-03-10"}}, {},
                             std::nullopt, "2025-01-01");
  ASSERT_EQ(deadline_kinds(review), std::vector<std::string>{"guardianship_review"});
  EXPECT_EQ(review[0].remind_on, "2025-02-08");
}

TEST(ProcedureDeadlines, NextStepComesFirstThenTheKindsOwn) {
  auto all = deadlines_of(kind("guardianship"), "opened", {{"review_on", "2025-03-10"}}, {},
                          "2025-02-01", "2025-01-01");
  EXPECT_EQ(deadline_kinds(all),
            (std::vector<std::string>{"next_step", "guardianship_review"}));
}

TEST(ProcedureDeadlines, AppointmentsThatHavePassedAreNotDuties) {
  for (auto kind : {"hearing", "ofpra_interview", "cnda_hearing", "psp_commission"})
    EXPECT_TRUE(passerelle::core::is_appointment_deadline(kind)) << kind;
  for (auto kind : {"civi_claim", "cnda_appeal", "permit_renewal", "psp_renewal", "next_step",
                    "tenancy_check_6m", "receipt_expiry"})
    EXPECT_FALSE(passerelle::core::is_appointment_deadline(kind)) << kind;
}
