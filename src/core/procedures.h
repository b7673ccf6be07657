// One workflow mechanism for every hand-over and every procedure with steps and deadlines (the
// way one `transitions` model serves all of Primero's hand-overs): a procedure has a kind, the
// kind declares — as data — its statuses, the transitions allowed between them and who may take
// each, its fields, its dated steps, and the deadlines computed from its dates. Referrals,
// criminal proceedings, compensation claims, residence permits, asylum, the exit programme (PSP),
// housing applications and the protection of minors are all kinds of procedure.
// Pure rules, no I/O: the store keeps procedures, the API asks these functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/casework.h"

namespace passerelle::core {

// Which permission (and so which roles) a procedure's kind needs on top of case access
// (access.md): referrals → perm::referrals_work; legal and rights procedures →
// perm::procedures_legal ("legal notes and procedures": coordinator, social worker, lawyer);
// the rest → perm::cases_work (every case role).
enum class ProcedureArea { referral, legal, general };
std::string_view to_string(ProcedureArea area);
std::string_view area_permission(ProcedureArea area);

// A field of a kind. Values travel as strings between the API and these rules:
//   date "YYYY-MM-DD"; amount in euro cents as a decimal integer "150000"; integer "3";
//   boolean "true"/"false"; choice one of `choices`; text / long_text free text (sensitive ones
//   are encrypted at rest); user / partner a record id.
enum class FieldType { text, long_text, date, amount, integer, boolean, choice, user, partner };
std::string_view to_string(FieldType type);

struct FieldSpec {
  std::string_view name;
  FieldType type;
  std::vector<std::string_view> choices;  // for FieldType::choice
  bool sensitive = false;  // free text that could identify or locate: stored encrypted
  int max_length = 0;      // for text (0: 300 for text, 5000 for long_text)
};

// Who may take a transition: staff of the organisation (with access to the case), and/or a user
// of the partner organisation the referral is addressed to.
struct TransitionSpec {
  std::string_view from, to;
  bool reason_required = false;   // declined, failed, withdrawn, refused... need a typed reason
  bool by_staff = true;
  bool by_partner = false;        // outgoing referrals: the addressee answers
  std::vector<std::string_view> required_fields;  // fields that must be set before moving
};

// A dated step that is not a status change (a hearing, a renewal, a document received).
struct StepSpec {
  std::string_view kind;
  std::vector<FieldSpec> fields;
  std::vector<std::string_view> only_in = {};  // statuses it may be added in (empty: any non-final)
  int at_most = 0;                             // how many a procedure may hold (0: no limit)
};

struct ProcedureKind {
  std::string_view name;
  ProcedureArea area;
  std::vector<std::string_view> statuses;  // in the order a procedure usually goes
  std::string_view initial;                // status at creation (incoming referrals: see below)
  std::vector<std::string_view> final_statuses;
  std::vector<TransitionSpec> transitions;
  std::vector<FieldSpec> fields;
  std::vector<StepSpec> steps = {};
  bool minors_only = false;  // child-protection kinds: only on a minor's case (or disputed age)
};

// Every kind, in display order:
//   referral, criminal_proceedings, compensation, residence_permit, asylum, exit_programme,
//   housing, child_protection, ad_hoc_administrator, guardianship, age_assessment.
const std::vector<ProcedureKind>& procedure_kinds();
const ProcedureKind* find_procedure_kind(std::string_view name);
bool is_final_status(const ProcedureKind& kind, std::string_view status);

using Fields = std::map<std::string, std::string>;

// A step already recorded on a procedure.
struct Step {
  std::string id, kind, happened_on;  // kind "transition" for status changes
  std::optional<std::string> from_status, to_status;
  Fields fields;
};

struct FieldError {
  std::string field;  // "fields.complaint_on", "reason", ...
  std::string code;   // message keys of api/messages.cpp: field.invalid, field.required, date.format, field.too_long
};

// Checks `input` against the kind's fields: unknown names, bad dates, amounts, choices, lengths.
// Does not check that user / partner ids exist (the caller does).
std::vector<FieldError> validate_fields(const ProcedureKind& kind, const Fields& input);
std::vector<FieldError> validate_step(const ProcedureKind& kind, std::string_view step_kind,
                                      const Fields& input);

enum class Actor { staff, partner };

// Why a transition is refused, or nullopt when it is allowed. Codes (api/messages.cpp):
//   "transition.unknown_status"  `to` is not a status of the kind
//   "transition.not_allowed"     no such transition from `from` (including from a final status)
//   "transition.not_yours"       the transition exists but not for this actor
//   "transition.reason_required" a reason is required and `reason` is blank
//   "transition.field_required"  a required field is missing (see missing_fields)
std::optional<std::string> check_transition(const ProcedureKind& kind, std::string_view from,
                                            std::string_view to, Actor actor,
                                            std::string_view reason, const Fields& fields);
// The required fields of that transition not set in `fields` (a blank value is not set, and a
// checklist field — choice present | missing — is set only when `present`).
std::vector<std::string> missing_fields(const ProcedureKind& kind, std::string_view from,
                                        std::string_view to, const Fields& fields);
// May a step of this kind be added now? nullopt when yes; otherwise "step.unknown" (not a step
// of the kind), "step.not_allowed" (not in this status: renewals of the exit programme only in
// programme, anything once final), "step.limit_reached" (a 4th PSP renewal: 24 months at most).
std::optional<std::string> check_step(const ProcedureKind& kind, std::string_view status,
                                      std::string_view step_kind, const std::vector<Step>& steps);
// The statuses this actor may move to from `from`, in the order of the kind's statuses.
std::vector<std::string_view> allowed_transitions(const ProcedureKind& kind, std::string_view from,
                                                  Actor actor);

// --- Referrals -----------------------------------------------------------------------------
// Statuses: draft, sent, accepted, declined, completed, failed, withdrawn. Outgoing referrals
// start as draft; incoming ones (from a partner) are recorded as sent (received) and answered by
// staff. draft→sent is where the consent rule applies.
bool is_referral_reason(std::string_view s);  // HTCDS: AdditionalServicesRequired, MigrationOrChangeOfLocation, Other; ours: safe_relocation, shelter, housing, health, mental_health, legal_support, asylum, exit_programme, child_protection, voluntary_return, employment_training, language, family_tracing
// Items of data a packet may hold (and a sharing consent may cover).
bool is_packet_item(std::string_view s);      // given_name, family_name, aliases, birth_year, gender, nationalities, languages, phone, documents, needs, exploitation_types, children, situation
const std::vector<std::string_view>& packet_items();
bool is_partner_kind(std::string_view s);     // HTCDS org_Type
bool is_partner_service(std::string_view s);
bool is_mechanism(std::string_view s);        // acse, psp_commission, civi, siao_115, ase, juvenile_judge, ofpra, cnda, pad, volunteer_lawyers

// May a referral to `partner_id` carrying `items` be sent? nullopt when yes; otherwise
//   "consent.sharing_missing"  no sharing consent for that partner in force (never given, or the
//                              latest record is a withdrawal)
//   "consent.items_not_covered" the packet holds items the consent does not cover
std::optional<std::string> referral_send_refusal(const std::vector<Consent>& history,
                                                 std::string_view partner_id,
                                                 const std::vector<std::string>& items);
// May the partner still read the packet of a referral already sent? (withdrawal hides it)
bool packet_visible(const std::vector<Consent>& history, std::string_view partner_id);

// --- Deadlines -----------------------------------------------------------------------------

struct Deadline {
  std::string kind;       // see deadlines_of
  std::string due_on;     // YYYY-MM-DD
  std::string remind_on;  // YYYY-MM-DD, on or before due_on
  std::string ref;        // "" or the step id it comes from (hearings)
};

// The deadlines a procedure has now, from its kind, status, fields, steps and `due_on` (the
// user-set date of the next step, kind "next_step"). None once the status is final. Kinds:
//   next_step            due_on, reminded 2 days before
//   civi_claim           compensation: the later of offence_on + 3 years and
//                        final_decision_on + 1 year (art. 706-5 CPP), reminded 90 days before,
//                        while not yet filed
//   hearing              criminal_proceedings: each hearing step dated today or later, reminded
//                        7 days before (ref = step id)
//   permit_renewal       residence_permit granted: valid_until − 2 months, reminded 1 month
//                        before that
//   receipt_expiry       residence_permit: receipt_until, reminded 14 days before
//   cnda_appeal          asylum rejected by OFPRA: notified_on + 1 month, reminded 10 days before
//   ofpra_interview, cnda_hearing  asylum: those dates, reminded 7 days before
//   psp_commission       exit_programme: commission_on, reminded 14 days before
//   psp_renewal          exit_programme in programme: the end of the current 6-month period
//                        (start_on + 6 × (1 + renewals) months − 1 day), reminded 45 days before,
//                        while fewer than 3 renewals (24 months at most)
//   psp_end              exit_programme after the 3rd renewal: the end of the 24 months
//   allowance_end, permit_end  exit_programme: allowance_until, permit_until, reminded 30 days before
//   tenancy_check_6m, tenancy_check_12m  housing housed: housed_on + 6 / 12 months, until
//                        tenancy_6m / tenancy_12m is recorded, reminded 14 days before
//   protection_follow_up child_protection: follow_up_on, reminded 7 days before
//   guardianship_review  guardianship: review_on, reminded 30 days before
// `today` decides which hearings are still ahead.
std::vector<Deadline> deadlines_of(const ProcedureKind& kind, std::string_view status,
                                   const Fields& fields, const std::vector<Step>& steps,
                                   const std::optional<std::string>& due_on,
                                   std::string_view today);

// Deadlines that are appointments (a hearing, an interview, the commission's meeting) rather than
// duties: once their day has passed they happened, they are not overdue.
bool is_appointment_deadline(std::string_view deadline_kind);

// The CIVI limit alone (nullopt without offence_on): exposed for the screens and the tests.
std::optional<std::string> civi_deadline(const std::optional<std::string>& offence_on,
                                         const std::optional<std::string>& final_decision_on);

}  // namespace passerelle::core
