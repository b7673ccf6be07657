#include "core/procedures.h"

#include <algorithm>
#include <array>

#include "core/dates.h"
#include "core/ids.h"
#include "core/permissions.h"

namespace passerelle::core {
namespace {

// --- Building the kinds (docs/procedures.md, kind by kind) -----------------------------------

FieldSpec field(std::string_view name, FieldType type, bool sensitive = false) {
  return {name, type, {}, sensitive, 0};
}
FieldSpec date(std::string_view name) { return field(name, FieldType::date); }
FieldSpec text(std::string_view name) { return field(name, FieldType::text); }
FieldSpec secret_text(std::string_view name) { return field(name, FieldType::text, true); }
FieldSpec secret_long_text(std::string_view name) {
  return field(name, FieldType::long_text, true);
}
FieldSpec amount(std::string_view name) { return field(name, FieldType::amount); }
FieldSpec integer(std::string_view name) { return field(name, FieldType::integer); }
FieldSpec boolean(std::string_view name) { return field(name, FieldType::boolean); }
FieldSpec choice(std::string_view name, std::vector<std::string_view> choices) {
  return {name, FieldType::choice, std::move(choices), false, 0};
}
// An item of a file checklist (the exit programme's four documents).
FieldSpec checklist(std::string_view name) { return choice(name, {"present", "missing"}); }

// A transition staff take, needing `needs` to be set.
TransitionSpec move(std::string_view from, std::string_view to,
                    std::vector<std::string_view> needs = {}) {
  return {from, to, false, true, false, std::move(needs)};
}
// A transition staff take with a typed reason (refusals, withdrawals, closures).
TransitionSpec move_with_reason(std::string_view from, std::string_view to) {
  return {from, to, true, true, false, {}};
}
// A transition the partner a referral is addressed to may take as well as staff.
TransitionSpec answer(std::string_view from, std::string_view to, bool reason_required = false) {
  return {from, to, reason_required, true, true, {}};
}

bool contains(const std::vector<std::string_view>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// "any non-final status → `to` (reason)": one transition from each status still open.
void add_from_every_open_status(ProcedureKind& kind, std::string_view to) {
  for (std::string_view from : kind.statuses)
    if (!contains(kind.final_statuses, from) && from != to)
      kind.transitions.push_back(move_with_reason(from, to));
}

ProcedureKind referral() {
  return {
      .name = "referral",
      .area = ProcedureArea::referral,
      .statuses = {"draft", "sent", "accepted", "completed", "declined", "failed", "withdrawn"},
      .initial = "draft",
      .final_statuses = {"declined", "completed", "failed", "withdrawn"},
      .transitions =
          {
              move("draft", "sent"),  // and the consent rule: referral_send_refusal
              move_with_reason("draft", "withdrawn"),
              answer("sent", "accepted"),
              answer("sent", "declined", true),
              answer("sent", "failed", true),
              move_with_reason("sent", "withdrawn"),
              answer("accepted", "completed"),
              answer("accepted", "failed", true),
              move_with_reason("accepted", "withdrawn"),
          },
      .fields = {date("received_on"), date("travel_on"), secret_text("placement"),
                 secret_text("contact_person"), secret_long_text("details"),
                 secret_long_text("outcome")},
  };
}

ProcedureKind criminal_proceedings() {
  return {
      .name = "criminal_proceedings",
      .area = ProcedureArea::legal,
      .statuses = {"complaint_filed", "investigation", "prosecution", "trial", "judgment",
                   "appeal", "final_decision", "dismissed"},
      .initial = "complaint_filed",
      .final_statuses = {"final_decision", "dismissed"},
      .transitions =
          {
              move("complaint_filed", "investigation"),
              move("complaint_filed", "prosecution"),
              move_with_reason("complaint_filed", "dismissed"),
              move("investigation", "prosecution"),
              move_with_reason("investigation", "dismissed"),
              move("prosecution", "trial"),
              move_with_reason("prosecution", "dismissed"),
              move("trial", "judgment", {"verdict", "verdict_on"}),
              move("judgment", "appeal", {"appeal_on"}),
              move("judgment", "final_decision", {"final_decision_on"}),
              move("appeal", "final_decision", {"final_decision_on"}),
          },
      .fields = {date("complaint_on"),
                 choice("complaint_to", {"police", "gendarmerie", "prosecutor"}),
                 secret_text("police_unit"), secret_text("case_reference"),
                 boolean("civil_party"), date("civil_party_on"), text("court"),
                 choice("verdict", {"conviction", "partial_conviction", "acquittal"}),
                 date("verdict_on"), date("appeal_on"), date("final_decision_on"),
                 amount("damages_awarded")},
      .steps = {{"hearing",
                 {text("court"),
                  choice("purpose", {"preliminary", "trial", "appeal", "civil_interests", "other"}),
                  secret_long_text("outcome")}}},
  };
}

ProcedureKind compensation() {
  return {
      .name = "compensation",
      .area = ProcedureArea::legal,
      .statuses = {"preparing", "filed", "decided", "paid", "rejected", "abandoned"},
      .initial = "preparing",
      .final_statuses = {"paid", "rejected", "abandoned"},
      .transitions =
          {
              move("preparing", "filed", {"body", "filed_on"}),
              move_with_reason("preparing", "abandoned"),
              move("filed", "decided", {"decided_on", "amount_awarded"}),
              move_with_reason("filed", "rejected"),
              move_with_reason("filed", "abandoned"),
              move("decided", "paid", {"paid_on"}),
          },
      .fields = {choice("body", {"civi", "sarvi", "court", "other"}), date("offence_on"),
                 date("final_decision_on"), date("filed_on"), amount("amount_claimed"),
                 date("decided_on"), amount("amount_awarded"), date("paid_on"),
                 secret_text("reference")},
      .steps = {{"hearing", {text("court"), secret_long_text("outcome")}},
                {"expert_assessment", {secret_long_text("outcome")}}},
  };
}

ProcedureKind residence_permit() {
  return {
      .name = "residence_permit",
      .area = ProcedureArea::legal,
      .statuses = {"preparing", "submitted", "granted", "refused", "appeal", "ended"},
      .initial = "preparing",
      .final_statuses = {"ended"},
      .transitions =
          {
              move("preparing", "submitted", {"permit_type", "submitted_on"}),
              move_with_reason("preparing", "ended"),
              move("submitted", "granted", {"valid_until"}),
              move_with_reason("submitted", "refused"),
              move_with_reason("submitted", "ended"),
              move("refused", "appeal"),
              move_with_reason("refused", "ended"),
              move("appeal", "granted", {"valid_until"}),
              move_with_reason("appeal", "refused"),
              move_with_reason("granted", "ended"),
          },
      .fields = {choice("permit_type", {"aps", "temporary_private_life", "resident_card",
                                        "refugee_card", "other"}),
                 text("prefecture"), date("submitted_on"), date("receipt_until"),
                 date("granted_on"), date("valid_from"), date("valid_until"),
                 secret_text("reference")},
      .steps = {{"renewal", {date("submitted_on"), date("valid_until")}},
                {"receipt", {date("receipt_until")}}},
  };
}

ProcedureKind asylum() {
  ProcedureKind kind{
      .name = "asylum",
      .area = ProcedureArea::legal,
      .statuses = {"preparing", "registered", "ofpra_pending", "ofpra_rejected", "cnda_pending",
                   "ofpra_granted", "cnda_granted", "cnda_rejected", "closed"},
      .initial = "preparing",
      .final_statuses = {"ofpra_granted", "cnda_granted", "cnda_rejected", "closed"},
      .transitions =
          {
              move("preparing", "registered", {"registered_on"}),
              move("registered", "ofpra_pending", {"ofpra_lodged_on"}),
              move("ofpra_pending", "ofpra_granted", {"protection", "decision_on"}),
              move("ofpra_pending", "ofpra_rejected", {"notified_on"}),
              move("ofpra_rejected", "cnda_pending", {"cnda_lodged_on"}),
              move("cnda_pending", "cnda_granted", {"protection"}),
              move("cnda_pending", "cnda_rejected"),
          },
      .fields = {choice("procedure_type", {"normal", "accelerated", "dublin"}),
                 date("registered_on"), date("ofpra_lodged_on"), date("interview_on"),
                 date("decision_on"), date("notified_on"), date("cnda_lodged_on"),
                 date("cnda_hearing_on"), date("cnda_decision_on"),
                 choice("protection", {"refugee", "subsidiary"}), secret_text("reference")},
  };
  add_from_every_open_status(kind, "closed");
  return kind;
}

ProcedureKind exit_programme() {
  return {
      .name = "exit_programme",
      .area = ProcedureArea::general,
      .statuses = {"preparing", "submitted", "commission_scheduled", "opinion_given",
                   "authorised", "in_programme", "refused", "ended"},
      .initial = "preparing",
      .final_statuses = {"refused", "ended"},
      .transitions =
          {
              move("preparing", "submitted",
                   {"doc_request_form", "doc_proof_of_situation", "doc_sworn_statement",
                    "doc_id_copy", "submitted_on"}),
              move_with_reason("preparing", "ended"),
              move("submitted", "commission_scheduled", {"commission_on"}),
              move("commission_scheduled", "opinion_given", {"opinion"}),
              move("opinion_given", "authorised", {"decision_on"}),
              move_with_reason("opinion_given", "refused"),
              move("authorised", "in_programme", {"start_on"}),
              move("in_programme", "ended", {"ended_on"}),
          },
      .fields = {checklist("doc_request_form"), checklist("doc_proof_of_situation"),
                 checklist("doc_sworn_statement"), checklist("doc_id_copy"),
                 date("submitted_on"), date("commission_on"),
                 choice("opinion", {"favourable", "unfavourable"}), date("decision_on"),
                 date("start_on"), date("allowance_until"), date("permit_until"),
                 date("ended_on")},
      // 6 months renewable up to 24: three renewals at most, only while in the programme.
      .steps = {{"renewal", {date("decided_on")}, {"in_programme"}, 3}},
  };
}

ProcedureKind housing() {
  ProcedureKind kind{
      .name = "housing",
      .area = ProcedureArea::general,
      .statuses = {"preparing", "applied", "offered", "housed", "refused", "withdrawn", "ended"},
      .initial = "preparing",
      .final_statuses = {"refused", "withdrawn", "ended"},
      .transitions =
          {
              move("preparing", "applied", {"mechanism", "applied_on"}),
              move("applied", "offered"),
              move("applied", "housed", {"housed_on"}),
              move_with_reason("applied", "refused"),
              move("offered", "housed", {"housed_on"}),
              move_with_reason("offered", "refused"),
              move_with_reason("housed", "ended"),
          },
      .fields = {choice("mechanism", {"emergency_115", "siao", "dalo", "rental_intermediation",
                                      "acse_placement", "social_housing", "other"}),
                 integer("household_size"), date("applied_on"), date("offered_on"),
                 date("housed_on"),
                 choice("housing_type", {"emergency_shelter", "hotel", "hostel", "shared_flat",
                                         "intermediated_rental", "social_housing",
                                         "private_rental"}),
                 choice("tenancy_6m", {"held", "lost"}), choice("tenancy_12m", {"held", "lost"}),
                 secret_text("reference")},
  };
  add_from_every_open_status(kind, "withdrawn");
  return kind;
}

ProcedureKind child_protection() {
  return {
      .name = "child_protection",
      .area = ProcedureArea::general,
      .statuses = {"reported", "assessment", "judge_seized", "measure_ordered", "closed"},
      .initial = "reported",
      .final_statuses = {"closed"},
      .transitions =
          {
              move("reported", "assessment"),
              move("reported", "judge_seized"),
              move_with_reason("reported", "closed"),
              move("assessment", "judge_seized"),
              move_with_reason("assessment", "closed"),
              move("judge_seized", "measure_ordered", {"measure"}),
              move_with_reason("judge_seized", "closed"),
              move_with_reason("measure_ordered", "closed"),
          },
      .fields = {choice("report_type", {"information_preoccupante", "signalement"}),
                 date("reported_on"),
                 choice("reported_to", {"crip", "prosecutor", "juvenile_judge"}),
                 date("follow_up_on"),
                 choice("measure", {"placement", "educational_assistance", "other"}),
                 date("measure_on"), secret_long_text("details")},
      .minors_only = true,
  };
}

ProcedureKind ad_hoc_administrator() {
  return {
      .name = "ad_hoc_administrator",
      .area = ProcedureArea::general,
      .statuses = {"requested", "appointed", "ended"},
      .initial = "requested",
      .final_statuses = {"ended"},
      .transitions =
          {
              move("requested", "appointed", {"appointed_by", "appointed_on"}),
              move_with_reason("requested", "ended"),
              move("appointed", "ended", {"ended_on"}),
          },
      .fields = {boolean("held_by_association"), secret_text("administrator_name"),
                 choice("appointed_by",
                        {"prosecutor", "juvenile_judge", "investigating_judge", "court"}),
                 text("court"), date("appointed_on"), date("ended_on"),
                 secret_text("lawyer_name")},
      .minors_only = true,
  };
}

ProcedureKind guardianship() {
  return {
      .name = "guardianship",
      .area = ProcedureArea::general,
      .statuses = {"requested", "opened", "ended"},
      .initial = "requested",
      .final_statuses = {"ended"},
      .transitions =
          {
              move("requested", "opened", {"guardian", "opened_on"}),
              move_with_reason("requested", "ended"),
              move("opened", "ended", {"ended_on"}),
          },
      .fields = {choice("guardian", {"ase", "family_member", "association", "other"}),
                 secret_text("guardian_name"), text("court"), date("opened_on"),
                 date("review_on"), date("ended_on")},
      .minors_only = true,
  };
}

ProcedureKind age_assessment() {
  return {
      .name = "age_assessment",
      .area = ProcedureArea::general,
      .statuses = {"requested", "in_progress", "concluded_adult", "contested", "concluded_minor",
                   "closed"},
      .initial = "requested",
      .final_statuses = {"concluded_minor", "closed"},
      .transitions =
          {
              move("requested", "in_progress"),
              move("in_progress", "concluded_minor", {"concluded_on"}),  // either conclusion
              move("in_progress", "concluded_adult", {"concluded_on"}),  // is dated
              move("concluded_adult", "contested", {"contested_on"}),
              move_with_reason("concluded_adult", "closed"),
              move("contested", "concluded_minor"),
              move_with_reason("contested", "closed"),
          },
      .fields = {date("requested_on"), date("concluded_on"), date("contested_on"),
                 choice("assessed_by", {"department", "mandated_association", "other"}),
                 boolean("bone_test")},
      .minors_only = true,  // a disputed age counts as minor
  };
}

// --- Values --------------------------------------------------------------------------------

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

std::size_t code_points(std::string_view s) {
  return std::count_if(s.begin(), s.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
}

bool all_digits(std::string_view s, std::size_t max_digits) {
  return !s.empty() && s.size() <= max_digits &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t text_limit(const FieldSpec& f) {
  if (f.max_length > 0) return static_cast<std::size_t>(f.max_length);
  return f.type == FieldType::long_text ? 5000 : 300;
}

// What is wrong with a non-empty value of `f`, as a message key, or nullopt.
std::optional<std::string> value_problem(const FieldSpec& f, std::string_view v) {
  switch (f.type) {
    case FieldType::text:
    case FieldType::long_text:
      if (code_points(v) > text_limit(f)) return "field.too_long";
      return std::nullopt;
    case FieldType::date:
      if (!dates::parse(v)) return "date.format";
      return std::nullopt;
    case FieldType::amount:  // euro cents, up to ten thousand billion euros
      if (!all_digits(v, 15)) return "field.invalid";
      return std::nullopt;
    case FieldType::integer:  // counts (household size): never negative
      if (!all_digits(v, 9)) return "field.invalid";
      return std::nullopt;
    case FieldType::boolean:
      if (v != "true" && v != "false") return "field.invalid";
      return std::nullopt;
    case FieldType::choice:
      if (!contains(f.choices, v)) return "field.invalid";
      return std::nullopt;
    case FieldType::user:
    case FieldType::partner:
      if (!is_id(v)) return "field.invalid";
      return std::nullopt;
  }
  return "field.invalid";
}

const FieldSpec* find_field(const std::vector<FieldSpec>& fields, std::string_view name) {
  for (const FieldSpec& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<FieldError> check_fields(const std::vector<FieldSpec>& specs, const Fields& input) {
  std::vector<FieldError> errors;
  for (const auto& [name, value] : input) {
    const FieldSpec* spec = find_field(specs, name);
    if (!spec) {
      // The name comes from the client: echo back only its beginning.
      errors.push_back({"fields." + name.substr(0, 64), "field.unknown"});
      continue;
    }
    if (value.empty()) continue;  // clears the field
    if (auto code = value_problem(*spec, value)) errors.push_back({"fields." + name, *code});
  }
  return errors;
}

bool is_checklist(const FieldSpec& f) {
  return f.type == FieldType::choice &&
         f.choices == std::vector<std::string_view>{"present", "missing"};
}

// Is the required field `name` set in `fields`? A checklist item counts only when present.
bool is_set(const ProcedureKind& kind, std::string_view name, const Fields& fields) {
  auto it = fields.find(std::string(name));
  if (it == fields.end() || is_blank(it->second)) return false;
  const FieldSpec* spec = find_field(kind.fields, name);
  return !(spec && is_checklist(*spec)) || it->second == "present";
}

const TransitionSpec* find_transition(const ProcedureKind& kind, std::string_view from,
                                      std::string_view to) {
  for (const TransitionSpec& t : kind.transitions)
    if (t.from == from && t.to == to) return &t;
  return nullptr;
}

bool may_take(const TransitionSpec& t, Actor actor) {
  return actor == Actor::staff ? t.by_staff : t.by_partner;
}

// --- Consent -------------------------------------------------------------------------------

// --- Deadlines -----------------------------------------------------------------------------

// What the deadline rules of a kind read. Dates that do not parse count as not set.
struct DeadlineInput {
  std::string_view status;
  const Fields& fields;
  const std::vector<Step>& steps;
  dates::Date today;

  bool in(std::initializer_list<std::string_view> statuses) const {
    return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
  }
  std::optional<dates::Date> date(std::string_view name) const {
    auto it = fields.find(std::string(name));
    return it == fields.end() ? std::nullopt : dates::parse(it->second);
  }
  bool recorded(std::string_view name) const {
    auto it = fields.find(std::string(name));
    return it != fields.end() && !is_blank(it->second);
  }
  int count_steps(std::string_view step_kind) const {
    return static_cast<int>(std::count_if(steps.begin(), steps.end(),
                                          [&](const Step& s) { return s.kind == step_kind; }));
  }
  // The latest of the field `name` and the same field of every step of `step_kind`.
  std::optional<dates::Date> latest(std::string_view name, std::string_view step_kind) const {
    std::optional<dates::Date> best = date(name);
    for (const Step& s : steps) {
      if (s.kind != step_kind) continue;
      auto it = s.fields.find(std::string(name));
      if (it == s.fields.end()) continue;
      auto d = dates::parse(it->second);
      if (d && (!best || *d > *best)) best = d;
    }
    return best;
  }
};

void add(std::vector<Deadline>& out, std::string_view kind, const dates::Date& due,
         const dates::Date& remind, std::string ref = {}) {
  out.push_back({std::string(kind), dates::format(due), dates::format(remind), std::move(ref)});
}

void add_days_before(std::vector<Deadline>& out, std::string_view kind,
                     const std::optional<dates::Date>& due, long days_before) {
  if (due) add(out, kind, *due, dates::add_days(*due, -days_before));
}

// Art. 706-5 CPP: 3 years from the offence, or 1 year from the final criminal decision if later.
std::optional<dates::Date> civi_limit(const std::optional<dates::Date>& offence_on,
                                      const std::optional<dates::Date>& final_decision_on) {
  if (!offence_on) return std::nullopt;
  dates::Date limit = dates::add_years(*offence_on, 3);
  if (final_decision_on) limit = std::max(limit, dates::add_years(*final_decision_on, 1));
  return limit;
}

void criminal_proceedings_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  for (const Step& s : in.steps) {
    if (s.kind != "hearing") continue;
    auto on = dates::parse(s.happened_on);
    if (on && *on >= in.today) add(out, "hearing", *on, dates::add_days(*on, -7), s.id);
  }
}

void compensation_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  if (in.in({"preparing"}))  // once filed, the limit has been met
    add_days_before(out, "civi_claim",
                    civi_limit(in.date("offence_on"), in.date("final_decision_on")), 90);
}

void residence_permit_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  if (in.in({"granted"})) {
    if (auto valid_until = in.latest("valid_until", "renewal")) {
      dates::Date due = dates::add_months(*valid_until, -2);
      add(out, "permit_renewal", due, dates::add_months(due, -1));
    }
  }
  if (in.in({"submitted", "appeal"}))
    add_days_before(out, "receipt_expiry", in.latest("receipt_until", "receipt"), 14);
}

void asylum_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  if (in.in({"ofpra_pending"}))
    add_days_before(out, "ofpra_interview", in.date("interview_on"), 7);
  if (in.in({"ofpra_rejected"})) {
    if (auto notified = in.date("notified_on"))
      add_days_before(out, "cnda_appeal", dates::add_months(*notified, 1), 10);
  }
  if (in.in({"cnda_pending"}))
    add_days_before(out, "cnda_hearing", in.date("cnda_hearing_on"), 7);
}

constexpr int kPspPeriodMonths = 6;
constexpr int kPspMaxRenewals = 3;  // 6 months renewable up to 24

void exit_programme_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  // The commission date matters until the commission has given its opinion.
  if (in.in({"preparing", "submitted", "commission_scheduled"}))
    add_days_before(out, "psp_commission", in.date("commission_on"), 14);
  if (in.in({"in_programme"})) {
    if (auto start = in.date("start_on")) {
      const int renewals = std::min(in.count_steps("renewal"), kPspMaxRenewals);
      const dates::Date period_end =
          dates::add_days(dates::add_months(*start, kPspPeriodMonths * (1 + renewals)), -1);
      add_days_before(out, renewals < kPspMaxRenewals ? "psp_renewal" : "psp_end", period_end,
                      45);
    }
  }
  add_days_before(out, "allowance_end", in.date("allowance_until"), 30);
  add_days_before(out, "permit_end", in.date("permit_until"), 30);
}

void housing_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  if (!in.in({"housed"})) return;
  auto housed = in.date("housed_on");
  if (!housed) return;
  if (!in.recorded("tenancy_6m"))
    add_days_before(out, "tenancy_check_6m", dates::add_months(*housed, 6), 14);
  if (!in.recorded("tenancy_12m"))
    add_days_before(out, "tenancy_check_12m", dates::add_months(*housed, 12), 14);
}

void child_protection_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  add_days_before(out, "protection_follow_up", in.date("follow_up_on"), 7);
}

void guardianship_deadlines(const DeadlineInput& in, std::vector<Deadline>& out) {
  add_days_before(out, "guardianship_review", in.date("review_on"), 30);
}

using DeadlineRule = void (*)(const DeadlineInput&, std::vector<Deadline>&);

// The deadlines of each kind beyond `next_step` (kinds without any are absent).
DeadlineRule deadline_rule(std::string_view kind) {
  static const std::map<std::string_view, DeadlineRule> rules = {
      {"criminal_proceedings", criminal_proceedings_deadlines},
      {"compensation", compensation_deadlines},
      {"residence_permit", residence_permit_deadlines},
      {"asylum", asylum_deadlines},
      {"exit_programme", exit_programme_deadlines},
      {"housing", housing_deadlines},
      {"child_protection", child_protection_deadlines},
      {"guardianship", guardianship_deadlines},
  };
  auto it = rules.find(kind);
  return it == rules.end() ? nullptr : it->second;
}

// --- Vocabularies --------------------------------------------------------------------------

template <std::size_t N>
bool among(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

std::string_view to_string(ProcedureArea area) {
  switch (area) {
    case ProcedureArea::referral: return "referral";
    case ProcedureArea::legal: return "legal";
    case ProcedureArea::general: return "general";
  }
  return "general";
}

std::string_view area_permission(ProcedureArea area) {
  switch (area) {
    case ProcedureArea::referral: return perm::referrals_work;
    case ProcedureArea::legal: return perm::procedures_legal;
    case ProcedureArea::general: return perm::cases_work;
  }
  return perm::cases_work;
}

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::text: return "text";
    case FieldType::long_text: return "long_text";
    case FieldType::date: return "date";
    case FieldType::amount: return "amount";
    case FieldType::integer: return "integer";
    case FieldType::boolean: return "boolean";
    case FieldType::choice: return "choice";
    case FieldType::user: return "user";
    case FieldType::partner: return "partner";
  }
  return "text";
}

const std::vector<ProcedureKind>& procedure_kinds() {
  static const std::vector<ProcedureKind> kinds = {
      referral(), criminal_proceedings(), compensation(), residence_permit(), asylum(),
      exit_programme(), housing(), child_protection(), ad_hoc_administrator(), guardianship(),
      age_assessment()};
  return kinds;
}

const ProcedureKind* find_procedure_kind(std::string_view name) {
  for (const ProcedureKind& k : procedure_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

bool is_final_status(const ProcedureKind& kind, std::string_view status) {
  return contains(kind.final_statuses, status);
}

std::vector<FieldError> validate_fields(const ProcedureKind& kind, const Fields& input) {
  return check_fields(kind.fields, input);
}

std::vector<FieldError> validate_step(const ProcedureKind& kind, std::string_view step_kind,
                                      const Fields& input) {
  for (const StepSpec& s : kind.steps)
    if (s.kind == step_kind) return check_fields(s.fields, input);
  return {{"kind", "step.unknown"}};
}

std::optional<std::string> check_transition(const ProcedureKind& kind, std::string_view from,
                                            std::string_view to, Actor actor,
                                            std::string_view reason, const Fields& fields) {
  if (!contains(kind.statuses, to)) return "transition.unknown_status";
  // A final status has no transition out: once there, nothing moves any more.
  const TransitionSpec* t = find_transition(kind, from, to);
  if (!t) return "transition.not_allowed";
  if (!may_take(*t, actor)) return "transition.not_yours";
  if (t->reason_required && is_blank(reason)) return "transition.reason_required";
  if (!missing_fields(kind, from, to, fields).empty()) return "transition.field_required";
  return std::nullopt;
}

std::vector<std::string> missing_fields(const ProcedureKind& kind, std::string_view from,
                                        std::string_view to, const Fields& fields) {
  std::vector<std::string> missing;
  if (const TransitionSpec* t = find_transition(kind, from, to))
    for (std::string_view name : t->required_fields)
      if (!is_set(kind, name, fields)) missing.emplace_back(name);
  return missing;
}

std::optional<std::string> check_step(const ProcedureKind& kind, std::string_view status,
                                      std::string_view step_kind, const std::vector<Step>& steps) {
  auto spec = std::find_if(kind.steps.begin(), kind.steps.end(),
                           [&](const StepSpec& s) { return s.kind == step_kind; });
  if (spec == kind.steps.end()) return "step.unknown";
  if (is_final_status(kind, status)) return "step.not_allowed";
  if (!spec->only_in.empty() && !contains(spec->only_in, status)) return "step.not_allowed";
  if (spec->at_most > 0) {
    auto held = std::count_if(steps.begin(), steps.end(),
                              [&](const Step& s) { return s.kind == step_kind; });
    if (held >= spec->at_most) return "step.limit_reached";
  }
  return std::nullopt;
}

std::vector<std::string_view> allowed_transitions(const ProcedureKind& kind, std::string_view from,
                                                  Actor actor) {
  std::vector<std::string_view> allowed;
  for (std::string_view to : kind.statuses) {
    const TransitionSpec* t = find_transition(kind, from, to);
    if (t && may_take(*t, actor)) allowed.push_back(to);
  }
  return allowed;
}

bool is_referral_reason(std::string_view s) {
  static constexpr std::array<std::string_view, 16> v = {
      "AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other",
      "safe_relocation", "shelter", "housing", "health", "mental_health", "legal_support",
      "asylum", "exit_programme", "child_protection", "voluntary_return", "employment_training",
      "language", "family_tracing"};
  return among(v, s);
}

const std::vector<std::string_view>& packet_items() {
  static const std::vector<std::string_view> items = {
      "given_name", "family_name", "aliases", "birth_year", "gender", "nationalities",
      "languages", "phone", "documents", "needs", "exploitation_types", "children", "situation"};
  return items;
}

bool is_packet_item(std::string_view s) { return contains(packet_items(), s); }

bool is_partner_kind(std::string_view s) {
  static constexpr std::array<std::string_view, 9> v = {
      "NGO", "LawEnforcement", "HealthServiceOrganisation", "CentralGovernmentOrganisation",
      "LocalGovernmentOrganisation", "ImmigrationService", "LegalService", "CorporateBusiness",
      "SchoolOrCollege"};
  return among(v, s);
}

bool is_partner_service(std::string_view s) {
  static constexpr std::array<std::string_view, 20> v = {
      "shelter", "emergency_housing", "housing", "health", "mental_health", "legal_advice",
      "legal_representation", "asylum_support", "administrative_support", "exit_programme",
      "child_protection", "safe_relocation", "compensation", "language_classes", "training",
      "employment", "voluntary_return", "interpreting", "outreach", "peer_support"};
  return among(v, s);
}

bool is_mechanism(std::string_view s) {
  static constexpr std::array<std::string_view, 10> v = {
      "acse", "psp_commission", "civi", "siao_115", "ase", "juvenile_judge", "ofpra", "cnda",
      "pad", "volunteer_lawyers"};
  return among(v, s);
}

std::optional<std::string> referral_send_refusal(const std::vector<Consent>& history,
                                                 std::string_view partner_id,
                                                 const std::vector<std::string>& items) {
  const Consent* consent = partner_id.empty() ? nullptr : latest_consent(history, "sharing", partner_id);
  if (!consent || consent->status != "given") return "consent.sharing_missing";
  for (const std::string& item : items) {
    const auto& covered = consent->data_items;
    if (std::find(covered.begin(), covered.end(), item) == covered.end())
      return "consent.items_not_covered";
  }
  return std::nullopt;
}

bool packet_visible(const std::vector<Consent>& history, std::string_view partner_id) {
  return !partner_id.empty() && consent_in_force(history, "sharing", partner_id);
}

std::vector<Deadline> deadlines_of(const ProcedureKind& kind, std::string_view status,
                                   const Fields& fields, const std::vector<Step>& steps,
                                   const std::optional<std::string>& due_on,
                                   std::string_view today) {
  std::vector<Deadline> out;
  if (is_final_status(kind, status)) return out;
  if (due_on) add_days_before(out, "next_step", dates::parse(*due_on), 2);
  if (DeadlineRule rule = deadline_rule(kind.name)) {
    // Without a valid `today`, no hearing is known to be past: every one counts as ahead.
    const dates::Date now = dates::parse(today).value_or(dates::Date{1900, 1, 1});
    rule(DeadlineInput{status, fields, steps, now}, out);
  }
  return out;
}

bool is_appointment_deadline(std::string_view deadline_kind) {
  return deadline_kind == "hearing" || deadline_kind == "ofpra_interview" ||
         deadline_kind == "cnda_hearing" || deadline_kind == "psp_commission";
}

std::optional<std::string> civi_deadline(const std::optional<std::string>& offence_on,
                                         const std::optional<std::string>& final_decision_on) {
  auto limit = civi_limit(offence_on ? dates::parse(*offence_on) : std::nullopt,
                          final_decision_on ? dates::parse(*final_decision_on) : std::nullopt);
  if (!limit) return std::nullopt;
  return dates::format(*limit);
}

}  // namespace passerelle::core
