// Who may see a case, its notes and its person (shared/design/access.md): role permissions plus
// record scope (own = on the case team, team = a case of one of the user's teams, org) plus the
// confidentiality level of notes, the stricter rule for minors' files, and break-the-glass.
// Pure rules, no I/O: the store gathers the facts, these functions decide.
#pragma once

#include <string>
#include <string_view>

namespace passerelle::core {

enum class Scope { none, own, team, org };

// The widest case scope a role has.
Scope case_scope(std::string_view role);

// What is known about one user and one case when deciding.
struct CaseFacts {
  bool on_case_team = false;       // the user is on the case's team
  bool in_case_team_group = false; // the case belongs to one of the user's teams
  bool break_glass = false;        // an unexpired break-the-glass grant for this case
  bool minor = false;              // the person is a minor (or her age is disputed)
  bool trained_for_minors = false; // the user's training flag
};

// May the user read the case (person identity, encounters, tasks, general notes, consents)?
bool can_read_case(std::string_view role, const CaseFacts& facts);
// May the user change it (add notes, encounters, tasks; edit the case)? Same as read, except that
// break-the-glass gives read access only.
bool can_write_case(std::string_view role, const CaseFacts& facts);

enum class NoteLevel { general, legal, clinical };
bool parse_note_level(std::string_view text, NoteLevel& out);
std::string_view to_string(NoteLevel level);
// May the user read (and write) notes of this level on a case she may read?
bool can_read_notes(std::string_view role, NoteLevel level, const CaseFacts& facts);

// Which roles take part in casework at all (case roles may ask for break-the-glass).
bool is_case_role(std::string_view role);

}  // namespace passerelle::core
