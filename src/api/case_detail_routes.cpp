// The smaller parts of a case: historic trafficking events (HTCDS hte_), support-plan goals with
// progress (spl_), the needs assessment; household relations of a person; sites; the timeline.
#include <algorithm>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/permissions.h"
#include "core/procedures.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool is_stage(std::string_view s) { return s == "Recruitment" || s == "Transit" || s == "Exploitation"; }

bool is_goal_type(std::string_view s) {
  static const std::vector<std::string_view> v = {
      "Education", "Financial", "Health", "LabourExploitationRehabilitation", "Legal",
      "Livelihood", "RightsBasedTraining", "SexualExploitationRehabilitation", "SocialCare",
      "Housing"};
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool is_goal_status(std::string_view s) {
  return s == "open" || s == "in_progress" || s == "achieved" || s == "dropped";
}

bool is_need(std::string_view s) {
  static const std::vector<std::string_view> v = {
      "safety", "shelter", "health", "mental_health", "legal", "documents", "residence",
      "income", "employment", "training", "language", "children", "family", "other"};
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool is_need_status(std::string_view s) {
  return s == "identified" || s == "in_progress" || s == "met" || s == "not_applicable";
}

bool is_relation(std::string_view s) {
  return s == "child" || s == "parent" || s == "partner" || s == "sibling" || s == "other";
}

json::object goal_json(const store::CaseGoal& g) {
  return {{"id", g.id}, {"case_id", g.case_id}, {"type", g.type}, {"objective", g.objective},
          {"status", g.status}, {"progress", g.progress}, {"planned_end", nullable(g.planned_end)},
          {"created_at", g.created_at}, {"updated_at", g.updated_at}, {"version", g.version}};
}

}  // namespace

Response events_list(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"));
    for (const auto& e : ctx.store().details().events(tx, ctx.param("id")))
      items.push_back(json::object{{"id", e.id}, {"stage", e.stage}, {"country", nullable(e.country)},
                                   {"place", e.place}, {"happened_on", nullable(e.happened_on)},
                                   {"description", e.description}, {"created_at", e.created_at}});
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response events_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"stage", "country", "place", "happened_on", "description"});
  FieldErrors errors;
  store::TraffickingEvent e;
  e.stage = optional_string(body, "stage", 20).value_or("");
  if (!is_stage(e.stage)) errors.add("stage", "field.invalid");
  e.country = optional_string(body, "country", 2);
  if (e.country && !core::is_country_code(*e.country)) errors.add("country", "field.invalid");
  e.place = optional_string(body, "place", 300).value_or("");
  e.happened_on = optional_string(body, "happened_on", 10);
  if (e.happened_on && !valid_date(*e.happened_on)) errors.add("happened_on", "date.format");
  e.description = optional_string(body, "description", 5000).value_or("");
  errors.throw_if_any();
  e.id = core::new_id();
  e.case_id = ctx.param("id");
  e.created_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_case(ctx, tx, e.case_id, true);
    s.details().add_event(tx, e);
    s.audit().append(tx, ctx.audit("case.event_add", "case", e.case_id));
  });
  return json_response(201, json::object{{"id", e.id}, {"stage", e.stage}});
}

Response goals_list(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"));
    for (const auto& g : ctx.store().details().goals(tx, ctx.param("id"))) items.push_back(goal_json(g));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

static void apply_goal(const json::object& body, store::CaseGoal& g, FieldErrors& errors) {
  if (body.contains("type")) {
    g.type = optional_string(body, "type", 40).value_or("");
    if (!is_goal_type(g.type)) errors.add("type", "field.invalid");
  }
  if (body.contains("objective")) g.objective = optional_string(body, "objective", 2000).value_or("");
  if (body.contains("status")) {
    g.status = optional_string(body, "status", 20).value_or("");
    if (!is_goal_status(g.status)) errors.add("status", "field.invalid");
  }
  if (auto it = body.find("progress"); it != body.end()) {
    if (!it->value().is_int64() || it->value().as_int64() < 0 || it->value().as_int64() > 100)
      errors.add("progress", "field.invalid");
    else g.progress = static_cast<int>(it->value().as_int64());
  }
  if (body.contains("planned_end")) {
    g.planned_end = optional_string(body, "planned_end", 10);
    if (g.planned_end && !valid_date(*g.planned_end)) errors.add("planned_end", "date.format");
  }
  if (g.objective.empty()) errors.add("objective", "field.required");
}

Response goals_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"type", "objective", "status", "progress", "planned_end"});
  store::CaseGoal g;
  g.status = "open";
  FieldErrors errors;
  if (!body.contains("type")) errors.add("type", "field.required");
  apply_goal(body, g, errors);
  errors.throw_if_any();
  g.id = core::new_id();
  g.case_id = ctx.param("id");
  g.created_at = g.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_case(ctx, tx, g.case_id, true);
    s.details().add_goal(tx, g);
    s.audit().append(tx, ctx.audit("case.goal_add", "case", g.case_id));
  });
  return json_response(201, goal_json(g));
}

Response goals_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"type", "objective", "status", "progress", "planned_end"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  store::CaseGoal updated, current;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto g = s.details().find_goal(tx, ctx.param("id"));
    if (!g) throw Problem(404, "not-found");
    load_case(ctx, tx, g->case_id, true);
    current = *g;
    FieldErrors errors;
    apply_goal(body, *g, errors);
    errors.throw_if_any();
    outcome = s.details().update_goal(tx, *g, version);
    if (outcome != store::UpdateOutcome::updated) return;
    s.audit().append(tx, ctx.audit("case.goal_update", "case", g->case_id));
    updated = *s.details().find_goal(tx, g->id);
  });
  if (outcome == store::UpdateOutcome::version_conflict) {
    throw_version_conflict(current.version, goal_json(current), body);
  }
  Response r = json_response(200, goal_json(updated));
  r.headers["etag"] = "\"" + std::to_string(updated.version) + "\"";
  return r;
}

Response needs_get(Context& ctx) {
  std::string needs;
  ctx.store().db().read([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"));
    needs = ctx.store().details().needs(tx, ctx.param("id"));
  });
  json::error_code ec;
  auto v = json::parse(needs, ec);
  return json_response(200, json::object{{"needs", ec ? json::value(json::object{}) : v}});
}

Response needs_put(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"needs"});
  auto it = body.find("needs");
  if (it == body.end() || !it->value().is_object()) throw Problem(422, "validation", {{"needs", "field.invalid"}});
  FieldErrors errors;
  for (const auto& [k, v] : it->value().as_object())
    if (!is_need(k) || !v.is_string() || !is_need_status(v.as_string())) errors.add("needs." + std::string(k.substr(0, 30)), "field.invalid");
  errors.throw_if_any();
  std::string text = json::serialize(it->value());
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_case(ctx, tx, ctx.param("id"), true);
    s.details().set_needs(tx, ctx.param("id"), text);
    s.audit().append(tx, ctx.audit("case.needs_update", "case", ctx.param("id")));
  });
  return json_response(200, json::object{{"needs", it->value()}});
}

Response relations_list(Context& ctx) {
  json::array items;
  store::Store& s = ctx.store();
  s.db().read([&](store::Tx& tx) {
    auto p = s.people().find(tx, ctx.param("id"));
    if (!p || !can_read_person(ctx, tx, *p)) throw Problem(404, "not-found");
    for (const auto& r : s.details().relations(tx, p->id)) {
      json::object o{{"relative_id", r.relative_id}, {"relation", r.relation}};
      // A relative's name only if the user may see that person too.
      auto rel = s.people().find(tx, r.relative_id);
      if (rel && can_read_person(ctx, tx, *rel)) {
        o["given_name"] = rel->given_name;
        o["family_name"] = rel->family_name;
        o["minor"] = core::is_minor(*rel, current_year());
      }
      items.push_back(std::move(o));
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response relations_put(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"relation"});
  std::string relation = string_field(body, "relation", 20);
  if (!is_relation(relation)) throw Problem(422, "validation", {{"relation", "field.invalid"}});
  const std::string& relative = ctx.param("relative_id");
  if (!core::is_id(relative) || relative == ctx.param("id")) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    auto p = s.people().find(tx, ctx.param("id"));
    auto r = s.people().find(tx, relative);
    if (!p || !r || !can_write_person(ctx, tx, *p) || !can_read_person(ctx, tx, *r)) throw Problem(404, "not-found");
    s.details().set_relation(tx, {p->id, r->id, relation});
    s.audit().append(tx, ctx.audit("person.relation_set", "person", p->id));
  });
  return no_content();
}

Response relations_delete(Context& ctx) {
  store::Store& s = ctx.store();
  bool removed = false;
  s.db().write([&](store::Tx& tx) {
    auto p = s.people().find(tx, ctx.param("id"));
    if (!p || !can_write_person(ctx, tx, *p)) throw Problem(404, "not-found");
    removed = s.details().remove_relation(tx, p->id, ctx.param("relative_id"));
    if (removed) s.audit().append(tx, ctx.audit("person.relation_remove", "person", p->id));
  });
  if (!removed) throw Problem(404, "not-found");
  return no_content();
}

Response sites_list(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    for (const auto& site : ctx.store().details().sites(tx))
      items.push_back(json::object{{"id", site.id}, {"name", site.name}, {"kind", site.kind}, {"active", site.active}});
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response sites_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"name", "kind"});
  store::Site site;
  site.id = core::new_id();
  site.name = string_field(body, "name", 120);
  site.kind = optional_string(body, "kind", 20).value_or("other");
  static const std::vector<std::string> kinds = {"outreach", "office", "pad", "court", "hospital", "police", "prefecture", "other"};
  if (std::find(kinds.begin(), kinds.end(), site.kind) == kinds.end()) throw Problem(422, "validation", {{"kind", "field.invalid"}});
  store::Store& s = ctx.store();
  bool taken = false;
  s.db().write([&](store::Tx& tx) {
    for (const auto& existing : s.details().sites(tx)) taken |= existing.name == site.name;
    if (taken) return;
    s.details().add_site(tx, site);
    s.audit().append(tx, ctx.audit("site.create", "site", site.id));
  });
  if (taken) throw Problem(409, "conflict", {{"name", "field.invalid"}});
  return json_response(201, json::object{{"id", site.id}, {"name", site.name}, {"kind", site.kind}, {"active", true}});
}

// Everything that happened on a case, newest first: encounters, notes of the levels the reader
// may see, tasks, goals, historic events, consents of the person, and changes from the audit log.
Response case_timeline(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, ctx.param("id"));
    const core::Case& c = access.the_case;
    auto add = [&](std::string at, std::string kind, json::object data) {
      data["at"] = at;
      data["kind"] = kind;
      items.push_back(std::move(data));
    };
    add(c.opened_on, "case_opened", {{"number", c.number}});
    if (c.closed_on) add(*c.closed_on, "case_closed", {{"status", c.status}});
    for (const auto& e : s.cases().encounters_of_case(tx, c.id, 500))
      add(e.happened_on, "encounter", {{"type", e.type}, {"duration_minutes", e.duration_minutes ? json::value(*e.duration_minutes) : json::value(nullptr)}, {"notes", e.notes}});
    std::vector<std::string> levels;
    for (auto level : {core::NoteLevel::general, core::NoteLevel::legal, core::NoteLevel::clinical})
      if (core::can_read_notes(ctx.user->role, level, access.facts)) levels.emplace_back(core::to_string(level));
    for (const auto& n : s.cases().notes(tx, c.id, levels))
      add(n.created_at, "note", {{"level", n.level}, {"body", n.body}});
    for (const auto& t : s.cases().tasks_of_case(tx, c.id))
      add(t.due_at, t.kind, {{"title", t.title}, {"done", t.done_at.has_value()}});
    for (const auto& g : s.details().goals(tx, c.id))
      add(g.created_at, "goal", {{"type", g.type}, {"objective", g.objective}, {"status", g.status}, {"progress", g.progress}});
    for (const auto& e : s.details().events(tx, c.id))
      add(e.happened_on.value_or(e.created_at), "trafficking_event", {{"stage", e.stage}, {"country", nullable(e.country)}});
    for (const auto& cons : s.cases().consents(tx, c.person_id))
      add(cons.given_on, "consent", {{"purpose", cons.purpose}, {"status", cons.status}});
    // Procedures of the kinds the reader may see: their opening, then each status change and
    // dated step (the opening step itself, without a from status, is the opening).
    auto steps = s.procedures().steps_of_case(tx, c.id);
    for (const auto& p : s.procedures().of_case(tx, c.id)) {
      const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
      if (!kind || !core::role_has(ctx.user->role, core::area_permission(kind->area))) continue;
      const auto& history = steps[p.id];
      auto opening = std::find_if(history.begin(), history.end(), [](const auto& st) {
        return st.kind == "transition" && !st.from_status;
      });
      add(p.opened_on, "procedure_opened",
          {{"procedure_id", p.id}, {"procedure_kind", p.kind}, {"from_status", nullptr},
           {"to_status", opening == history.end() ? json::value(nullptr) : nullable(opening->to_status)},
           {"step_kind", nullptr}});
      for (const auto& st : history) {
        if (st.kind == "transition" && !st.from_status) continue;
        add(st.happened_on, "procedure_step",
            {{"procedure_id", p.id}, {"procedure_kind", p.kind}, {"from_status", nullable(st.from_status)},
             {"to_status", nullable(st.to_status)}, {"step_kind", st.kind}});
      }
    }
  });
  std::sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
    return a.as_object().at("at").as_string() > b.as_object().at("at").as_string();
  });
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, ctx.audit("case.read", "case", ctx.param("id"))); });
  return json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace passerelle::api
