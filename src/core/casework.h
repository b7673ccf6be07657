// Casework records: a case (an accompaniment), its team, notes, encounters (services delivered),
// tasks and appointments, consents, break-the-glass grants. Vocabulary from HTCDS 2.0 where it
// has a field (cas_Status, vic_TypeOfExploitation, vic_MethodsOfControl, spl_Type, hte_Type).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::core {

struct CaseMember {
  std::string user_id;
  std::string role;  // lead, peer_mediator, lawyer, psychologist, other
};

struct Case {
  std::string id;
  std::string number;  // "2026-0042"
  std::string person_id;
  std::optional<std::string> team_id;
  std::string status = "Active";  // Active, FollowUp, Closed, ClosedReferred
  std::string opened_on;
  std::optional<std::string> closed_on;
  std::optional<std::string> closure_reason;
  std::vector<std::string> programmes;
  std::optional<std::string> victim_status;     // possible, actual, not_victim
  std::optional<std::string> victim_status_by;  // police, court, ofpra, association, self
  std::vector<std::string> exploitation_types;
  std::vector<std::string> means_of_control;
  std::vector<std::string> recruitment_methods;
  std::optional<std::string> recruitment_country;
  std::string summary;  // decrypted
  std::vector<CaseMember> team;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

struct Note {
  std::string id, case_id, level, body, author_id, created_at;
};

struct Encounter {
  std::string id;
  std::optional<std::string> case_id;
  std::optional<std::string> person_id;  // none: an anonymous contact
  std::string type;
  std::string happened_on;  // YYYY-MM-DD
  std::optional<int> duration_minutes;
  std::optional<std::string> site_id;
  std::optional<std::string> language;
  bool interpreter = false;
  std::vector<std::string> topics;
  std::vector<std::string> projects;
  std::optional<std::string> anonymous_gender, anonymous_age_band, anonymous_nationality;
  std::string notes;  // decrypted
  std::string author_id;
  std::string created_at;
};

struct Task {
  std::string id;
  std::optional<std::string> case_id;
  std::string assignee_id;
  std::string kind = "task";  // task, appointment
  std::string title;          // decrypted
  std::string due_at;         // YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ
  std::optional<std::string> remind_at;
  std::optional<std::string> done_at;
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
};

struct Consent {
  std::string id, person_id, purpose;
  std::optional<std::string> partner_name;
  std::optional<std::string> partner_id;  // sharing: the partner organisation in the directory
  std::vector<std::string> data_items;    // sharing: the packet items she agreed to share
  std::string status;  // given, withdrawn
  std::string given_on, method, recorded_by, created_at;
};

// Vocabularies, checked at the API boundary.
bool is_case_status(std::string_view s);
bool is_closed_status(std::string_view s);
bool is_victim_status(std::string_view s);
bool is_exploitation_type(std::string_view s);
bool is_means_of_control(std::string_view s);
bool is_recruitment_method(std::string_view s);
bool is_case_member_role(std::string_view s);
bool is_encounter_type(std::string_view s);
bool is_consent_purpose(std::string_view s);
bool is_consent_method(std::string_view s);
bool is_age_band(std::string_view s);

// The consent in force for a purpose: the latest record decides (a withdrawal takes effect at
// once). For "sharing", only records naming `partner` (by partner id, or by name for records
// made before the directory existed) count.
bool consent_in_force(const std::vector<Consent>& history, std::string_view purpose,
                      std::string_view partner = {});
// The record that decides for a purpose (and partner, for sharing): the latest by date given,
// then by when it was recorded; nullptr when there is none.
const Consent* latest_consent(const std::vector<Consent>& history, std::string_view purpose,
                              std::string_view partner = {});

}  // namespace passerelle::core
