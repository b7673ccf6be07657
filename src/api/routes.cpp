#include "api/routes.h"

#include "core/ids.h"
#include "core/permissions.h"

namespace passerelle::api {

const std::vector<Route>& routes() {
  using core::perm::audit_read, core::perm::roles_read, core::perm::users_manage,
      core::perm::users_read_team, core::perm::cases_work, core::perm::teams_manage,
      core::perm::break_glass_review, core::perm::identifying_export, core::perm::people_erase,
      core::perm::people_merge;
  static const std::vector<Route> table = {
      {"GET", "/healthz", Access::open, {}, health},
      {"GET", "/readyz", Access::open, {}, ready},
      {"POST", "/api/v1/auth/login", Access::open, {}, login},
      {"POST", "/api/v1/auth/mfa", Access::any_session, {}, mfa_verify},
      {"POST", "/api/v1/auth/mfa/enrolment", Access::any_session, {}, mfa_enrolment_start},
      {"POST", "/api/v1/auth/mfa/enrolment/confirm", Access::any_session, {}, mfa_enrolment_confirm},
      {"POST", "/api/v1/auth/logout", Access::any_session, {}, logout},
      {"GET", "/api/v1/me", Access::any_session, {}, me_get, true},
      {"PATCH", "/api/v1/me", Access::signed_in, {}, me_patch},
      {"POST", "/api/v1/me/password", Access::signed_in, {}, me_password},
      {"GET", "/api/v1/me/sessions", Access::signed_in, {}, me_sessions},
      {"DELETE", "/api/v1/me/sessions/{id}", Access::signed_in, {}, me_session_end},
      {"GET", "/api/v1/users", Access::permission, users_read_team, users_list},
      {"POST", "/api/v1/users", Access::permission, users_manage, users_create},
      {"GET", "/api/v1/users/{id}", Access::permission, users_read_team, users_get},
      {"PATCH", "/api/v1/users/{id}", Access::permission, users_manage, users_patch},
      {"POST", "/api/v1/users/{id}/mfa-reset", Access::permission, users_manage, users_mfa_reset},
      {"GET", "/api/v1/users/{id}/sessions", Access::permission, users_manage, users_sessions},
      {"DELETE", "/api/v1/users/{id}/sessions", Access::permission, users_manage, users_sessions_end},
      {"POST", "/api/v1/me/calendar", Access::signed_in, {}, calendar_create},
      {"DELETE", "/api/v1/me/calendar", Access::signed_in, {}, calendar_revoke},
      {"GET", "/api/v1/calendar.ics", Access::open, {}, calendar_feed},
      {"GET", "/api/v1/roles", Access::permission, roles_read, roles_list},
      {"GET", "/api/v1/audit", Access::permission, audit_read, audit_search},
      {"GET", "/api/v1/audit/verify", Access::permission, audit_read, audit_verify},
      {"GET", "/api/v1/teams", Access::signed_in, {}, teams_list},
      {"POST", "/api/v1/teams", Access::permission, teams_manage, teams_create},
      {"PUT", "/api/v1/teams/{id}/members/{user_id}", Access::permission, teams_manage, teams_member_put},
      {"DELETE", "/api/v1/teams/{id}/members/{user_id}", Access::permission, teams_manage, teams_member_delete},
      {"GET", "/api/v1/people", Access::permission, cases_work, people_search},
      {"POST", "/api/v1/people", Access::permission, cases_work, people_create},
      {"POST", "/api/v1/people/duplicates", Access::permission, cases_work, people_duplicates},
      {"GET", "/api/v1/people/{id}", Access::permission, cases_work, people_get},
      {"PATCH", "/api/v1/people/{id}", Access::permission, cases_work, people_patch},
      {"POST", "/api/v1/people/{id}/export", Access::permission, identifying_export, people_export},
      {"POST", "/api/v1/people/{id}/anonymise", Access::permission, people_erase, people_anonymise},
      {"POST", "/api/v1/people/{id}/merge", Access::permission, people_merge, people_merge_records},
      {"GET", "/api/v1/people/{id}/consents", Access::permission, cases_work, consents_list},
      {"POST", "/api/v1/people/{id}/consents", Access::permission, cases_work, consents_create},
      {"GET", "/api/v1/cases", Access::permission, cases_work, cases_list},
      {"POST", "/api/v1/cases", Access::permission, cases_work, cases_create},
      {"GET", "/api/v1/cases/{id}", Access::permission, cases_work, cases_get},
      {"PATCH", "/api/v1/cases/{id}", Access::permission, cases_work, cases_patch},
      {"PUT", "/api/v1/cases/{id}/team/{user_id}", Access::permission, cases_work, case_team_put},
      {"DELETE", "/api/v1/cases/{id}/team/{user_id}", Access::permission, cases_work, case_team_delete},
      {"GET", "/api/v1/cases/{id}/notes", Access::permission, cases_work, notes_list},
      {"POST", "/api/v1/cases/{id}/notes", Access::permission, cases_work, notes_create},
      {"GET", "/api/v1/cases/{id}/encounters", Access::permission, cases_work, encounters_of_case},
      {"GET", "/api/v1/cases/{id}/tasks", Access::permission, cases_work, tasks_of_case},
      {"POST", "/api/v1/cases/{id}/break-glass", Access::permission, cases_work, break_glass_create},
      {"GET", "/api/v1/cases/{id}/timeline", Access::permission, cases_work, case_timeline},
      {"GET", "/api/v1/cases/{id}/events", Access::permission, cases_work, events_list},
      {"POST", "/api/v1/cases/{id}/events", Access::permission, cases_work, events_create},
      {"GET", "/api/v1/cases/{id}/goals", Access::permission, cases_work, goals_list},
      {"POST", "/api/v1/cases/{id}/goals", Access::permission, cases_work, goals_create},
      {"PATCH", "/api/v1/goals/{id}", Access::permission, cases_work, goals_patch},
      {"GET", "/api/v1/cases/{id}/needs", Access::permission, cases_work, needs_get},
      {"PUT", "/api/v1/cases/{id}/needs", Access::permission, cases_work, needs_put},
      {"GET", "/api/v1/people/{id}/relations", Access::permission, cases_work, relations_list},
      {"PUT", "/api/v1/people/{id}/relations/{relative_id}", Access::permission, cases_work, relations_put},
      {"DELETE", "/api/v1/people/{id}/relations/{relative_id}", Access::permission, cases_work, relations_delete},
      {"GET", "/api/v1/sites", Access::signed_in, {}, sites_list},
      {"POST", "/api/v1/sites", Access::permission, teams_manage, sites_create},
      {"POST", "/api/v1/encounters", Access::permission, cases_work, encounters_create},
      {"GET", "/api/v1/tasks", Access::permission, cases_work, tasks_mine},
      {"POST", "/api/v1/tasks", Access::permission, cases_work, tasks_create},
      {"PATCH", "/api/v1/tasks/{id}", Access::permission, cases_work, tasks_patch},
      {"GET", "/api/v1/break-glass", Access::permission, break_glass_review, break_glass_list},
      // --- procedures, referrals, deadlines (api/procedure_routes.cpp) ---
      {"GET", "/api/v1/procedure-kinds", Access::signed_in, {}, procedure_kinds_list, true},
      {"GET", "/api/v1/cases/{id}/procedures", Access::permission, cases_work, procedures_of_case},
      {"POST", "/api/v1/cases/{id}/procedures", Access::permission, cases_work, procedures_create},
      {"GET", "/api/v1/procedures/{id}", Access::permission, cases_work, procedures_get},
      {"PATCH", "/api/v1/procedures/{id}", Access::permission, cases_work, procedures_patch},
      {"POST", "/api/v1/procedures/{id}/transitions", Access::permission, cases_work, procedures_transition},
      {"POST", "/api/v1/procedures/{id}/steps", Access::permission, cases_work, procedures_step},
      {"GET", "/api/v1/procedures/{id}/form.pdf", Access::permission, core::perm::referrals_work, referral_form},
      {"GET", "/api/v1/referrals", Access::permission, core::perm::referrals_work, referrals_list},
      {"GET", "/api/v1/deadlines", Access::permission, cases_work, deadlines_list},
      // --- end procedures ---
      // --- partner directory and partner portal (api/partner_routes.cpp, api/partner_portal_routes.cpp) ---
      {"GET", "/api/v1/partners", Access::permission, core::perm::partners_read, partners_list},
      {"POST", "/api/v1/partners", Access::permission, core::perm::partners_manage, partners_create},
      {"GET", "/api/v1/partners/export", Access::permission, core::perm::partners_read, partners_export},
      {"POST", "/api/v1/partners/import", Access::permission, core::perm::partners_manage, partners_import},
      {"GET", "/api/v1/partners/{id}", Access::permission, core::perm::partners_read, partners_get},
      {"PATCH", "/api/v1/partners/{id}", Access::permission, core::perm::partners_manage, partners_patch},
      {"GET", "/api/v1/partner/referrals", Access::permission, core::perm::partner_referrals, partner_referrals_list},
      {"GET", "/api/v1/partner/referrals/{id}", Access::permission, core::perm::partner_referrals, partner_referrals_get},
      {"POST", "/api/v1/partner/referrals/{id}/transitions", Access::permission, core::perm::partner_referrals, partner_referrals_transition},
      // --- end partners ---
      // --- activities, media, calls, projects, indicators, reports (issue 5) ---
      {"GET", "/api/v1/activities", Access::permission, core::perm::activities_read, activities_list},
      {"POST", "/api/v1/activities", Access::permission, core::perm::activities_work, activities_create},
      {"GET", "/api/v1/activities/{id}", Access::permission, core::perm::activities_read, activities_get},
      {"PATCH", "/api/v1/activities/{id}", Access::permission, core::perm::activities_work, activities_patch},
      {"POST", "/api/v1/activities/{id}/sessions", Access::permission, core::perm::activities_work, sessions_create},
      {"GET", "/api/v1/sessions", Access::permission, core::perm::activities_read, sessions_list},
      {"GET", "/api/v1/sessions/{id}", Access::permission, core::perm::activities_read, sessions_get},
      {"PATCH", "/api/v1/sessions/{id}", Access::permission, core::perm::activities_work, sessions_patch},
      {"POST", "/api/v1/sessions/{id}/attendance", Access::permission, core::perm::activities_work, attendance_create},
      {"DELETE", "/api/v1/sessions/{id}/attendance/{attendance_id}", Access::permission, core::perm::activities_work, attendance_delete},
      {"GET", "/api/v1/members", Access::permission, core::perm::activities_work, members_search},
      {"GET", "/api/v1/media", Access::permission, core::perm::activities_read, media_list},
      {"POST", "/api/v1/media", Access::permission, core::perm::activities_work, media_create},
      {"GET", "/api/v1/media/{id}", Access::permission, core::perm::activities_read, media_get},
      {"PATCH", "/api/v1/media/{id}", Access::permission, core::perm::activities_work, media_patch},
      {"PUT", "/api/v1/media/{id}/participants/{person_id}", Access::permission, core::perm::activities_work, media_participant_put},
      {"DELETE", "/api/v1/media/{id}/participants/{person_id}", Access::permission, core::perm::activities_work, media_participant_delete},
      {"GET", "/api/v1/calls", Access::permission, core::perm::activities_read, calls_list},
      {"POST", "/api/v1/calls", Access::permission, core::perm::projects_manage, calls_create},
      {"GET", "/api/v1/calls/{id}", Access::permission, core::perm::activities_read, calls_get},
      {"PATCH", "/api/v1/calls/{id}", Access::permission, core::perm::projects_manage, calls_patch},
      {"GET", "/api/v1/calls/{id}/applications", Access::permission, core::perm::activities_read, applications_of_call},
      {"POST", "/api/v1/calls/{id}/applications", Access::permission, core::perm::projects_manage, applications_create},
      {"PATCH", "/api/v1/applications/{id}", Access::permission, core::perm::projects_manage, applications_patch},
      {"PUT", "/api/v1/applications/{id}/reviews/me", Access::permission, core::perm::activities_work, application_review_put},
      {"GET", "/api/v1/projects", Access::permission, core::perm::reports_read, projects_list},
      {"POST", "/api/v1/projects", Access::permission, core::perm::projects_manage, projects_create},
      {"GET", "/api/v1/projects/{id}", Access::permission, core::perm::reports_read, projects_get},
      {"PATCH", "/api/v1/projects/{id}", Access::permission, core::perm::projects_manage, projects_patch},
      {"PUT", "/api/v1/projects/{id}/viewers/{user_id}", Access::permission, core::perm::projects_manage, project_viewer_put},
      {"DELETE", "/api/v1/projects/{id}/viewers/{user_id}", Access::permission, core::perm::projects_manage, project_viewer_delete},
      {"PUT", "/api/v1/projects/{id}/records/{record_type}/{record_id}", Access::permission, core::perm::activities_work, project_record_put},
      {"DELETE", "/api/v1/projects/{id}/records/{record_type}/{record_id}", Access::permission, core::perm::activities_work, project_record_delete},
      {"POST", "/api/v1/projects/{id}/indicators", Access::permission, core::perm::projects_manage, indicators_create},
      {"PATCH", "/api/v1/indicators/{id}", Access::permission, core::perm::projects_manage, indicators_patch},
      {"DELETE", "/api/v1/indicators/{id}", Access::permission, core::perm::projects_manage, indicators_delete},
      {"GET", "/api/v1/projects/{id}/dashboard", Access::permission, core::perm::reports_read, project_dashboard},
      {"GET", "/api/v1/dashboard", Access::permission, core::perm::reports_read, dashboard},
      {"GET", "/api/v1/projects/{id}/report", Access::permission, core::perm::reports_read, project_report},
      // --- end activities ---
  };
  return table;
}

bool match_route(std::string_view pattern, std::string_view path,
                 std::map<std::string, std::string, std::less<>>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty()) return false;
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto ps = pattern.find('/');
    auto qs = path.find('/');
    std::string_view pseg = pattern.substr(0, ps), qseg = path.substr(0, qs);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      std::string_view name = pseg.substr(1, pseg.size() - 2);
      if (qseg.empty()) return false;
      if (name == "id" && !core::is_id(qseg)) return false;
      params.emplace(std::string(name), std::string(qseg));
    } else if (pseg != qseg) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view{} : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view{} : path.substr(qs);
  }
  return true;
}

}  // namespace passerelle::api
