// Every API route, declared once with the access it needs (architecture.md, rules of the house).
// A unit test walks this table and fails on any route whose access is not declared, and an API
// test tries every route with every role.
#pragma once

#include <string_view>
#include <vector>

#include "api/app.h"

namespace passerelle::api {

enum class Access {
  undeclared,  // never valid: the table test fails on it
  open,        // no session needed (health, login)
  any_session, // a session in any state (second-factor steps, logout, GET /me)
  signed_in,   // a fully authenticated session; the handler checks ownership
  permission,  // a fully authenticated session whose role holds `permission`
};

using Handler = Response (*)(Context&);

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/api/v1/users/{id}"
  Access access;
  std::string_view permission;  // for Access::permission
  Handler handler;
  // The handler reads no database and writes nothing: with a session already in memory it may
  // answer on the network thread, sparing the hop to the worker pool (GET /me is called on
  // every screen).
  bool in_memory = false;
};

const std::vector<Route>& routes();

// Matches `path` against `pattern`, filling `params`. Parameters named {id} must be record ids.
bool match_route(std::string_view pattern, std::string_view path,
                 std::map<std::string, std::string, std::less<>>& params);

// Handlers, one file per resource.
Response health(Context&);
Response ready(Context&);
Response login(Context&);
Response mfa_verify(Context&);
Response mfa_enrolment_start(Context&);
Response mfa_enrolment_confirm(Context&);
Response logout(Context&);
Response me_get(Context&);
Response me_patch(Context&);
Response me_password(Context&);
Response me_sessions(Context&);
Response me_session_end(Context&);
Response users_list(Context&);
Response users_create(Context&);
Response users_get(Context&);
Response users_patch(Context&);
Response users_mfa_reset(Context&);
Response users_sessions(Context&);
Response users_sessions_end(Context&);
Response roles_list(Context&);
Response audit_search(Context&);
Response audit_verify(Context&);
Response teams_list(Context&);
Response teams_create(Context&);
Response teams_member_put(Context&);
Response teams_member_delete(Context&);
Response people_search(Context&);
Response people_create(Context&);
Response people_duplicates(Context&);
Response people_get(Context&);
Response people_patch(Context&);
Response consents_list(Context&);
Response consents_create(Context&);
Response cases_list(Context&);
Response cases_create(Context&);
Response cases_get(Context&);
Response cases_patch(Context&);
Response case_team_put(Context&);
Response case_team_delete(Context&);
Response notes_list(Context&);
Response notes_create(Context&);
Response encounters_of_case(Context&);
Response encounters_create(Context&);
Response tasks_mine(Context&);
Response tasks_of_case(Context&);
Response tasks_create(Context&);
Response tasks_patch(Context&);
Response break_glass_create(Context&);
Response break_glass_list(Context&);
Response people_export(Context&);
Response people_anonymise(Context&);
Response people_merge_records(Context&);
Response calendar_create(Context&);
Response calendar_revoke(Context&);
Response calendar_feed(Context&);
Response case_timeline(Context&);
Response events_list(Context&);
Response events_create(Context&);
Response goals_list(Context&);
Response goals_create(Context&);
Response goals_patch(Context&);
Response needs_get(Context&);
Response needs_put(Context&);
Response relations_list(Context&);
Response relations_put(Context&);
Response relations_delete(Context&);
Response sites_list(Context&);
Response sites_create(Context&);
// --- procedures, referrals, deadlines (api/procedure_routes.cpp) ---
Response procedure_kinds_list(Context&);
Response procedures_of_case(Context&);
Response procedures_create(Context&);
Response procedures_get(Context&);
Response procedures_patch(Context&);
Response procedures_transition(Context&);
Response procedures_step(Context&);
Response referral_form(Context&);
Response referrals_list(Context&);
Response deadlines_list(Context&);
// --- end procedures ---
// --- partner directory and partner portal ---
Response partners_list(Context&);
Response partners_create(Context&);
Response partners_get(Context&);
Response partners_patch(Context&);
Response partners_export(Context&);
Response partners_import(Context&);
Response partner_referrals_list(Context&);
Response partner_referrals_get(Context&);
Response partner_referrals_transition(Context&);
// --- end partners ---
// --- activities, media, calls, projects, indicators, reports (issue 5) ---
Response activities_list(Context&);
Response activities_create(Context&);
Response activities_get(Context&);
Response activities_patch(Context&);
Response sessions_create(Context&);
Response sessions_list(Context&);
Response sessions_get(Context&);
Response sessions_patch(Context&);
Response attendance_create(Context&);
Response attendance_delete(Context&);
Response members_search(Context&);
Response media_list(Context&);
Response media_create(Context&);
Response media_get(Context&);
Response media_patch(Context&);
Response media_participant_put(Context&);
Response media_participant_delete(Context&);
Response calls_list(Context&);
Response calls_create(Context&);
Response calls_get(Context&);
Response calls_patch(Context&);
Response applications_of_call(Context&);
Response applications_create(Context&);
Response applications_patch(Context&);
Response application_review_put(Context&);
Response projects_list(Context&);
Response projects_create(Context&);
Response projects_get(Context&);
Response projects_patch(Context&);
Response project_viewer_put(Context&);
Response project_viewer_delete(Context&);
Response project_record_put(Context&);
Response project_record_delete(Context&);
Response indicators_create(Context&);
Response indicators_patch(Context&);
Response indicators_delete(Context&);
Response project_dashboard(Context&);
Response dashboard(Context&);
Response project_report(Context&);
// --- end activities ---

}  // namespace passerelle::api
