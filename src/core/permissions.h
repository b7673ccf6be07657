// Roles and named permissions, as data (shared/design/access.md). Deny by default: a permission
// not listed for a role is refused. Record scope (own / team / org) is decided by the policies
// that use these names, not here.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::core {

// Every permission the system knows. A route names exactly one of these (or is public / needs
// only a signed-in session): see api/routes.cpp.
namespace perm {
inline constexpr std::string_view users_manage = "users.manage";
inline constexpr std::string_view users_read_team = "users.read_team";
inline constexpr std::string_view roles_read = "roles.read";
inline constexpr std::string_view audit_read = "audit.read";
inline constexpr std::string_view system_admin = "system.admin";  // backups, retention, keys
inline constexpr std::string_view cases_read_org = "cases.read.org";
inline constexpr std::string_view cases_read_team = "cases.read.team";
inline constexpr std::string_view cases_read_own = "cases.read.own";
inline constexpr std::string_view legal_notes_read = "notes.legal.read";
inline constexpr std::string_view clinical_notes_read = "notes.clinical.read";
inline constexpr std::string_view activities_read = "activities.read";
inline constexpr std::string_view reports_read = "reports.read";
inline constexpr std::string_view research_extract = "research.extract";
inline constexpr std::string_view research_approve = "research.approve";
inline constexpr std::string_view partner_referrals = "referrals.partner";
inline constexpr std::string_view identifying_export = "export.identifying";
inline constexpr std::string_view cases_work = "cases.work";  // casework routes; scope per record
inline constexpr std::string_view teams_manage = "teams.manage";
inline constexpr std::string_view break_glass_review = "break_glass.review";
inline constexpr std::string_view people_erase = "people.erase";  // GDPR erasure (anonymisation)
inline constexpr std::string_view people_merge = "people.merge";  // merge two records of one person
inline constexpr std::string_view referrals_work = "referrals.work";    // referrals on cases in scope
inline constexpr std::string_view procedures_legal = "procedures.legal";  // legal and rights procedures
inline constexpr std::string_view partners_read = "partners.read";      // the partner directory
inline constexpr std::string_view partners_manage = "partners.manage";  // edit, import the directory
inline constexpr std::string_view places_secret = "places.secret";      // confidential addresses (shelters)
inline constexpr std::string_view activities_work = "activities.work";  // record activities, attendance, media
inline constexpr std::string_view projects_manage = "projects.manage";  // projects, indicators, calls
}  // namespace perm

// All permission names, in a stable order.
std::span<const std::string_view> all_permissions();

// Role names as stored (snake_case English). Display names live in the translations.
inline constexpr std::string_view kRoles[] = {
    "administrator", "coordinator",    "social_worker", "peer_mediator", "lawyer",
    "psychologist",  "researcher",     "project_viewer", "partner"};

bool is_role(std::string_view role);
// Default permissions of a role (empty for an unknown role).
std::vector<std::string_view> role_permissions(std::string_view role);
bool role_has(std::string_view role, std::string_view permission);
// Roles that can read across caseloads must use a second factor (security.md, MFA row).
bool role_requires_mfa(std::string_view role);

}  // namespace passerelle::core
