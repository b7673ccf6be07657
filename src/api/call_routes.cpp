// Calls for contributions (docs/api-v1-activities.md): a call with weighted criteria, the
// initiatives that apply, each reviewer's scores, the ranking by weighted mean, the selection
// within the places offered, and what came of the projects supported.
#include <algorithm>
#include <cmath>
#include <set>

#include "api/activity_support.h"
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/indicators.h"
#include "core/person.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool is_call_status(std::string_view s) {
  return s == "draft" || s == "open" || s == "reviewing" || s == "decided" || s == "closed";
}

bool is_criterion_key(std::string_view s) {
  return !s.empty() && s.size() <= 40 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

json::object call_json(Context& ctx, store::Tx& tx, const store::Call& c) {
  json::array criteria;
  for (const auto& k : c.criteria)
    criteria.push_back(json::object{{"key", k.key}, {"label", k.label}, {"weight", k.weight}, {"max", k.max}});
  return {{"id", c.id},
          {"title", c.title},
          {"description", c.description},
          {"criteria", std::move(criteria)},
          {"opens_on", nullable(c.opens_on)},
          {"closes_on", nullable(c.closes_on)},
          {"places", c.places ? json::value(*c.places) : json::value(nullptr)},
          {"status", c.status},
          {"application_count", ctx.store().activities().applications_of(tx, c.id).size()},
          {"version", c.version}};
}

void apply_call(const json::object& o, store::Call& c, bool creating, FieldErrors& errors) {
  if (creating || o.contains("title")) {
    auto title = optional_string(o, "title", 200).value_or("");
    if (title.empty()) errors.add("title", "field.required");
    else c.title = title;
  }
  if (o.contains("description")) c.description = optional_string(o, "description", 5000).value_or("");
  if (auto it = o.find("criteria"); it != o.end()) {
    c.criteria.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 20)) {
      errors.add("criteria", "field.invalid");
    } else if (it->value().is_array()) {
      std::set<std::string> keys;
      for (const auto& v : it->value().as_array()) {
        if (!v.is_object()) {
          errors.add("criteria", "field.invalid");
          break;
        }
        const auto& k = v.as_object();
        FieldErrors inner;
        store::Criterion criterion;
        criterion.key = optional_string(k, "key", 40).value_or("");
        criterion.label = optional_string(k, "label", 200).value_or("");
        auto weight = int_member(k, "weight", 1, 100, inner);
        auto max = int_member(k, "max", 1, 100, inner);
        bool known = std::all_of(k.begin(), k.end(), [](const auto& m) {
          return m.key() == "key" || m.key() == "label" || m.key() == "weight" || m.key() == "max";
        });
        if (!known || !inner.empty() || !is_criterion_key(criterion.key) || criterion.label.empty() ||
            !keys.insert(criterion.key).second) {
          errors.add("criteria", "field.invalid");
          break;
        }
        if (weight) criterion.weight = static_cast<int>(*weight);
        if (max) criterion.max = static_cast<int>(*max);
        c.criteria.push_back(std::move(criterion));
      }
    }
  }
  if (o.contains("opens_on")) c.opens_on = date_member(o, "opens_on", errors);
  if (o.contains("closes_on")) c.closes_on = date_member(o, "closes_on", errors);
  if (c.opens_on && c.closes_on && *c.closes_on < *c.opens_on) errors.add("closes_on", "field.invalid");
  if (o.contains("places")) {
    auto places = int_member(o, "places", 1, 1000, errors);
    c.places = places ? std::optional<int>(static_cast<int>(*places)) : std::nullopt;
  }
  if (o.contains("status")) {
    auto status = optional_string(o, "status", 20).value_or("");
    if (!is_call_status(status)) errors.add("status", "field.invalid");
    else c.status = status;
  }
}

store::Call load_call(Context& ctx, store::Tx& tx, const std::string& id) {
  auto c = ctx.store().activities().find_call(tx, id);
  if (!c) throw Problem(404, "not-found");
  return *c;
}

// --- applications -----------------------------------------------------------------------------

// The weighted mean of the reviews, 0–100: each review scores Σ weight × score / max over
// Σ weight; a criterion a review lacks counts as 0. Null before any review.
std::optional<double> score_of(const store::Call& call, const std::vector<store::Review>& reviews) {
  int weights = 0;
  for (const auto& k : call.criteria) weights += k.weight;
  if (reviews.empty() || weights == 0) return std::nullopt;
  double sum = 0;
  for (const auto& r : reviews) {
    double review = 0;
    for (const auto& k : call.criteria)
      if (auto it = r.scores.find(k.key); it != r.scores.end())
        review += static_cast<double>(k.weight) * it->second / k.max;
    sum += review / weights * 100.0;
  }
  return std::round(sum / static_cast<double>(reviews.size()) * 10.0) / 10.0;
}

json::object contact_json(const std::string& stored) {
  json::object out{{"name", ""}, {"email", ""}, {"phone", ""}};
  json::error_code ec;
  auto v = json::parse(stored, ec);
  if (ec || !v.is_object()) return out;
  for (const char* key : {"name", "email", "phone"})
    if (auto it = v.as_object().find(key); it != v.as_object().end() && it->value().is_string())
      out[key] = it->value().as_string();
  return out;
}

json::object application_json(Context& ctx, store::Tx& tx, const store::Application& a,
                              const store::Call& call, const std::vector<store::Review>& reviews) {
  json::array follow_up, review_list;
  for (const auto& f : a.follow_up)
    follow_up.push_back(json::object{{"on", f.on}, {"note", f.note}, {"outcome", f.outcome}});
  for (const auto& r : reviews) {
    json::object scores;
    for (const auto& [key, value] : r.scores) scores[key] = value;
    review_list.push_back(json::object{{"reviewer_id", r.reviewer_id}, {"scores", std::move(scores)}, {"comment", r.comment}});
  }
  auto score = score_of(call, reviews);
  return {{"id", a.id},
          {"call_id", a.call_id},
          {"initiative", a.initiative},
          {"organisation", nullable(a.organisation)},
          {"region", nullable(a.region)},
          {"country", nullable(a.country)},
          {"contact", contact_json(a.contact)},
          {"summary", a.summary},
          {"received_on", a.received_on},
          {"status", a.status},
          {"follow_up", std::move(follow_up)},
          {"outcome", nullable(a.outcome)},
          {"score", score ? json::value(*score) : json::value(nullptr)},
          {"reviews", std::move(review_list)},
          {"projects", project_links_json(ctx, tx, "application", a.id)},
          {"version", a.version}};
}

json::object application_json(Context& ctx, store::Tx& tx, const store::Application& a) {
  auto call = load_call(ctx, tx, a.call_id);
  return application_json(ctx, tx, a, call, ctx.store().activities().reviews_of(tx, a.id));
}

std::optional<std::string> optional_text(const json::object& o, std::string_view name, std::size_t max) {
  auto v = optional_string(o, name, max);
  if (v && v->empty()) v.reset();
  return v;
}

void apply_application(const json::object& o, store::Application& a, bool creating, FieldErrors& errors) {
  if (creating || o.contains("initiative")) {
    auto initiative = optional_string(o, "initiative", 200).value_or("");
    if (initiative.empty()) errors.add("initiative", "field.required");
    else a.initiative = initiative;
  }
  if (o.contains("organisation")) a.organisation = optional_text(o, "organisation", 200);
  if (o.contains("region")) a.region = optional_text(o, "region", 100);
  if (o.contains("country")) {
    a.country = optional_text(o, "country", 2);
    if (a.country && !core::is_country_code(*a.country)) errors.add("country", "field.invalid");
  }
  if (auto it = o.find("contact"); it != o.end()) {
    if (it->value().is_null()) {
      a.contact = "{}";
    } else if (!it->value().is_object()) {
      errors.add("contact", "field.invalid");
    } else {
      const auto& c = it->value().as_object();
      if (std::any_of(c.begin(), c.end(), [](const auto& m) { return m.key() != "name" && m.key() != "email" && m.key() != "phone"; })) {
        errors.add("contact", "field.invalid");
      } else {
        a.contact = json::serialize(json::object{{"name", optional_string(c, "name", 200).value_or("")},
                                                 {"email", optional_string(c, "email", 200).value_or("")},
                                                 {"phone", optional_string(c, "phone", 40).value_or("")}});
      }
    }
  }
  if (o.contains("summary")) a.summary = optional_string(o, "summary", 5000).value_or("");
  if (creating || o.contains("received_on")) {
    bool given = o.contains("received_on") && !o.at("received_on").is_null();
    auto d = date_member(o, "received_on", errors);
    if (d && *d > latest_local_date()) errors.add("received_on", "date.format");
    else if (d) a.received_on = *d;
    else if (!given && creating) a.received_on = today();
    else if (!given) errors.add("received_on", "field.required");
  }
  if (o.contains("status")) {
    auto status = optional_string(o, "status", 20).value_or("");
    if (!core::is_application_status(status)) errors.add("status", "field.invalid");
    else a.status = status;
  }
  if (auto it = o.find("follow_up"); it != o.end()) {
    a.follow_up.clear();
    if (!it->value().is_null() && (!it->value().is_array() || it->value().as_array().size() > 50)) {
      errors.add("follow_up", "field.invalid");
    } else if (it->value().is_array()) {
      for (const auto& v : it->value().as_array()) {
        if (!v.is_object()) {
          errors.add("follow_up", "field.invalid");
          break;
        }
        const auto& f = v.as_object();
        FieldErrors inner;
        auto on = date_member(f, "on", inner);
        bool known = std::all_of(f.begin(), f.end(), [](const auto& m) { return m.key() == "on" || m.key() == "note" || m.key() == "outcome"; });
        if (!known || !on || !inner.empty()) {
          errors.add("follow_up", "field.invalid");
          break;
        }
        a.follow_up.push_back({*on, optional_string(f, "note", 2000).value_or(""), optional_string(f, "outcome", 200).value_or("")});
      }
    }
  }
  if (o.contains("outcome")) a.outcome = optional_text(o, "outcome", 5000);
}

store::Application load_application(Context& ctx, store::Tx& tx, const std::string& id) {
  auto a = ctx.store().activities().find_application(tx, id);
  if (!a) throw Problem(404, "not-found");
  return *a;
}

}  // namespace

Response calls_list(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    for (const auto& c : ctx.store().activities().calls(tx)) items.push_back(call_json(ctx, tx, c));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response calls_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"title", "description", "criteria", "opens_on", "closes_on", "places", "status"});
  FieldErrors errors;
  store::Call c;
  apply_call(body, c, true, errors);
  errors.throw_if_any();
  c.id = core::new_id();
  c.created_by = ctx.user->id;
  c.created_at = c.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    s.activities().create_call(tx, c);
    s.audit().append(tx, ctx.audit("call.create", "call", c.id));
    out = call_json(ctx, tx, load_call(ctx, tx, c.id));
  });
  Response r = with_etag(json_response(201, out), c.version);
  r.headers["location"] = "/api/v1/calls/" + c.id;
  return r;
}

Response calls_get(Context& ctx) {
  json::object out;
  std::int64_t version = 0;
  ctx.store().db().read([&](store::Tx& tx) {
    auto c = load_call(ctx, tx, ctx.param("id"));
    version = c.version;
    out = call_json(ctx, tx, c);
  });
  return with_etag(json_response(200, out), version);
}

Response calls_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"title", "description", "criteria", "opens_on", "closes_on", "places", "status"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_call(ctx, tx, ctx.param("id"));
    current_version = current.version;
    current_json = call_json(ctx, tx, current);
    store::Call next = current;
    FieldErrors errors;
    apply_call(body, next, false, errors);
    errors.throw_if_any();
    // Scores already given were given against the criteria as they are: they stay comparable.
    auto same = [](const store::Criterion& a, const store::Criterion& b) {
      return a.key == b.key && a.weight == b.weight && a.max == b.max;
    };
    bool criteria_changed = next.criteria.size() != current.criteria.size() ||
                            !std::equal(next.criteria.begin(), next.criteria.end(), current.criteria.begin(), same);
    if (version == current.version && criteria_changed && !s.activities().reviews_of_call(tx, current.id).empty())
      throw Problem(409, "conflict", {{"criteria", "call.reviewed"}});
    next.updated_at = core::now_iso8601();
    outcome = s.activities().update_call(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit("call.update", "call", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}, {"status", next.status}});
    s.audit().append(tx, event);
    auto stored = load_call(ctx, tx, next.id);
    new_version = stored.version;
    out = call_json(ctx, tx, stored);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response applications_of_call(Context& ctx) {
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    auto call = load_call(ctx, tx, ctx.param("id"));
    auto reviews = ctx.store().activities().reviews_of_call(tx, call.id);
    std::map<std::string, std::vector<store::Review>> by_application;
    for (auto& r : reviews) by_application[r.application_id].push_back(std::move(r));
    struct Ranked {
      std::optional<double> score;
      std::string received_on;
      json::object json;
    };
    std::vector<Ranked> ranked;
    for (const auto& a : ctx.store().activities().applications_of(tx, call.id)) {
      auto o = application_json(ctx, tx, a, call, by_application[a.id]);
      ranked.push_back({score_of(call, by_application[a.id]), a.received_on, std::move(o)});
    }
    // Best score first; those not yet reviewed last, first received first.
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
      if (x.score.has_value() != y.score.has_value()) return x.score.has_value();
      if (x.score && *x.score != *y.score) return *x.score > *y.score;
      return x.received_on < y.received_on;
    });
    for (auto& r : ranked) items.push_back(std::move(r.json));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response applications_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"initiative", "organisation", "region", "country", "contact", "summary", "received_on",
                     "status", "projects"});
  FieldErrors errors;
  store::Application a;
  a.contact = "{}";
  apply_application(body, a, true, errors);
  auto projects = project_ids_field(body, errors);
  errors.throw_if_any();
  a.id = core::new_id();
  a.call_id = ctx.param("id");
  a.created_at = a.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    load_call(ctx, tx, a.call_id);
    s.activities().create_application(tx, a);
    if (projects) set_project_links(ctx, tx, "application", a.id, *projects);
    s.audit().append(tx, ctx.audit("application.create", "application", a.id));
    out = application_json(ctx, tx, load_application(ctx, tx, a.id));
  });
  Response r = with_etag(json_response(201, out), a.version);
  r.headers["location"] = "/api/v1/applications/" + a.id;
  return r;
}

Response applications_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"initiative", "organisation", "region", "country", "contact", "summary", "received_on",
                     "status", "follow_up", "outcome", "projects"});
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0, new_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto current = load_application(ctx, tx, ctx.param("id"));
    auto call = load_call(ctx, tx, current.call_id);
    current_version = current.version;
    current_json = application_json(ctx, tx, current);
    store::Application next = current;
    FieldErrors errors;
    apply_application(body, next, false, errors);
    auto projects = project_ids_field(body, errors);
    errors.throw_if_any();
    // No more projects selected than the call has places for.
    if (version == current.version && next.status == "selected" && current.status != "selected" && call.places) {
      int selected = 0;
      for (const auto& other : s.activities().applications_of(tx, call.id)) selected += other.status == "selected";
      if (selected >= *call.places) throw Problem(409, "conflict", {{"status", "call.places_full"}});
    }
    next.updated_at = core::now_iso8601();
    outcome = s.activities().update_application(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    if (projects) set_project_links(ctx, tx, "application", next.id, *projects);
    auto event = ctx.audit(current.status != next.status ? "application.status_change" : "application.update",
                           "application", next.id);
    json::array fields;
    for (const auto& m : body) fields.emplace_back(m.key());
    event.details = json::serialize(json::object{{"fields", std::move(fields)}, {"status", next.status}});
    s.audit().append(tx, event);
    auto stored = load_application(ctx, tx, next.id);
    new_version = stored.version;
    out = application_json(ctx, tx, stored);
  });
  if (outcome == store::UpdateOutcome::version_conflict) throw_version_conflict(current_version, current_json, body);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), new_version);
}

Response application_review_put(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"scores", "comment"});
  auto it = body.find("scores");
  if (it == body.end() || it->value().is_null()) throw Problem(422, "validation", {{"scores", "field.required"}});
  if (!it->value().is_object()) throw Problem(422, "validation", {{"scores", "field.invalid"}});
  const json::object& scores = it->value().as_object();
  std::string comment = optional_string(body, "comment", 2000).value_or("");
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    auto a = load_application(ctx, tx, ctx.param("id"));
    auto call = load_call(ctx, tx, a.call_id);
    // Every criterion scored, each between 0 and its maximum, and nothing else.
    FieldErrors errors;
    store::Review r;
    for (const auto& k : call.criteria) {
      auto v = scores.find(k.key);
      if (v == scores.end() || v->value().is_null()) errors.add("scores." + k.key, "field.required");
      else if (!v->value().is_int64() || v->value().as_int64() < 0 || v->value().as_int64() > k.max)
        errors.add("scores." + k.key, "field.invalid");
      else r.scores[k.key] = static_cast<int>(v->value().as_int64());
    }
    for (const auto& m : scores)
      if (std::none_of(call.criteria.begin(), call.criteria.end(), [&](const auto& k) { return k.key == m.key(); }))
        errors.add("scores." + std::string(m.key().substr(0, 40)), "field.unknown");
    errors.throw_if_any();
    r.application_id = a.id;
    r.reviewer_id = ctx.user->id;
    r.comment = comment;
    r.created_at = r.updated_at = core::now_iso8601();
    s.activities().put_review(tx, r);
    s.audit().append(tx, ctx.audit("application.review", "application", a.id));
    out = application_json(ctx, tx, a, call, s.activities().reviews_of(tx, a.id));
  });
  return json_response(200, out);
}

}  // namespace passerelle::api
