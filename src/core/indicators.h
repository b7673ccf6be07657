// Indicators declared as data: what is counted, with which filters, over a project's period,
// against a target and milestones; disaggregated by gender, age band, minor and nationality.
// This header is the vocabulary and its validation; store/indicator_engine computes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::core {

// What an indicator counts. Only records linked to the project (project_records, or an
// encounter tagged with the project's code) and dated within the period count:
//   people        distinct people reached through any linked record (case, encounter,
//                 procedure → its case's person, attendance, media participation), counted once
//   households    distinct households of those people (a person with her partner, children and
//                 parents recorded as relations is one household)
//   sessions      linked sessions, or sessions of linked activities
//   activities    linked activities with at least one session in the period
//   attendances   member attendances (one per person and session)
//   outsiders     the sum of outsider counts of attendance (e.g. 12 police officers)
//   encounters    linked encounters (anonymous ones included)
//   referrals     linked procedures of kind referral (by direction / status filters)
//   procedures    linked procedures of `procedure_kind`
//   outcomes      linked procedures that reached one of `statuses` in the period (e.g. housing
//                 → housed), plus support-plan goals of linked cases achieved in the period
//                 when `goal_types` is set (e.g. into work or training)
//   media_items   linked media items (by kind / status; published ones by publication date)
//   applications  applications to linked calls (by status: selected = "projects supported")
inline constexpr std::string_view kIndicatorCounts[] = {
    "people",     "households", "sessions",  "activities", "attendances",  "outsiders",
    "encounters", "referrals",  "procedures", "outcomes",  "media_items", "applications"};

// Filters (all optional; lists mean "any of"):
//   activity_types [..]   sessions / activities / attendances / outsiders / people via attendance
//   audience "members|professionals|mixed|public"; international true|false
//   attendance_roles [..] participant, peer_helper, trainee
//   professions [..]      outsiders: police_officer, lawyer, magistrate, social_worker,
//                         health_worker, teacher, ngo_worker, student, other
//   encounter_types [..]  encounters / people via encounters
//   procedure_kind "..."  procedures / outcomes; statuses [..] (outcomes: reached; procedures,
//                         referrals: current status); direction "in|out" (referrals)
//   goal_types [..]       outcomes: support-plan goal types achieved (HTCDS spl_Type)
//   media_kinds [..], media_statuses [..]
//   application_statuses [..]
//   via [..]              people: which links count (cases, encounters, procedures, attendance,
//                         media); default all
//   gender [..], minor true|false, member true|false   people-based counts
using IndicatorFilters = std::map<std::string, std::vector<std::string>>;  // scalars as 1-item lists

struct IndicatorDefinition {
  std::string counts;
  IndicatorFilters filters;
};

struct IndicatorError {
  std::string field;  // "counts", "filters.activity_types", ...
  std::string code;   // field.invalid, field.unknown, field.required
};
std::vector<IndicatorError> validate_indicator(const IndicatorDefinition& d);

// Dimensions of disaggregation (people-based counts: people, attendances, encounters with a
// person, outcomes; outsiders: profession). Categories are exclusive so totals add up:
//   gender       HTCDS prs_Gender value
//   age_band     0-14, 15-17, 18-24, 25-34, 35-49, 50+, unknown — from the birth year at the
//                end of the period
//   minor        minor, adult, unknown (a disputed age counts as minor)
//   nationality  the first nationality (ISO 3166-1 alpha-2), or unknown
//   profession   outsiders only
inline constexpr std::string_view kDimensions[] = {"gender", "age_band", "minor", "nationality",
                                                   "profession"};
bool is_dimension(std::string_view s);
bool dimension_applies(std::string_view counts, std::string_view dimension);
std::string age_band_for(std::optional<int> birth_year, int year);

// Vocabularies of the activities side.
bool is_activity_type(std::string_view s);  // workshop, discussion_group, art_therapy, training, awareness_session, film_debate, podcast_recording, event, outreach_round
bool is_profession(std::string_view s);
bool is_attendance_role(std::string_view s);
bool is_media_kind(std::string_view s);     // podcast_episode, film, video, article, photo_series
bool is_media_status(std::string_view s);   // in_production, ready, published, taken_down
bool is_application_status(std::string_view s);  // received, under_review, selected, not_selected, withdrawn
bool is_project_record_type(std::string_view s);  // case, encounter, procedure, activity, session, attendance, media_item, application

}  // namespace passerelle::core
