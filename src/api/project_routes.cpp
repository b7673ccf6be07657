// Projects (grants) and their indicators (docs/api-v1-activities.md): period, aims, funders and
// amounts, partners, narrative fields for reports, which project viewers report on them, which
// records count towards them, and the indicators declared as data (core/indicators.h) with their
// targets and milestones. Project viewers see only their projects; any other answers 404.
#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "api/activity_support.h"
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/indicators.h"
#include "core/permissions.h"
#include "core/person.h"
#include "core/procedures.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool is_project_code(std::string_view s) {
  if (s.size() < 2 || s.size() > 40) return false;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_narrative_key(std::string_view s) {
  return !s.empty() && s.size() <= 40 && s[0] >= 'a' && s[0] <= 'z' &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_currency(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Filters written as a scalar in the API (a one-item list inside); the booleans among them.
bool is_scalar_filter(std::string_view f) {
  return f == "audience" || f == "international" || f == "procedure_kind" || f == "direction" || f == "minor" ||
         f == "member";
}
bool is_boolean_filter(std::string_view f) { return f == "international" || f == "minor" || f == "member"; }

json::object filters_json(const core::IndicatorFilters& filters) {
  json::object out;
  for (const auto& [name, values] : filters) {
    if (is_scalar_filter(name) && values.size() == 1) {
      if (is_boolean_filter(name)) out[name] = values.front() == "true";
      else out[name] = values.front();
    } else {
      out[name] = json::value_from(values);
    }
  }
  return out;
}

json::object indicator_json(const store::Indicator& i) {
  json::array milestones;
  for (const auto& m : i.milestones) milestones.push_back(json::object{{"on", m.on}, {"value", m.value}});
  return {{"id", i.id},
          {"project_id", i.project_id},
          {"position", i.position},
          {"name", i.name},
          {"counts", i.definition.counts},
          {"filters", filters_json(i.definition.filters)},
          {"target", i.target ? json::value(*i.target) : json::value(nullptr)},
          {"milestones", std::move(milestones)},
          {"version", i.version}};
}

json::object project_json(Context& ctx, store::Tx& tx, const store::Project& p, bool with_indicators) {
  json::array funders, partners, viewers;
  for (const auto& f : p.funders)
    funders.push_back(json::object{{"name", f.name}, {"amount_cents", f.amount_cents}, {"currency", f.currency}});
  for (const auto& x : p.partners)
    partners.push_back(json::object{{"partner_id", nullable(x.partner_id)}, {"name", x.name}, {"country", nullable(x.country)}});
  json::object narrative;
  for (const auto& [k, v] : p.narrative) narrative[k] = v;
  for (const auto& id : ctx.store().projects().viewers(tx, p.id)) viewers.emplace_back(id);
  json::object out{{"id", p.id},
                   {"code", p.code},
                   {"name", p.name},
                   {"starts_on", p.starts_on},
                   {"ends_on", nullable(p.ends_on)},
                   {"aims", p.aims},
                   {"funders", std::move(funders)},
                   {"partners", std::move(partners)},
                   {"narrative", std::move(narrative)},
                   {"viewers", std::move(viewers)},
                   {"version", p.version},
                   {"created_at", p.created_at},
                   {"updated_at", p.updated_at}};
  if (with_indicators) {
    json::array indicators;
    for (const auto& i : ctx.store().projects().indicators_of(tx, p.id)) indicators.push_back(indicator_json(i));
    out["indicators"] = std::move(indicators);
  }
  return out;
}

// Reads the project members present in `o`. Partners from the directory are checked against it
// by check_partners (it needs the database).
void apply_project(const json::object& o, store::Project& p, bool creating, FieldErrors& errors) {
  if (creating) {
    auto code = optional_string(o, "code", 40).value_or("");
    if (code.empty()) errors.add("code", "field.required");
    else if (!is_project_code(code)) errors.add("code", "field.invalid");
    else p.code = code;
  }
  if (creating || o.contains("name")) {
    auto name = optional_string(o, "name", 200).value_or("");
    if (name.empty()) errors.add("name", "field.required");
    else p.name = name;
  }
  if (creating || o.contains("starts_on")) {
    auto d = date_member(o, "starts_on", errors);
    if (d) p.starts_on = *d;
    else if (!o.contains("starts_on") || o.at("starts_on").is_null()) errors.add("starts_on", "field.required");
  }
  if (o.contains("ends_on")) p.ends_on = date_member(o, "ends_on", errors);
  if (p.ends_on && !p.starts_on.empty() && *p.ends_on < p.starts_on) errors.add("ends_on", "field.invalid");
  if (o.contains("aims")) p.aims = optional_string(o, "aims", 5000).value_or("");
  if (auto it = o.find("funders"); it != o.end()) {
    p.funders.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 20)) {
      errors.add("funders", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& v : it->value().as_array()) {
        FieldErrors inner;
        if (!v.is_object()) {
          errors.add("funders", "field.invalid");
          break;
        }
        const auto& f = v.as_object();
        store::Funder funder;
        funder.name = optional_string(f, "name", 200).value_or("");
        auto amount = int_member(f, "amount_cents", 0, 10'000'000'000'000LL, inner);
        funder.currency = optional_string(f, "currency", 3).value_or("EUR");
        bool known = std::all_of(f.begin(), f.end(), [](const auto& m) {
          return m.key() == "name" || m.key() == "amount_cents" || m.key() == "currency";
        });
        if (!known || funder.name.empty() || !inner.empty() || !is_currency(funder.currency)) {
          errors.add("funders", "field.invalid");
          break;
        }
        funder.amount_cents = amount.value_or(0);
        p.funders.push_back(std::move(funder));
      }
    }
  }
  if (auto it = o.find("partners"); it != o.end()) {
    p.partners.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 50)) {
      errors.add("partners", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& v : it->value().as_array()) {
        if (!v.is_object()) {
          errors.add("partners", "field.invalid");
          break;
        }
        const auto& x = v.as_object();
        store::ProjectPartner partner;
        partner.partner_id = optional_string(x, "partner_id", 36);
        partner.name = optional_string(x, "name", 200).value_or("");
        partner.country = optional_string(x, "country", 2);
        if (partner.country && partner.country->empty()) partner.country.reset();
        bool known = std::all_of(x.begin(), x.end(), [](const auto& m) {
          return m.key() == "partner_id" || m.key() == "name" || m.key() == "country";
        });
        // A partner of the directory may go without a name here: the directory's is taken.
        if (!known || (partner.partner_id && !core::is_id(*partner.partner_id)) ||
            (!partner.partner_id && partner.name.empty()) ||
            (partner.country && !core::is_country_code(*partner.country))) {
          errors.add("partners", "field.invalid");
          break;
        }
        p.partners.push_back(std::move(partner));
      }
    }
  }
  if (auto it = o.find("narrative"); it != o.end()) {
    p.narrative.clear();
    if (!it->value().is_null() && (!it->value().is_object() || it->value().as_object().size() > 20)) {
      errors.add("narrative", "field.invalid");
    } else if (it->value().is_object()) {
      for (const auto& [k, v] : it->value().as_object()) {
        if (!is_narrative_key(k) || !v.is_string() || v.as_string().size() > 80000) {
          errors.add("narrative", "field.invalid");
          break;
        }
        p.narrative[std::string(k)] = std::string(v.as_string());
      }
    }
  }
}

void check_partners(Context& ctx, store::Tx& tx, store::Project& p) {
  for (auto& partner : p.partners) {
    if (!partner.partner_id) continue;
    auto found = ctx.store().partners().find(tx, *partner.partner_id);
    if (!found) throw Problem(422, "validation", {{"partners", "field.invalid"}});
    if (partner.name.empty()) partner.name = found->name;
  }
}

store::Project load_project(Context& ctx, store::Tx& tx, const std::string& id) {
  auto p = ctx.store().projects().find(tx, id);
  if (!p) throw Problem(404, "not-found");
  return *p;
}

// --- indicators -------------------------------------------------------------------------------

// `filters` of a request: each member a list of texts, or a text or boolean standing for a
// one-item list.
core::IndicatorFilters filters_field(const json::object& o, FieldErrors& errors) {
  core::IndicatorFilters out;
  auto it = o.find("filters");
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_object() || it->value().as_object().size() > 20) {
    errors.add("filters", "field.invalid");
    return out;
  }
  for (const auto& [k, v] : it->value().as_object()) {
    std::string field = "filters." + std::string(k.substr(0, 40));
    std::vector<std::string> values;
    bool ok = true;
    if (v.is_string()) values.emplace_back(v.as_string());
    else if (v.is_bool()) values.emplace_back(v.as_bool() ? "true" : "false");
    else if (v.is_array() && v.as_array().size() <= 50)
      for (const auto& x : v.as_array()) {
        if (!x.is_string()) ok = false;
        else values.emplace_back(x.as_string());
      }
    else ok = false;
    if (!ok) errors.add(field, "field.invalid");
    else out[std::string(k)] = std::move(values);
  }
  return out;
}

void apply_indicator(const json::object& o, store::Indicator& i, bool creating, FieldErrors& errors) {
  if (creating || o.contains("name")) {
    auto name = optional_string(o, "name", 200).value_or("");
    if (name.empty()) errors.add("name", "field.required");
    else i.name = name;
  }
  if (creating || o.contains("counts")) i.definition.counts = optional_string(o, "counts", 40).value_or("");
  if (o.contains("filters")) i.definition.filters = filters_field(o, errors);
  if (o.contains("target")) i.target = int_member(o, "target", 0, 1'000'000'000, errors);
  if (o.contains("position")) i.position = static_cast<int>(int_member(o, "position", 0, 1000, errors).value_or(i.position));
  if (auto it = o.find("milestones"); it != o.end()) {
    i.milestones.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 60)) {
      errors.add("milestones", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& v : it->value().as_array()) {
        if (!v.is_object()) {
          errors.add("milestones", "field.invalid");
          break;
        }
        const auto& m = v.as_object();
        FieldErrors inner;
        auto on = date_member(m, "on", inner);
        auto value = int_member(m, "value", 0, 1'000'000'000, inner);
        bool known = std::all_of(m.begin(), m.end(), [](const auto& x) { return x.key() == "on" || x.key() == "value"; });
        if (!known || !on || !value || !inner.empty()) {
          errors.add("milestones", "field.invalid");
          break;
        }
        i.milestones.push_back({*on, *value});
      }
      std::sort(i.milestones.begin(), i.milestones.end(), [](const auto& a, const auto& b) { return a.on < b.on; });
    }
  }
  for (const auto& e : core::validate_indicator(i.definition)) errors.add(e.field, e.code);
}

// --- records counted towards a project --------------------------------------------------------

// The record exists and the user may change what it counts towards: records of casework need
// write access to their case (404 outside her scope, as everywhere), group work is
// organisation-wide.
void check_record(Context& ctx, store::Tx& tx, const std::string& type, const std::string& id) {
  store::Store& s = ctx.store();
  bool found = false;
  if (type == "case") {
    load_case(ctx, tx, id, true);
    found = true;
  } else if (type == "encounter") {
    auto ref = s.cases().find_encounter_ref(tx, id);
    found = ref.has_value();
    if (ref && ref->case_id) load_case(ctx, tx, *ref->case_id, true);
  } else if (type == "procedure") {
    auto p = s.procedures().find(tx, id);
    const core::ProcedureKind* kind = p ? core::find_procedure_kind(p->kind) : nullptr;
    if (kind && core::role_has(ctx.user->role, core::area_permission(kind->area))) {
      load_case(ctx, tx, p->case_id, true);
      found = true;
    }
  } else if (type == "activity") {
    found = s.activities().find_activity(tx, id).has_value();
  } else if (type == "session") {
    found = s.activities().find_session(tx, id).has_value();
  } else if (type == "attendance") {
    found = s.activities().session_of_attendance(tx, id).has_value();
  } else if (type == "media_item") {
    found = s.activities().find_media(tx, id).has_value();
  } else if (type == "application") {
    found = s.activities().find_application(tx, id).has_value();
  }
  if (!found) throw Problem(404, "not-found");
}

Response project_record(Context& ctx, bool link) {
  const std::string& type = ctx.param("record_type");
  const std::string& record_id = ctx.param("record_id");
  if (!core::is_project_record_type(type) || !core::is_id(record_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  bool changed = false;
  s.db().write([&](store::Tx& tx) {
    load_project(ctx, tx, ctx.param("id"));
    check_record(ctx, tx, type, record_id);
    if (link) {
      auto current = s.projects().projects_of(tx, type, record_id);
      changed = std::find(current.begin(), current.end(), ctx.param("id")) == current.end();
      s.projects().link(tx, ctx.param("id"), type, record_id);
    } else {
      changed = s.projects().unlink(tx, ctx.param("id"), type, record_id);
      if (!changed) throw Problem(404, "not-found");
    }
    if (!changed) return;
    auto event = ctx.audit(link ? "project.link" : "project.unlink", "project", ctx.param("id"));
    event.details = json::serialize(json::object{{"record_type", type}, {"record_id", record_id}});
    s.audit().append(tx, event);
  });
  return no_content();
}

Response project_viewer(Context& ctx, bool viewer) {
  const std::string& user_id = ctx.param("user_id");
  if (!core::is_id(user_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_project(ctx, tx, ctx.param("id"));
    auto u = s.users().find(tx, user_id);
    if (!u) throw Problem(404, "not-found");
    // Only funders' liaisons are given a project to report on; everyone else who reads reports
    // reads them all.
    if (viewer && u->role != "project_viewer") throw Problem(422, "validation", {{"user_id", "field.invalid"}});
    s.projects().set_viewer(tx, ctx.param("id"), user_id, viewer);
    auto event = ctx.audit(viewer ? "project.viewer_add" : "project.viewer_remove", "project", ctx.param("id"));
    event.details = json::serialize(json::object{{"user_id", user_id}});
    s.audit().append(tx, event);
  });
  return no_content();
}

}  // namespace

Response projects_list(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    std::string viewer = outside_reader(ctx) ? ctx.user->id : std::string();
    for (const auto& p : ctx.store().projects().list(tx, viewer)) items.push_back(project_json(ctx, tx, p, false));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response projects_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"code", "name", "starts_on", "ends_on", "aims", "funders", "partners", "narrative"});
  FieldErrors errors;
  store::Project p;
  apply_project(body, p, true, errors);
  errors.throw_if_any();
  p.id = core::new_id();
  p.created_by = ctx.user->id;
  p.created_at = p.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  bool taken = false;
  s.db().write([&](store::Tx& tx) {
    if (s.projects().find_by_code(tx, p.code)) {
      taken = true;
      return;
    }
    check_partners(ctx, tx, p);
    s.projects().create(tx, p);
    auto event = ctx.audit("project.create", "project", p.id);
    event.details = json::serialize(json::object{{"code", p.code}});
    s.audit().append(tx, event);
    out = project_json(ctx, tx, load_project(ctx, tx, p.id), true);
  });
  if (taken) throw Problem(409, "conflict", {{"code", "project.code_taken"}});
  Response r = with_etag(json_response(201, out), p.version);
  r.headers["location"] = "/api/v1/projects/" + p.id;
  return r;
}

Response projects_get(Context& ctx) {
  json::object out;
  std::int64_t version = 0;
  ctx.store().db().read([&](store::Tx& tx) {
    auto p = visible_project(ctx, tx, ctx.param("id"));
    version = p.version;
    out = project_json(ctx, tx, p, true);
  });
  return with_etag(json_response(200, out), version);
}

Response projects_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  // The code stays: encounters carry it, and reports name the project by it.
  only_fields(body, {"name", "starts_on", "ends_on", "aims", "funders", "partners", "narrative"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_project(ctx, tx, ctx.param("id"));
    current_version = current.version;
    current_json = project_json(ctx, tx, current, true);
    store::Project next = current;
    FieldErrors errors;
    apply_project(body, next, false, errors);
    errors.throw_if_any();
    check_partners(ctx, tx, next);
    next.updated_at = core::now_iso8601();
    outcome = s.projects().update(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit("project.update", "project", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}});
    s.audit().append(tx, event);
    auto stored = load_project(ctx, tx, next.id);
    new_version = stored.version;
    out = project_json(ctx, tx, stored, true);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response project_viewer_put(Context& ctx) { return project_viewer(ctx, true); }
Response project_viewer_delete(Context& ctx) { return project_viewer(ctx, false); }
Response project_record_put(Context& ctx) { return project_record(ctx, true); }
Response project_record_delete(Context& ctx) { return project_record(ctx, false); }

Response indicators_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"name", "counts", "filters", "target", "milestones", "position"});
  FieldErrors errors;
  store::Indicator i;
  i.position = -1;
  apply_indicator(body, i, true, errors);
  errors.throw_if_any();
  i.id = core::new_id();
  i.project_id = ctx.param("id");
  i.created_at = i.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    load_project(ctx, tx, i.project_id);
    // Without a position it goes last.
    if (i.position < 0) {
      int last = -1;
      for (const auto& other : s.projects().indicators_of(tx, i.project_id)) last = std::max(last, other.position);
      i.position = last + 1;
    }
    s.projects().create_indicator(tx, i);
    auto event = ctx.audit("indicator.create", "project", i.project_id);
    event.details = json::serialize(json::object{{"indicator_id", i.id}, {"counts", i.definition.counts}});
    s.audit().append(tx, event);
    out = indicator_json(*s.projects().find_indicator(tx, i.id));
  });
  return with_etag(json_response(201, out), i.version);
}

Response indicators_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"name", "counts", "filters", "target", "milestones", "position"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = s.projects().find_indicator(tx, ctx.param("id"));
    if (!current) throw Problem(404, "not-found");
    current_version = current->version;
    current_json = indicator_json(*current);
    store::Indicator next = *current;
    FieldErrors errors;
    apply_indicator(body, next, false, errors);
    errors.throw_if_any();
    next.updated_at = core::now_iso8601();
    outcome = s.projects().update_indicator(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit("indicator.update", "project", next.project_id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"indicator_id", next.id}, {"fields", std::move(fields)}});
    s.audit().append(tx, event);
    auto stored = s.projects().find_indicator(tx, next.id);
    new_version = stored->version;
    out = indicator_json(*stored);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response indicators_delete(Context& ctx) {
  store::Store& s = ctx.store();
  bool removed = false;
  s.db().write([&](store::Tx& tx) {
    auto i = s.projects().find_indicator(tx, ctx.param("id"));
    if (!i) return;
    removed = s.projects().delete_indicator(tx, i->id);
    if (!removed) return;
    auto event = ctx.audit("indicator.delete", "project", i->project_id);
    event.details = json::serialize(json::object{{"indicator_id", i->id}});
    s.audit().append(tx, event);
  });
  if (!removed) throw Problem(404, "not-found");
  return no_content();
}

}  // namespace passerelle::api
