// Cases (accompaniments), their team, notes by confidentiality level, encounters, tasks and
// appointments, break-the-glass; teams of users.
#include <algorithm>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/permissions.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

std::vector<std::string> list_field(const json::object& o, std::string_view name,
                                    bool (*valid)(std::string_view), FieldErrors& errors,
                                    std::size_t max_items = 20) {
  std::vector<std::string> out;
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array() || it->value().as_array().size() > max_items) {
    errors.add(std::string(name), "field.invalid");
    return out;
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || v.as_string().size() > 100 || (valid && !valid(v.as_string()))) {
      errors.add(std::string(name), "field.invalid");
      return {};
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

bool any_tag(std::string_view s) { return !s.empty(); }

std::map<std::string, std::string> user_names(store::Store& s, store::Tx& tx,
                                              const std::vector<std::string>& ids) {
  std::map<std::string, std::string> names;
  for (const auto& id : ids)
    if (!names.count(id))
      if (auto u = s.users().find(tx, id)) names[id] = u->display_name;
  return names;
}

// `can_write` is CaseAccess::can_write: the role rule, and no writes for a restricted person.
json::object case_json(Context& ctx, store::Tx& tx, const core::Case& c, const core::CaseFacts& f,
                       bool can_write) {
  store::Store& s = ctx.store();
  std::vector<std::string> ids;
  for (const auto& m : c.team) ids.push_back(m.user_id);
  auto names = user_names(s, tx, ids);
  json::array team;
  for (const auto& m : c.team)
    team.push_back(json::object{{"user_id", m.user_id}, {"role", m.role}, {"display_name", names[m.user_id]}});
  json::object person;
  if (auto p = s.people().find(tx, c.person_id))
    person = {{"id", p->id}, {"given_name", p->given_name}, {"family_name", p->family_name},
              {"minor", core::is_minor(*p, current_year())}};
  json::array levels;
  for (auto level : {core::NoteLevel::general, core::NoteLevel::legal, core::NoteLevel::clinical})
    if (core::can_read_notes(ctx.user->role, level, f)) levels.emplace_back(core::to_string(level));
  return {{"id", c.id},
          {"number", c.number},
          {"person", std::move(person)},
          {"team_id", nullable(c.team_id)},
          {"status", c.status},
          {"opened_on", c.opened_on},
          {"closed_on", nullable(c.closed_on)},
          {"closure_reason", nullable(c.closure_reason)},
          {"programmes", json::value_from(c.programmes)},
          {"victim_status", nullable(c.victim_status)},
          {"victim_status_by", nullable(c.victim_status_by)},
          {"exploitation_types", json::value_from(c.exploitation_types)},
          {"means_of_control", json::value_from(c.means_of_control)},
          {"recruitment_methods", json::value_from(c.recruitment_methods)},
          {"recruitment_country", nullable(c.recruitment_country)},
          {"summary", c.summary},
          {"team", std::move(team)},
          {"access", json::object{{"write", can_write},
                                  {"break_glass", f.break_glass && !f.on_case_team},
                                  {"note_levels", std::move(levels)}}},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at},
          {"version", c.version}};
}

void apply_case_fields(const json::object& o, core::Case& c, FieldErrors& errors) {
  if (o.contains("status")) {
    auto v = optional_string(o, "status", 20).value_or("");
    if (!core::is_case_status(v)) errors.add("status", "field.invalid");
    else c.status = v;
  }
  if (o.contains("closure_reason")) c.closure_reason = optional_string(o, "closure_reason", 2000);
  if (o.contains("programmes")) c.programmes = list_field(o, "programmes", any_tag, errors);
  if (o.contains("victim_status")) {
    c.victim_status = optional_string(o, "victim_status", 20);
    if (c.victim_status && !core::is_victim_status(*c.victim_status)) errors.add("victim_status", "field.invalid");
  }
  if (o.contains("victim_status_by")) c.victim_status_by = optional_string(o, "victim_status_by", 40);
  if (o.contains("exploitation_types"))
    c.exploitation_types = list_field(o, "exploitation_types", core::is_exploitation_type, errors);
  if (o.contains("means_of_control"))
    c.means_of_control = list_field(o, "means_of_control", core::is_means_of_control, errors);
  if (o.contains("recruitment_methods"))
    c.recruitment_methods = list_field(o, "recruitment_methods", core::is_recruitment_method, errors);
  if (o.contains("recruitment_country")) {
    c.recruitment_country = optional_string(o, "recruitment_country", 2);
    if (c.recruitment_country && !core::is_country_code(*c.recruitment_country))
      errors.add("recruitment_country", "field.invalid");
  }
  if (o.contains("summary")) c.summary = optional_string(o, "summary", 5000).value_or("");
  if (core::is_closed_status(c.status)) {
    if (!c.closed_on) c.closed_on = today();
  } else {
    c.closed_on.reset();
  }
}


}  // namespace

Response cases_list(Context& ctx) {
  int limit = limit_param(ctx.req, 50);
  std::string after = query_param(ctx.req, "after", 20).value_or("");
  bool closed = query_param(ctx.req, "include_closed", 5).value_or("false") == "true";
  // "mine" = only cases where I am on the team, whatever my scope.
  bool mine = query_param(ctx.req, "scope", 10).value_or("") == "mine";
  core::Scope scope = mine ? core::Scope::own : core::case_scope(ctx.user->role);
  store::Store& s = ctx.store();
  json::array items;
  std::optional<std::string> next;
  s.db().read([&](store::Tx& tx) {
    auto rows = s.cases().caseload(tx, ctx.user->id, scope, closed, after, limit + 1, today());
    // The people and the access facts of the whole page in a few queries, not a few per row.
    std::vector<std::string> person_ids, case_ids;
    for (const auto& row : rows) {
      person_ids.push_back(row.person_id);
      case_ids.push_back(row.id);
    }
    auto people = s.people().find_many(tx, person_ids);
    auto facts = s.cases().facts_of(tx, case_ids, ctx.user->id, core::now_unix());
    for (const auto& row : rows) {
      if (static_cast<int>(items.size()) == limit) {
        next = items.back().as_object().at("number").as_string().c_str();
        break;
      }
      auto found = people.find(row.person_id);
      if (found == people.end()) continue;
      const core::Person* p = &found->second;
      // Minors' files stay inside their narrower circle even in a team or org listing.
      core::CaseFacts f = with_person_facts(ctx, facts.at(row.id), core::is_minor(*p, current_year()));
      if (!core::can_read_case(ctx.user->role, f)) continue;
      items.push_back(json::object{{"id", row.id},
                                   {"number", row.number},
                                   {"status", row.status},
                                   {"opened_on", row.opened_on},
                                   {"person", json::object{{"id", p->id}, {"given_name", p->given_name}, {"family_name", p->family_name}, {"minor", f.minor}}},
                                   {"my_role", row.my_role},
                                   {"open_tasks", row.open_tasks},
                                   {"overdue_tasks", row.overdue_tasks}});
    }
  });
  json::object body{{"items", std::move(items)}};
  body["next"] = next ? json::value(*next) : json::value(nullptr);
  return json_response(200, body);
}

Response cases_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"person_id", "team_id", "opened_on", "status", "programmes", "victim_status",
                     "victim_status_by", "exploitation_types", "means_of_control",
                     "recruitment_methods", "recruitment_country", "summary", "team"});
  FieldErrors errors;
  core::Case c;
  c.person_id = optional_string(body, "person_id", 36).value_or("");
  if (!core::is_id(c.person_id)) errors.add("person_id", "field.required");
  c.team_id = optional_string(body, "team_id", 36);
  if (c.team_id && !core::is_id(*c.team_id)) errors.add("team_id", "field.invalid");
  c.opened_on = optional_string(body, "opened_on", 10).value_or(today());
  if (!valid_date(c.opened_on) || c.opened_on > latest_local_date()) errors.add("opened_on", "date.format");
  apply_case_fields(body, c, errors);
  if (auto it = body.find("team"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array() || it->value().as_array().size() > 20) errors.add("team", "field.invalid");
    else
      for (const auto& m : it->value().as_array()) {
        if (!m.is_object()) { errors.add("team", "field.invalid"); break; }
        auto uid = optional_string(m.as_object(), "user_id", 36).value_or("");
        auto role = optional_string(m.as_object(), "role", 20).value_or("");
        if (!core::is_id(uid) || !core::is_case_member_role(role)) { errors.add("team", "field.invalid"); break; }
        c.team.push_back({uid, role});
      }
  }
  errors.throw_if_any();
  // Whoever opens a case is on its team (as lead unless she named another role for herself).
  if (std::none_of(c.team.begin(), c.team.end(), [&](const auto& m) { return m.user_id == ctx.user->id; }))
    c.team.push_back({ctx.user->id, ctx.user->role == "peer_mediator" ? "peer_mediator" : "lead"});
  c.id = core::new_id();
  c.created_by = ctx.user->id;
  c.created_at = c.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    auto p = s.people().find(tx, c.person_id);
    if (!p || !can_read_person(ctx, tx, *p)) throw Problem(422, "validation", {{"person_id", "field.invalid"}});
    for (const auto& m : c.team) {
      auto u = s.users().find(tx, m.user_id);
      if (!u || u->disabled || !core::is_case_role(u->role)) throw Problem(422, "validation", {{"team", "field.invalid"}});
    }
    s.cases().create(tx, c);
    s.audit().append(tx, ctx.audit("case.create", "case", c.id));
    auto access = load_case(ctx, tx, c.id);
    out = case_json(ctx, tx, access.the_case, access.facts, access.can_write);
  });
  Response r = with_etag(json_response(201, out), c.version);
  r.headers["location"] = "/api/v1/cases/" + c.id;
  return r;
}

Response cases_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  std::int64_t version = 0;
  bool glass = false;
  s.db().read([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, ctx.param("id"));
    version = access.the_case.version;
    glass = access.facts.break_glass && !access.facts.on_case_team;
    out = case_json(ctx, tx, access.the_case, access.facts, access.can_write);
  });
  auto event = ctx.audit("case.read", "case", ctx.param("id"));
  if (glass) event.details = "{\"break_glass\":true}";
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return with_etag(json_response(200, out), version);
}

Response cases_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"team_id", "status", "closure_reason", "programmes", "victim_status",
                     "victim_status_by", "exploitation_types", "means_of_control",
                     "recruitment_methods", "recruitment_country", "summary"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  std::optional<core::Case> current;
  json::object current_json;
  std::int64_t new_version = 0;
  std::vector<std::string> changed;
  for (const auto& [k, v] : body) changed.emplace_back(k);
  s.db().write([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, ctx.param("id"), true);
    current = access.the_case;
    current_json = case_json(ctx, tx, access.the_case, access.facts, access.can_write);
    core::Case next = access.the_case;
    FieldErrors errors;
    if (body.contains("team_id")) {
      next.team_id = optional_string(body, "team_id", 36);
      if (next.team_id && !core::is_id(*next.team_id)) errors.add("team_id", "field.invalid");
    }
    apply_case_fields(body, next, errors);
    errors.throw_if_any();
    outcome = s.cases().update(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit(current->status != next.status ? "case.status_change" : "case.update", "case", next.id);
    event.details = json::serialize(json::object{{"fields", json::value_from(changed)}, {"status", next.status}});
    s.audit().append(tx, event);
    auto reloaded = load_case(ctx, tx, next.id);
    new_version = reloaded.the_case.version;
    out = case_json(ctx, tx, reloaded.the_case, reloaded.facts, reloaded.can_write);
  });
  if (outcome == store::UpdateOutcome::version_conflict) {
    throw_version_conflict(current->version, std::move(current_json), json::value_from(changed));
  }
  return with_etag(json_response(200, out), new_version);
}

Response case_team_put(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"role"});
  std::string role = string_field(body, "role", 20);
  if (!core::is_case_member_role(role)) throw Problem(422, "validation", {{"role", "field.invalid"}});
  const std::string& user_id = ctx.param("user_id");
  if (!core::is_id(user_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"), true);
    auto u = s.users().find(tx, user_id);
    if (!u || u->disabled || !core::is_case_role(u->role)) throw Problem(422, "validation", {{"user_id", "field.invalid"}});
    s.cases().set_member(tx, ctx.param("id"), {user_id, role});
    auto event = ctx.audit("case.team_add", "case", ctx.param("id"));
    event.details = json::serialize(json::object{{"user_id", user_id}, {"role", role}});
    s.audit().append(tx, event);
  });
  return no_content();
}

Response case_team_delete(Context& ctx) {
  const std::string& user_id = ctx.param("user_id");
  store::Store& s = ctx.store();
  bool removed = false;
  s.db().write([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"), true);
    removed = s.cases().remove_member(tx, ctx.param("id"), user_id);
    if (!removed) return;
    auto event = ctx.audit("case.team_remove", "case", ctx.param("id"));
    event.details = json::serialize(json::object{{"user_id", user_id}});
    s.audit().append(tx, event);
  });
  if (!removed) throw Problem(404, "not-found");
  return no_content();
}

Response notes_list(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  std::vector<std::string> levels;
  s.db().read([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, ctx.param("id"));
    for (auto level : {core::NoteLevel::general, core::NoteLevel::legal, core::NoteLevel::clinical})
      if (core::can_read_notes(ctx.user->role, level, access.facts)) levels.emplace_back(core::to_string(level));
    auto notes = s.cases().notes(tx, ctx.param("id"), levels);
    std::vector<std::string> authors;
    for (const auto& n : notes) authors.push_back(n.author_id);
    auto names = user_names(s, tx, authors);
    for (const auto& n : notes)
      items.push_back(json::object{{"id", n.id}, {"level", n.level}, {"body", n.body}, {"author_id", n.author_id},
                                   {"author", names[n.author_id]}, {"created_at", n.created_at}});
  });
  auto event = ctx.audit("note.read", "case", ctx.param("id"));
  event.details = json::serialize(json::object{{"levels", json::value_from(levels)}});
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return json_response(200, json::object{{"items", std::move(items)}, {"levels", json::value_from(levels)}});
}

Response notes_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"level", "body"});
  std::string level_text = optional_string(body, "level", 16).value_or("general");
  core::NoteLevel level;
  if (!core::parse_note_level(level_text, level)) throw Problem(422, "validation", {{"level", "field.invalid"}});
  std::string text = string_field(body, "body", 20000);
  core::Note n{core::new_id(), ctx.param("id"), level_text, text, ctx.user->id, core::now_iso8601()};
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, n.case_id, true);
    if (!core::can_read_notes(ctx.user->role, level, access.facts)) throw Problem(403, "forbidden");
    s.cases().add_note(tx, n);
    auto event = ctx.audit("note.create", "case", n.case_id);
    event.details = json::serialize(json::object{{"level", level_text}});
    s.audit().append(tx, event);
  });
  return json_response(201, json::object{{"id", n.id}, {"level", n.level}, {"body", n.body}, {"author_id", n.author_id},
                                         {"author", ctx.user->display_name}, {"created_at", n.created_at}});
}

Response encounters_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"case_id", "type", "happened_on", "duration_minutes", "site_id", "language",
                     "interpreter", "topics", "projects", "anonymous", "notes"});
  FieldErrors errors;
  core::Encounter e;
  e.case_id = optional_string(body, "case_id", 36);
  if (e.case_id && !core::is_id(*e.case_id)) errors.add("case_id", "field.invalid");
  e.type = optional_string(body, "type", 40).value_or("");
  if (!core::is_encounter_type(e.type)) errors.add("type", "field.invalid");
  e.happened_on = optional_string(body, "happened_on", 10).value_or(today());
  if (!valid_date(e.happened_on) || e.happened_on > latest_local_date()) errors.add("happened_on", "date.format");
  if (auto it = body.find("duration_minutes"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_int64() || it->value().as_int64() < 0 || it->value().as_int64() > 24 * 60)
      errors.add("duration_minutes", "field.invalid");
    else e.duration_minutes = static_cast<int>(it->value().as_int64());
  }
  e.site_id = optional_string(body, "site_id", 36);
  e.language = optional_string(body, "language", 3);
  if (e.language && !core::is_language_code(*e.language)) errors.add("language", "field.invalid");
  e.interpreter = optional_bool(body, "interpreter").value_or(false);
  e.topics = list_field(body, "topics", any_tag, errors);
  e.projects = list_field(body, "projects", any_tag, errors);
  e.notes = optional_string(body, "notes", 5000).value_or("");
  if (auto it = body.find("anonymous"); it != body.end() && !it->value().is_null()) {
    if (e.case_id) errors.add("anonymous", "field.invalid");  // either a case or anonymous
    if (!it->value().is_object()) errors.add("anonymous", "field.invalid");
    else {
      const auto& a = it->value().as_object();
      e.anonymous_gender = optional_string(a, "gender", 32);
      e.anonymous_age_band = optional_string(a, "age_band", 8);
      e.anonymous_nationality = optional_string(a, "nationality", 2);
      if (e.anonymous_gender && !core::is_gender(*e.anonymous_gender)) errors.add("anonymous.gender", "field.invalid");
      if (e.anonymous_age_band && !core::is_age_band(*e.anonymous_age_band)) errors.add("anonymous.age_band", "field.invalid");
      if (e.anonymous_nationality && !core::is_country_code(*e.anonymous_nationality)) errors.add("anonymous.nationality", "field.invalid");
    }
  } else if (!e.case_id) {
    errors.add("case_id", "field.required");
  }
  errors.throw_if_any();
  e.id = core::new_id();
  e.author_id = ctx.user->id;
  e.created_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    if (e.case_id) {
      auto access = load_case(ctx, tx, *e.case_id, true);
      e.person_id = access.the_case.person_id;
    }
    // Project codes: the encounter counts towards each of these projects (project_records).
    std::vector<std::string> project_ids;
    for (const auto& code : e.projects) {
      auto project = s.projects().find_by_code(tx, code);
      if (!project) throw Problem(422, "validation", {{"projects", "field.invalid"}});
      project_ids.push_back(project->id);
    }
    s.cases().add_encounter(tx, e);
    for (const auto& id : project_ids) s.projects().link(tx, id, "encounter", e.id);
    s.audit().append(tx, ctx.audit("encounter.create", e.case_id ? "case" : "", e.case_id.value_or("")));
  });
  return json_response(201, json::object{{"id", e.id}, {"type", e.type}, {"happened_on", e.happened_on},
                                         {"case_id", e.case_id ? json::value(*e.case_id) : json::value(nullptr)},
                                         {"anonymous", !e.case_id}});
}

Response encounters_of_case(Context& ctx) {
  int limit = limit_param(ctx.req, 100);
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"));
    for (const auto& e : s.cases().encounters_of_case(tx, ctx.param("id"), limit)) {
      items.push_back(json::object{{"id", e.id}, {"type", e.type}, {"happened_on", e.happened_on},
                                   {"duration_minutes", e.duration_minutes ? json::value(*e.duration_minutes) : json::value(nullptr)},
                                   {"site_id", e.site_id ? json::value(*e.site_id) : json::value(nullptr)},
                                   {"language", e.language ? json::value(*e.language) : json::value(nullptr)},
                                   {"interpreter", e.interpreter}, {"topics", json::value_from(e.topics)},
                                   {"projects", json::value_from(e.projects)}, {"notes", e.notes},
                                   {"author_id", e.author_id}, {"created_at", e.created_at}});
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

namespace {

json::object task_json(const core::Task& t) {
  return {{"id", t.id}, {"case_id", nullable(t.case_id)}, {"assignee_id", t.assignee_id}, {"kind", t.kind},
          {"title", t.title}, {"due_at", t.due_at}, {"remind_at", nullable(t.remind_at)}, {"done_at", nullable(t.done_at)},
          {"overdue", !t.done_at && t.due_at.substr(0, 10) < today()},
          // A reminder is due once its time has come and the task is still open.
          {"reminder_due", !t.done_at && t.remind_at && *t.remind_at <= core::now_iso8601().substr(0, t.remind_at->size())},
          {"version", t.version}};
}

bool valid_due(std::string_view d) { return (d.size() == 10 || d.size() == 20) && core::parse_iso8601(d).has_value(); }

}  // namespace

Response tasks_mine(Context& ctx) {
  bool done = query_param(ctx.req, "include_done", 5).value_or("false") == "true";
  int limit = limit_param(ctx.req, 100);
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    std::map<std::string, std::string> numbers;
    for (const auto& t : ctx.store().cases().tasks_of_user(tx, ctx.user->id, done, limit)) {
      json::object o = task_json(t);
      if (t.case_id) {
        if (!numbers.count(*t.case_id))
          if (auto c = ctx.store().cases().find(tx, *t.case_id)) numbers[*t.case_id] = c->number;
        o["case_number"] = numbers.count(*t.case_id) ? json::value(numbers[*t.case_id]) : json::value(nullptr);
      } else {
        o["case_number"] = nullptr;
      }
      items.push_back(std::move(o));
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response tasks_of_case(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"));
    for (const auto& t : ctx.store().cases().tasks_of_case(tx, ctx.param("id"))) items.push_back(task_json(t));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response tasks_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"case_id", "assignee_id", "kind", "title", "due_at", "remind_at"});
  FieldErrors errors;
  core::Task t;
  t.case_id = optional_string(body, "case_id", 36);
  if (t.case_id && !core::is_id(*t.case_id)) errors.add("case_id", "field.invalid");
  t.assignee_id = optional_string(body, "assignee_id", 36).value_or(ctx.user->id);
  if (!core::is_id(t.assignee_id)) errors.add("assignee_id", "field.invalid");
  t.kind = optional_string(body, "kind", 16).value_or("task");
  if (t.kind != "task" && t.kind != "appointment") errors.add("kind", "field.invalid");
  t.title = optional_string(body, "title", 500).value_or("");
  if (t.title.empty()) errors.add("title", "field.required");
  t.due_at = optional_string(body, "due_at", 20).value_or("");
  if (!valid_due(t.due_at)) errors.add("due_at", "date.format");
  t.remind_at = optional_string(body, "remind_at", 20);
  if (t.remind_at && !valid_due(*t.remind_at)) errors.add("remind_at", "date.format");
  errors.throw_if_any();
  t.id = core::new_id();
  t.created_by = ctx.user->id;
  t.created_at = t.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    if (t.case_id) {
      auto access = load_case(ctx, tx, *t.case_id, true);
      // A task on a case goes to someone on its team (or to oneself).
      bool on_team = std::any_of(access.the_case.team.begin(), access.the_case.team.end(),
                                 [&](const auto& m) { return m.user_id == t.assignee_id; });
      if (!on_team && t.assignee_id != ctx.user->id) throw Problem(422, "validation", {{"assignee_id", "field.invalid"}});
    } else if (t.assignee_id != ctx.user->id) {
      throw Problem(422, "validation", {{"assignee_id", "field.invalid"}});
    }
    s.cases().add_task(tx, t);
    s.audit().append(tx, ctx.audit("task.create", "task", t.id));
  });
  return with_etag(json_response(201, task_json(t)), t.version);
}

Response tasks_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"title", "due_at", "remind_at", "done", "kind"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  core::Task updated, current;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto t = s.cases().find_task(tx, ctx.param("id"));
    if (!t) throw Problem(404, "not-found");
    if (t->case_id) load_case(ctx, tx, *t->case_id, true);
    else if (t->assignee_id != ctx.user->id) throw Problem(404, "not-found");
    current = *t;
    FieldErrors errors;
    if (auto v = optional_string(body, "title", 500)) t->title = *v;
    if (auto v = optional_string(body, "due_at", 20)) {
      if (!valid_due(*v)) errors.add("due_at", "date.format");
      t->due_at = *v;
    }
    if (body.contains("remind_at")) t->remind_at = optional_string(body, "remind_at", 20);
    if (auto v = optional_string(body, "kind", 16)) {
      if (*v != "task" && *v != "appointment") errors.add("kind", "field.invalid");
      t->kind = *v;
    }
    if (auto done = optional_bool(body, "done")) t->done_at = *done ? std::optional<std::string>(core::now_iso8601()) : std::nullopt;
    errors.throw_if_any();
    outcome = s.cases().update_task(tx, *t, version);
    if (outcome != store::UpdateOutcome::updated) return;
    s.audit().append(tx, ctx.audit("task.update", "task", t->id));
    updated = *s.cases().find_task(tx, t->id);
  });
  if (outcome == store::UpdateOutcome::version_conflict) {
    throw_version_conflict(current.version, task_json(current), body);
  }
  return with_etag(json_response(200, task_json(updated)), updated.version);
}

Response break_glass_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"reason"});
  std::string reason = string_field(body, "reason", 1000);
  if (reason.size() < 10) throw Problem(422, "validation", {{"reason", "reason.short"}});
  store::Store& s = ctx.store();
  const std::string& case_id = ctx.param("id");
  std::string id = core::new_id();
  std::int64_t now = core::now_unix();
  constexpr std::int64_t kMinutes = 60;
  s.db().write([&](store::Tx& tx) {
    if (!s.cases().find(tx, case_id)) throw Problem(404, "not-found");
    s.cases().grant_break_glass(tx, id, ctx.user->id, case_id, reason, now, kMinutes * 60);
    auto event = ctx.audit("case.break_glass", "case", case_id);
    event.details = json::serialize(json::object{{"minutes", kMinutes}});
    s.audit().append(tx, event);
  });
  return json_response(201, json::object{{"id", id}, {"case_id", case_id},
                                         {"expires_at", core::iso8601_utc(now + kMinutes * 60)}});
}

Response break_glass_list(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    auto grants = s.cases().break_glass_since(tx, core::now_unix() - 30 * 86400);
    std::vector<std::string> ids;
    for (const auto& g : grants) ids.push_back(g.user_id);
    auto names = user_names(s, tx, ids);
    for (const auto& g : grants) {
      auto c = s.cases().find(tx, g.case_id);
      items.push_back(json::object{{"id", g.id}, {"user_id", g.user_id}, {"user", names[g.user_id]},
                                   {"case_id", g.case_id}, {"case_number", c ? c->number : ""},
                                   {"reason", g.reason}, {"granted_at", core::iso8601_utc(g.granted_at)},
                                   {"expires_at", core::iso8601_utc(g.expires_at)},
                                   {"active", g.expires_at > core::now_unix()}});
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response teams_list(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    for (const auto& t : s.cases().teams(tx))
      items.push_back(json::object{{"id", t.id}, {"name", t.name}, {"member_ids", json::value_from(t.member_ids)}});
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response teams_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"name"});
  std::string name = string_field(body, "name", 100);
  std::string id = core::new_id();
  store::Store& s = ctx.store();
  bool taken = false;
  s.db().write([&](store::Tx& tx) {
    for (const auto& t : s.cases().teams(tx)) taken |= t.name == name;
    if (taken) return;
    s.cases().create_team(tx, id, name);
    s.audit().append(tx, ctx.audit("team.create", "team", id));
  });
  if (taken) throw Problem(409, "conflict", {{"name", "field.invalid"}});
  return json_response(201, json::object{{"id", id}, {"name", name}, {"member_ids", json::array{}}});
}

static Response team_membership(Context& ctx, bool member) {
  const std::string& user_id = ctx.param("user_id");
  if (!core::is_id(user_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    bool exists = false;
    for (const auto& t : s.cases().teams(tx)) exists |= t.id == ctx.param("id");
    if (!exists || !s.users().find(tx, user_id)) throw Problem(404, "not-found");
    s.cases().set_team_member(tx, ctx.param("id"), user_id, member);
    auto event = ctx.audit(member ? "team.member_add" : "team.member_remove", "team", ctx.param("id"));
    event.details = json::serialize(json::object{{"user_id", user_id}});
    s.audit().append(tx, event);
  });
  ctx.app.forget_sessions(user_id);
  return no_content();
}

Response teams_member_put(Context& ctx) { return team_membership(ctx, true); }
Response teams_member_delete(Context& ctx) { return team_membership(ctx, false); }

}  // namespace passerelle::api
