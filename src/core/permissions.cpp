#include "core/permissions.h"

#include <algorithm>
#include <array>
#include <map>

namespace passerelle::core {
namespace {

constexpr std::array kAll = {
    perm::users_manage,        perm::users_read_team,   perm::roles_read,
    perm::audit_read,          perm::system_admin,      perm::cases_read_org,
    perm::cases_read_team,     perm::cases_read_own,    perm::legal_notes_read,
    perm::clinical_notes_read, perm::activities_read,   perm::reports_read,
    perm::research_extract,    perm::research_approve,  perm::partner_referrals,
    perm::identifying_export,  perm::cases_work,        perm::teams_manage,
    perm::break_glass_review,  perm::people_erase,      perm::people_merge,
    perm::referrals_work,      perm::procedures_legal,  perm::partners_read,
    perm::partners_manage,     perm::places_secret,     perm::activities_work,
    perm::projects_manage};

// The default matrix of shared/design/access.md, by role.
const std::map<std::string_view, std::vector<std::string_view>>& matrix() {
  static const std::map<std::string_view, std::vector<std::string_view>> m = {
      {"administrator",
       {perm::users_manage, perm::users_read_team, perm::roles_read, perm::audit_read,
        perm::system_admin, perm::teams_manage, perm::partners_read, perm::partners_manage}},
      {"coordinator",
       {perm::users_read_team, perm::roles_read, perm::cases_read_org, perm::cases_work,
        perm::legal_notes_read, perm::activities_read, perm::reports_read,
        perm::research_approve, perm::identifying_export, perm::break_glass_review,
        perm::people_erase, perm::people_merge, perm::referrals_work, perm::procedures_legal,
        perm::partners_read, perm::partners_manage, perm::places_secret, perm::activities_work,
        perm::projects_manage}},
      {"social_worker",
       {perm::cases_read_team, perm::cases_work, perm::activities_read, perm::reports_read,
        perm::referrals_work, perm::procedures_legal, perm::partners_read, perm::activities_work}},
      {"peer_mediator",
       {perm::cases_read_own, perm::cases_work, perm::activities_read, perm::referrals_work,
        perm::partners_read, perm::activities_work}},
      {"lawyer",
       {perm::cases_read_own, perm::cases_work, perm::legal_notes_read, perm::activities_read,
        perm::referrals_work, perm::procedures_legal, perm::partners_read, perm::activities_work}},
      {"psychologist",
       {perm::cases_read_own, perm::cases_work, perm::clinical_notes_read,
        perm::activities_read, perm::partners_read, perm::activities_work}},
      {"researcher", {perm::research_extract}},
      {"project_viewer", {perm::reports_read}},
      {"partner", {perm::partner_referrals}},
  };
  return m;
}

}  // namespace

std::span<const std::string_view> all_permissions() { return kAll; }

bool is_role(std::string_view role) {
  return std::find(std::begin(kRoles), std::end(kRoles), role) != std::end(kRoles);
}

std::vector<std::string_view> role_permissions(std::string_view role) {
  auto it = matrix().find(role);
  return it == matrix().end() ? std::vector<std::string_view>{} : it->second;
}

bool role_has(std::string_view role, std::string_view permission) {
  auto it = matrix().find(role);
  if (it == matrix().end()) return false;
  return std::find(it->second.begin(), it->second.end(), permission) != it->second.end();
}

bool role_requires_mfa(std::string_view role) {
  return role == "administrator" || role == "coordinator";
}

}  // namespace passerelle::core
