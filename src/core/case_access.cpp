#include "core/case_access.h"

#include "core/permissions.h"

namespace passerelle::core {

Scope case_scope(std::string_view role) {
  if (role_has(role, perm::cases_read_org)) return Scope::org;
  if (role_has(role, perm::cases_read_team)) return Scope::team;
  if (role_has(role, perm::cases_read_own)) return Scope::own;
  return Scope::none;
}

bool is_case_role(std::string_view role) { return case_scope(role) != Scope::none; }

namespace {

bool in_scope(std::string_view role, const CaseFacts& f) {
  Scope scope = case_scope(role);
  if (scope == Scope::none) return false;
  if (f.minor) {
    // Minors' files: organisation-wide only for coordinators; everyone else only on the case
    // team, and a peer mediator only if trained for minors.
    if (scope == Scope::org) return true;
    if (!f.on_case_team) return false;
    if (role == "peer_mediator") return f.trained_for_minors;
    return true;
  }
  switch (scope) {
    case Scope::org: return true;
    case Scope::team: return f.on_case_team || f.in_case_team_group;
    case Scope::own: return f.on_case_team;
    case Scope::none: return false;
  }
  return false;
}

}  // namespace

bool can_read_case(std::string_view role, const CaseFacts& f) {
  if (in_scope(role, f)) return true;
  return f.break_glass && is_case_role(role);
}

bool can_write_case(std::string_view role, const CaseFacts& f) { return in_scope(role, f); }

bool parse_note_level(std::string_view text, NoteLevel& out) {
  if (text == "general") out = NoteLevel::general;
  else if (text == "legal") out = NoteLevel::legal;
  else if (text == "clinical") out = NoteLevel::clinical;
  else return false;
  return true;
}

std::string_view to_string(NoteLevel level) {
  switch (level) {
    case NoteLevel::general: return "general";
    case NoteLevel::legal: return "legal";
    case NoteLevel::clinical: return "clinical";
  }
  return "general";
}

bool can_read_notes(std::string_view role, NoteLevel level, const CaseFacts& f) {
  if (!can_read_case(role, f)) return false;
  switch (level) {
    case NoteLevel::general: return true;
    // Legal notes: coordinators (org) and the lawyer on the case; social workers see procedures
    // but not the lawyer's notes.
    case NoteLevel::legal:
      return role == "coordinator" || (role == "lawyer" && (f.on_case_team || f.break_glass));
    // Clinical notes: the psychologist on the case, nobody else.
    case NoteLevel::clinical:
      return role == "psychologist" && (f.on_case_team || f.break_glass);
  }
  return false;
}

}  // namespace passerelle::core
