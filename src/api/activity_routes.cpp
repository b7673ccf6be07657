// Group work (docs/api-v1-activities.md): activities and their dated sessions, attendance taken
// on a phone — members by person, outsiders by count, organisation and profession — and the
// member search that feeds it. Organisation-wide for the roles that hold activities.read /
// activities.work (access.md); members' names are shown only to them.
#include <algorithm>
#include <cctype>
#include <set>

#include "api/activity_support.h"
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/ids.h"
#include "core/indicators.h"
#include "core/permissions.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool is_audience(std::string_view s) {
  return s == "members" || s == "professionals" || s == "mixed" || s == "public";
}

bool valid_time(std::string_view t) {
  return t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
         std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3])) &&
         std::isdigit(static_cast<unsigned char>(t[4])) && t.substr(0, 2) <= "23" && t.substr(3, 2) <= "59";
}

// --- activities -------------------------------------------------------------------------------

json::object activity_json(Context& ctx, store::Tx& tx, const store::Activity& a) {
  return {{"id", a.id},
          {"type", a.type},
          {"title", a.title},
          {"description", a.description},
          {"themes", json::value_from(a.themes)},
          {"audience", a.audience},
          {"international", a.international},
          {"starts_on", nullable(a.starts_on)},
          {"ends_on", nullable(a.ends_on)},
          {"session_count", a.session_count},
          {"projects", project_links_json(ctx, tx, "activity", a.id)},
          {"version", a.version},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

void apply_activity(const json::object& o, store::Activity& a, bool creating, FieldErrors& errors) {
  if (creating || o.contains("type")) {
    auto type = optional_string(o, "type", 40).value_or("");
    if (type.empty()) errors.add("type", "field.required");
    else if (!core::is_activity_type(type)) errors.add("type", "field.invalid");
    else a.type = type;
  }
  if (creating || o.contains("title")) {
    auto title = optional_string(o, "title", 200).value_or("");
    if (title.empty()) errors.add("title", "field.required");
    else a.title = title;
  }
  if (o.contains("description")) a.description = optional_string(o, "description", 5000).value_or("");
  if (o.contains("themes")) a.themes = text_list(o, "themes", 20, 200, errors);
  if (o.contains("audience")) {
    auto audience = optional_string(o, "audience", 20).value_or("");
    if (!is_audience(audience)) errors.add("audience", "field.invalid");
    else a.audience = audience;
  }
  if (auto b = optional_bool(o, "international")) a.international = *b;
  if (o.contains("starts_on")) a.starts_on = date_member(o, "starts_on", errors);
  if (o.contains("ends_on")) a.ends_on = date_member(o, "ends_on", errors);
  if (a.starts_on && a.ends_on && *a.ends_on < *a.starts_on) errors.add("ends_on", "field.invalid");
}

store::Activity load_activity(Context& ctx, store::Tx& tx, const std::string& id) {
  auto a = ctx.store().activities().find_activity(tx, id);
  if (!a) throw Problem(404, "not-found");
  return *a;
}

// --- sessions ---------------------------------------------------------------------------------

struct ActivityNames {
  std::map<std::string, std::optional<store::Activity>> cache;
  const store::Activity* get(Context& ctx, store::Tx& tx, const std::string& id) {
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, ctx.store().activities().find_activity(tx, id)).first;
    return it->second ? &*it->second : nullptr;
  }
};

json::object session_json(Context& ctx, store::Tx& tx, const store::Session& s, ActivityNames& activities) {
  const store::Activity* a = activities.get(ctx, tx, s.activity_id);
  json::array guests, materials;
  for (const auto& g : s.guests)
    guests.push_back(json::object{{"name", g.name}, {"role", g.role}, {"organisation", g.organisation}});
  for (const auto& m : s.materials) materials.push_back(json::object{{"title", m.title}, {"link", m.link}});
  return {{"id", s.id},
          {"activity_id", s.activity_id},
          {"activity_title", a ? a->title : ""},
          {"activity_type", a ? a->type : ""},
          {"held_on", s.held_on},
          {"starts_at", nullable(s.starts_at)},
          {"duration_minutes", s.duration_minutes ? json::value(*s.duration_minutes) : json::value(nullptr)},
          {"site_id", nullable(s.site_id)},
          {"place", nullable(s.place)},
          {"theme", nullable(s.theme)},
          {"work", nullable(s.work)},
          {"facilitators", json::value_from(s.facilitators)},
          {"guests", std::move(guests)},
          {"materials", std::move(materials)},
          {"notes", s.notes},
          {"member_count", s.member_count},
          {"outsider_count", s.outsider_count},
          {"projects", project_links_json(ctx, tx, "session", s.id)},
          {"version", s.version},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

std::optional<std::string> short_text(const json::object& o, std::string_view name) {
  auto v = optional_string(o, name, 200);
  if (v && v->empty()) v.reset();
  return v;
}

// Reads the session members present in `o`; what needs the database (site, facilitators) is
// checked by check_session_references.
void apply_session(const json::object& o, store::Session& s, bool creating, FieldErrors& errors) {
  if (creating || o.contains("held_on")) {
    auto d = date_member(o, "held_on", errors);
    if (d) s.held_on = *d;
    else if (!o.contains("held_on") || o.at("held_on").is_null()) errors.add("held_on", "field.required");
  }
  if (o.contains("starts_at")) {
    s.starts_at = optional_string(o, "starts_at", 5);
    if (s.starts_at && !valid_time(*s.starts_at)) errors.add("starts_at", "field.invalid");
  }
  if (o.contains("duration_minutes")) {
    auto d = int_member(o, "duration_minutes", 1, 24 * 60, errors);
    s.duration_minutes = d ? std::optional<int>(static_cast<int>(*d)) : std::nullopt;
  }
  if (o.contains("site_id")) {
    s.site_id = optional_string(o, "site_id", 36);
    if (s.site_id && !core::is_id(*s.site_id)) errors.add("site_id", "field.invalid");
  }
  if (o.contains("place")) s.place = short_text(o, "place");
  if (o.contains("theme")) s.theme = short_text(o, "theme");
  if (o.contains("work")) s.work = short_text(o, "work");
  if (o.contains("facilitators")) {
    s.facilitators = text_list(o, "facilitators", 20, 36, errors);
    std::set<std::string> seen;
    for (const auto& id : s.facilitators)
      if (!core::is_id(id) || !seen.insert(id).second) {
        errors.add("facilitators", "field.invalid");
        break;
      }
  }
  if (auto it = o.find("guests"); it != o.end()) {
    s.guests.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 20)) {
      errors.add("guests", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& g : it->value().as_array()) {
        if (!g.is_object() || std::any_of(g.as_object().begin(), g.as_object().end(), [](const auto& m) {
              return m.key() != "name" && m.key() != "role" && m.key() != "organisation";
            })) {
          errors.add("guests", "field.invalid");
          break;
        }
        store::Guest guest{optional_string(g.as_object(), "name", 200).value_or(""),
                           optional_string(g.as_object(), "role", 200).value_or(""),
                           optional_string(g.as_object(), "organisation", 200).value_or("")};
        if (guest.name.empty()) {
          errors.add("guests", "field.required");
          break;
        }
        s.guests.push_back(std::move(guest));
      }
    }
  }
  if (auto it = o.find("materials"); it != o.end()) {
    s.materials.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 50)) {
      errors.add("materials", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& m : it->value().as_array()) {
        if (!m.is_object() || std::any_of(m.as_object().begin(), m.as_object().end(), [](const auto& member) {
              return member.key() != "title" && member.key() != "link";
            })) {
          errors.add("materials", "field.invalid");
          break;
        }
        store::Material material{optional_string(m.as_object(), "title", 200).value_or(""),
                                 optional_string(m.as_object(), "link", 2000).value_or("")};
        if (material.title.empty() || (!material.link.empty() && !valid_link(material.link))) {
          errors.add("materials", "field.invalid");
          break;
        }
        s.materials.push_back(std::move(material));
      }
    }
  }
  if (o.contains("notes")) s.notes = optional_string(o, "notes", 5000).value_or("");
}

// The site must be one of the sites; facilitators active users who do activities work.
void check_session_references(Context& ctx, store::Tx& tx, const store::Session& s) {
  store::Store& st = ctx.store();
  if (s.site_id) {
    auto sites = st.details().sites(tx);
    if (std::none_of(sites.begin(), sites.end(), [&](const auto& site) { return site.id == *s.site_id; }))
      throw Problem(422, "validation", {{"site_id", "field.invalid"}});
  }
  for (const auto& id : s.facilitators) {
    auto u = st.users().find(tx, id);
    if (!u || u->disabled || !core::role_has(u->role, core::perm::activities_work))
      throw Problem(422, "validation", {{"facilitators", "field.invalid"}});
  }
}

store::Session load_session(Context& ctx, store::Tx& tx, const std::string& id) {
  auto s = ctx.store().activities().find_session(tx, id);
  if (!s) throw Problem(404, "not-found");
  return *s;
}

json::object attendance_json(const store::Attendance& a, const std::map<std::string, core::Person>& people) {
  json::value name = nullptr;
  if (a.person_id)
    if (auto it = people.find(*a.person_id); it != people.end()) name = person_name(it->second);
  return {{"id", a.id},
          {"session_id", a.session_id},
          {"person_id", nullable(a.person_id)},
          {"person_name", std::move(name)},
          {"outsider_count", a.outsider_count ? json::value(*a.outsider_count) : json::value(nullptr)},
          {"organisation", nullable(a.organisation)},
          {"profession", nullable(a.profession)},
          {"role", a.role}};
}

json::array attendance_list(Context& ctx, store::Tx& tx, const std::string& session_id) {
  auto rows = ctx.store().activities().attendance_of(tx, session_id);
  std::vector<std::string> ids;
  for (const auto& a : rows)
    if (a.person_id) ids.push_back(*a.person_id);
  auto people = ctx.store().people().find_many(tx, ids);
  json::array out;
  for (const auto& a : rows) out.push_back(attendance_json(a, people));
  return out;
}

}  // namespace

Response activities_list(Context& ctx) {
  int limit = limit_param(ctx.req, 100);
  std::string type = query_param(ctx.req, "type", 40).value_or("");
  if (!type.empty() && !core::is_activity_type(type)) throw Problem(400, "validation", {{"type", "field.invalid"}});
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    for (const auto& a : ctx.store().activities().activities(tx, type, limit)) items.push_back(activity_json(ctx, tx, a));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response activities_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"type", "title", "description", "themes", "audience", "international", "starts_on",
                     "ends_on", "projects"});
  FieldErrors errors;
  store::Activity a;
  apply_activity(body, a, true, errors);
  auto projects = project_ids_field(body, errors);
  errors.throw_if_any();
  a.id = core::new_id();
  a.created_by = ctx.user->id;
  a.created_at = a.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    s.activities().create_activity(tx, a);
    if (projects) set_project_links(ctx, tx, "activity", a.id, *projects);
    auto event = ctx.audit("activity.create", "activity", a.id);
    event.details = json::serialize(json::object{{"type", a.type}});
    s.audit().append(tx, event);
    out = activity_json(ctx, tx, load_activity(ctx, tx, a.id));
  });
  Response r = with_etag(json_response(201, out), a.version);
  r.headers["location"] = "/api/v1/activities/" + a.id;
  return r;
}

Response activities_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  std::int64_t version = 0;
  s.db().read([&](store::Tx& tx) {
    auto a = load_activity(ctx, tx, ctx.param("id"));
    version = a.version;
    out = activity_json(ctx, tx, a);
    ActivityNames names;
    json::array sessions;
    for (const auto& session : s.activities().sessions_of(tx, a.id)) sessions.push_back(session_json(ctx, tx, session, names));
    out["sessions"] = std::move(sessions);
  });
  return with_etag(json_response(200, out), version);
}

Response activities_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"type", "title", "description", "themes", "audience", "international", "starts_on",
                     "ends_on", "projects"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_activity(ctx, tx, ctx.param("id"));
    current_version = current.version;
    current_json = activity_json(ctx, tx, current);
    store::Activity next = current;
    FieldErrors errors;
    apply_activity(body, next, false, errors);
    auto projects = project_ids_field(body, errors);
    errors.throw_if_any();
    next.updated_at = core::now_iso8601();
    outcome = s.activities().update_activity(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    if (projects) set_project_links(ctx, tx, "activity", next.id, *projects);
    auto event = ctx.audit("activity.update", "activity", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}});
    s.audit().append(tx, event);
    auto stored = load_activity(ctx, tx, next.id);
    new_version = stored.version;
    out = activity_json(ctx, tx, stored);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response sessions_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"held_on", "starts_at", "duration_minutes", "site_id", "place", "theme", "work",
                     "facilitators", "guests", "materials", "notes", "projects"});
  FieldErrors errors;
  store::Session session;
  apply_session(body, session, true, errors);
  auto projects = project_ids_field(body, errors);
  errors.throw_if_any();
  session.id = core::new_id();
  session.activity_id = ctx.param("id");
  session.created_by = ctx.user->id;
  session.created_at = session.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    load_activity(ctx, tx, session.activity_id);
    check_session_references(ctx, tx, session);
    s.activities().create_session(tx, session);
    if (projects) set_project_links(ctx, tx, "session", session.id, *projects);
    s.audit().append(tx, ctx.audit("session.create", "session", session.id));
    ActivityNames names;
    out = session_json(ctx, tx, load_session(ctx, tx, session.id), names);
  });
  Response r = with_etag(json_response(201, out), session.version);
  r.headers["location"] = "/api/v1/sessions/" + session.id;
  return r;
}

Response sessions_list(Context& ctx) {
  int limit = limit_param(ctx.req, 200);
  std::string t = today();
  auto from = query_param(ctx.req, "from", 10).value_or(*core::dates::plus_days(t, -7));
  auto to = query_param(ctx.req, "to", 10).value_or(*core::dates::plus_days(t, 7));
  if (!valid_date(from)) throw Problem(400, "validation", {{"from", "date.format"}});
  if (!valid_date(to)) throw Problem(400, "validation", {{"to", "date.format"}});
  // A year at most: the list is a phone's, not an export.
  if (to < from || to > *core::dates::plus_days(from, 366)) throw Problem(400, "validation", {{"to", "field.invalid"}});
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    ActivityNames names;
    for (const auto& session : ctx.store().activities().sessions_between(tx, from, to, limit))
      items.push_back(session_json(ctx, tx, session, names));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response sessions_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  std::int64_t version = 0;
  s.db().read([&](store::Tx& tx) {
    auto session = load_session(ctx, tx, ctx.param("id"));
    version = session.version;
    ActivityNames names;
    out = session_json(ctx, tx, session, names);
    out["attendance"] = attendance_list(ctx, tx, session.id);
  });
  return with_etag(json_response(200, out), version);
}

Response sessions_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"held_on", "starts_at", "duration_minutes", "site_id", "place", "theme", "work",
                     "facilitators", "guests", "materials", "notes", "projects"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_session(ctx, tx, ctx.param("id"));
    ActivityNames names;
    current_version = current.version;
    current_json = session_json(ctx, tx, current, names);
    store::Session next = current;
    FieldErrors errors;
    apply_session(body, next, false, errors);
    auto projects = project_ids_field(body, errors);
    errors.throw_if_any();
    check_session_references(ctx, tx, next);
    next.updated_at = core::now_iso8601();
    outcome = s.activities().update_session(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    if (projects) set_project_links(ctx, tx, "session", next.id, *projects);
    auto event = ctx.audit("session.update", "session", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}});
    s.audit().append(tx, event);
    auto stored = load_session(ctx, tx, next.id);
    new_version = stored.version;
    out = session_json(ctx, tx, stored, names);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response attendance_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"person_id", "role", "outsider_count", "organisation", "profession"});
  FieldErrors errors;
  store::Attendance a;
  a.person_id = optional_string(body, "person_id", 36);
  if (a.person_id && !core::is_id(*a.person_id)) errors.add("person_id", "field.invalid");
  a.role = optional_string(body, "role", 20).value_or("participant");
  if (!core::is_attendance_role(a.role)) errors.add("role", "field.invalid");
  auto present = [&](std::string_view name) { return body.contains(name) && !body.at(name).is_null(); };
  bool outsiders = present("outsider_count") || present("profession") || present("organisation");
  if (a.person_id && outsiders) {
    // Either one member by name or a group of outsiders by count, never both in one line.
    errors.add("outsider_count", "field.invalid");
  } else if (!a.person_id && !outsiders) {
    errors.add("person_id", "field.required");
  } else if (outsiders) {
    auto count = int_member(body, "outsider_count", 1, 10000, errors);
    if (count) a.outsider_count = static_cast<int>(*count);
    else if (!present("outsider_count")) errors.add("outsider_count", "field.required");
    a.organisation = optional_string(body, "organisation", 200);
    if (a.organisation && a.organisation->empty()) a.organisation.reset();
    a.profession = optional_string(body, "profession", 40);
    if (!a.profession) errors.add("profession", "field.required");
    else if (!core::is_profession(*a.profession)) errors.add("profession", "field.invalid");
  }
  errors.throw_if_any();
  a.id = core::new_id();
  a.session_id = ctx.param("id");
  a.recorded_by = ctx.user->id;
  a.created_at = core::now_iso8601();
  store::Store& s = ctx.store();
  std::map<std::string, core::Person> people;
  bool added = false;
  s.db().write([&](store::Tx& tx) {
    load_session(ctx, tx, a.session_id);
    if (a.person_id) {
      // Only members take part by name; anyone else is counted as an outsider. A restricted
      // file is kept, not added to.
      auto p = s.people().find(tx, *a.person_id);
      if (!p || !p->member || p->merged_into || p->restricted)
        throw Problem(422, "validation", {{"person_id", "field.invalid"}});
      people.emplace(p->id, *p);
    }
    added = s.activities().add_attendance(tx, a);
    if (!added) return;
    auto event = ctx.audit("attendance.add", "session", a.session_id);
    event.details = a.person_id
                        ? json::serialize(json::object{{"member", true}, {"role", a.role}})
                        : json::serialize(json::object{{"member", false}, {"count", *a.outsider_count},
                                                       {"profession", *a.profession}});
    s.audit().append(tx, event);
  });
  if (!added) throw Problem(409, "conflict", {{"person_id", "attendance.duplicate"}});
  return json_response(201, attendance_json(a, people));
}

Response attendance_delete(Context& ctx) {
  const std::string& attendance_id = ctx.param("attendance_id");
  if (!core::is_id(attendance_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  bool removed = false;
  s.db().write([&](store::Tx& tx) {
    load_session(ctx, tx, ctx.param("id"));
    removed = s.activities().remove_attendance(tx, ctx.param("id"), attendance_id);
    if (!removed) return;
    auto event = ctx.audit("attendance.remove", "session", ctx.param("id"));
    event.details = json::serialize(json::object{{"attendance_id", attendance_id}});
    s.audit().append(tx, event);
  });
  if (!removed) throw Problem(404, "not-found");
  return no_content();
}

Response members_search(Context& ctx) {
  auto q = query_param(ctx.req, "q", 200);
  if (!q) throw Problem(400, "validation", {{"q", "field.required"}});
  constexpr std::size_t kMax = 20;
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    std::vector<std::string> ids;
    for (const auto& m : s.people().search_name(tx, *q, 99, 200)) ids.push_back(m.person_id);
    // In chunks, best match first, until the page is full.
    for (std::size_t start = 0; start < ids.size() && items.size() < kMax; start += 50) {
      std::vector<std::string> chunk(ids.begin() + start, ids.begin() + std::min(ids.size(), start + 50));
      auto people = s.people().find_many(tx, chunk);
      for (const auto& id : chunk) {
        auto it = people.find(id);
        if (it == people.end() || !it->second.member || it->second.merged_into) continue;
        items.push_back(json::object{{"id", id}, {"name", person_name(it->second)}});
        if (items.size() == kMax) break;
      }
    }
  });
  auto event = ctx.audit("member.search");
  event.details = "{\"results\":" + std::to_string(items.size()) + "}";
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace passerelle::api
