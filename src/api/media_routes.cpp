// Media made with members (docs/api-v1-activities.md): podcast episodes, films, videos, and who
// took part. Nobody takes part, and nothing is published, without her media consent in force
// (core::consent_in_force); a published item whose participant has since withdrawn it must come
// down — worked out at every read, so a withdrawal flags it at once.
#include <algorithm>

#include "api/activity_support.h"
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/casework.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/indicators.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool is_part(std::string_view s) {
  return s == "voice" || s == "face" || s == "name_credited" || s == "interview";
}

// People's media consent, read once per person for a list.
class MediaConsents {
 public:
  bool in_force(Context& ctx, store::Tx& tx, const std::string& person_id) {
    auto it = cache_.find(person_id);
    if (it == cache_.end())
      it = cache_.emplace(person_id, core::consent_in_force(ctx.store().cases().consents(tx, person_id), "media")).first;
    return it->second;
  }

 private:
  std::map<std::string, bool> cache_;
};

json::object media_json(Context& ctx, store::Tx& tx, const store::MediaItem& m, MediaConsents& consents) {
  auto participants = ctx.store().activities().participants(tx, m.id);
  std::vector<std::string> ids;
  for (const auto& p : participants) ids.push_back(p.person_id);
  auto people = ctx.store().people().find_many(tx, ids);
  json::array list;
  bool missing = false;
  for (const auto& p : participants) {
    bool in_force = consents.in_force(ctx, tx, p.person_id);
    missing |= !in_force;
    auto person = people.find(p.person_id);
    list.push_back(json::object{{"person_id", p.person_id},
                                {"person_name", person == people.end() ? "" : person_name(person->second)},
                                {"part", p.part},
                                {"consent_in_force", in_force}});
  }
  return {{"id", m.id},
          {"kind", m.kind},
          {"title", m.title},
          {"activity_id", nullable(m.activity_id)},
          {"status", m.status},
          {"published_on", nullable(m.published_on)},
          {"link", nullable(m.link)},
          {"participants", std::move(list)},
          {"must_take_down", m.status == "published" && missing},
          {"projects", project_links_json(ctx, tx, "media_item", m.id)},
          {"version", m.version},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

void apply_media(const json::object& o, store::MediaItem& m, bool creating, FieldErrors& errors) {
  if (creating || o.contains("kind")) {
    auto kind = optional_string(o, "kind", 40).value_or("");
    if (kind.empty()) errors.add("kind", "field.required");
    else if (!core::is_media_kind(kind)) errors.add("kind", "field.invalid");
    else m.kind = kind;
  }
  if (creating || o.contains("title")) {
    auto title = optional_string(o, "title", 200).value_or("");
    if (title.empty()) errors.add("title", "field.required");
    else m.title = title;
  }
  if (o.contains("activity_id")) {
    m.activity_id = optional_string(o, "activity_id", 36);
    if (m.activity_id && !core::is_id(*m.activity_id)) errors.add("activity_id", "field.invalid");
  }
  if (o.contains("status")) {
    auto status = optional_string(o, "status", 20).value_or("");
    if (!core::is_media_status(status)) errors.add("status", "field.invalid");
    else m.status = status;
  }
  if (o.contains("published_on")) m.published_on = date_member(o, "published_on", errors);
  if (o.contains("link")) {
    m.link = optional_string(o, "link", 2000);
    if (m.link && m.link->empty()) m.link.reset();
    if (m.link && !valid_link(*m.link)) errors.add("link", "field.invalid");
  }
  if (m.status == "published" && !m.published_on) errors.add("published_on", "field.required");
}

store::MediaItem load_media(Context& ctx, store::Tx& tx, const std::string& id) {
  auto m = ctx.store().activities().find_media(tx, id);
  if (!m) throw Problem(404, "not-found");
  return *m;
}

void check_activity(Context& ctx, store::Tx& tx, const store::MediaItem& m) {
  if (m.activity_id && !ctx.store().activities().find_activity(tx, *m.activity_id))
    throw Problem(422, "validation", {{"activity_id", "field.invalid"}});
}

// Publishing needs every participant's media consent in force.
void check_publishable(Context& ctx, store::Tx& tx, const store::MediaItem& m) {
  MediaConsents consents;
  for (const auto& p : ctx.store().activities().participants(tx, m.id))
    if (!consents.in_force(ctx, tx, p.person_id))
      throw Problem(422, "validation", {{"status", "consent.media_missing"}});
}

}  // namespace

Response media_list(Context& ctx) {
  int limit = limit_param(ctx.req, 200);
  auto attention = query_param(ctx.req, "attention", 5).value_or("false");
  if (attention != "true" && attention != "false") throw Problem(400, "validation", {{"attention", "field.invalid"}});
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    MediaConsents consents;
    for (const auto& m : ctx.store().activities().media(tx, limit)) {
      json::object o = media_json(ctx, tx, m, consents);
      if (attention == "true" && !o.at("must_take_down").as_bool()) continue;
      items.push_back(std::move(o));
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response media_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"kind", "title", "activity_id", "status", "published_on", "link", "projects"});
  FieldErrors errors;
  store::MediaItem m;
  apply_media(body, m, true, errors);
  auto projects = project_ids_field(body, errors);
  errors.throw_if_any();
  m.id = core::new_id();
  m.created_by = ctx.user->id;
  m.created_at = m.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    check_activity(ctx, tx, m);
    s.activities().create_media(tx, m);
    if (projects) set_project_links(ctx, tx, "media_item", m.id, *projects);
    auto event = ctx.audit("media.create", "media_item", m.id);
    event.details = json::serialize(json::object{{"kind", m.kind}, {"status", m.status}});
    s.audit().append(tx, event);
    MediaConsents consents;
    out = media_json(ctx, tx, load_media(ctx, tx, m.id), consents);
  });
  Response r = with_etag(json_response(201, out), m.version);
  r.headers["location"] = "/api/v1/media/" + m.id;
  return r;
}

Response media_get(Context& ctx) {
  json::object out;
  std::int64_t version = 0;
  ctx.store().db().read([&](store::Tx& tx) {
    auto m = load_media(ctx, tx, ctx.param("id"));
    version = m.version;
    MediaConsents consents;
    out = media_json(ctx, tx, m, consents);
  });
  return with_etag(json_response(200, out), version);
}

Response media_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"kind", "title", "activity_id", "status", "published_on", "link", "projects"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_media(ctx, tx, ctx.param("id"));
    MediaConsents consents;
    current_version = current.version;
    current_json = media_json(ctx, tx, current, consents);
    store::MediaItem next = current;
    FieldErrors errors;
    apply_media(body, next, false, errors);
    auto projects = project_ids_field(body, errors);
    errors.throw_if_any();
    check_activity(ctx, tx, next);
    if (version == current.version && body.contains("status") && next.status == "published")
      check_publishable(ctx, tx, next);
    next.updated_at = core::now_iso8601();
    outcome = s.activities().update_media(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    if (projects) set_project_links(ctx, tx, "media_item", next.id, *projects);
    auto event = ctx.audit(current.status != next.status ? "media.status_change" : "media.update", "media_item", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}, {"status", next.status}});
    s.audit().append(tx, event);
    auto stored = load_media(ctx, tx, next.id);
    new_version = stored.version;
    out = media_json(ctx, tx, stored, consents);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response media_participant_put(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"part"});
  store::MediaParticipant p;
  p.part = optional_string(body, "part", 20).value_or("voice");
  if (!is_part(p.part)) throw Problem(422, "validation", {{"part", "field.invalid"}});
  p.media_id = ctx.param("id");
  p.person_id = ctx.param("person_id");
  if (!core::is_id(p.person_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    load_media(ctx, tx, p.media_id);
    auto person = s.people().find(tx, p.person_id);
    if (!person || person->merged_into) throw Problem(404, "not-found");
    if (!core::consent_in_force(s.cases().consents(tx, p.person_id), "media"))
      throw Problem(422, "validation", {{"person_id", "consent.media_missing"}});
    s.activities().set_participant(tx, p);
    auto event = ctx.audit("media.participant_set", "media_item", p.media_id);
    event.details = json::serialize(json::object{{"part", p.part}});
    s.audit().append(tx, event);
    MediaConsents consents;
    out = media_json(ctx, tx, load_media(ctx, tx, p.media_id), consents);
  });
  return json_response(200, out);
}

Response media_participant_delete(Context& ctx) {
  const std::string& person_id = ctx.param("person_id");
  if (!core::is_id(person_id)) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  bool removed = false;
  s.db().write([&](store::Tx& tx) {
    load_media(ctx, tx, ctx.param("id"));
    removed = s.activities().remove_participant(tx, ctx.param("id"), person_id);
    if (removed) s.audit().append(tx, ctx.audit("media.participant_remove", "media_item", ctx.param("id")));
  });
  if (!removed) throw Problem(404, "not-found");
  return no_content();
}

}  // namespace passerelle::api
