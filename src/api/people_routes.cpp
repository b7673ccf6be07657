// People: register (after a duplicate check), read (audited), correct with a version check, search
// by name, phone, birth date or case number, and their consents.
#include <algorithm>
#include <set>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/permissions.h"
#include "core/procedures.h"
#include "crypto/name_normaliser.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

constexpr std::size_t kNameMax = 200;

std::vector<std::string> string_list(const json::object& o, std::string_view name,
                                     std::size_t max_items, std::size_t max_chars,
                                     FieldErrors& errors) {
  std::vector<std::string> out;
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array() || it->value().as_array().size() > max_items) {
    errors.add(std::string(name), "field.invalid");
    return out;
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || v.as_string().empty() || v.as_string().size() > max_chars * 4) {
      errors.add(std::string(name), "field.invalid");
      return {};
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

// Applies the members present in `o` to `p`. `creating` requires the given name.
void apply_person_fields(const json::object& o, core::Person& p, bool creating) {
  only_fields(o, {"given_name", "family_name", "aliases", "birth_date", "birth_year",
                  "birth_year_estimated", "gender", "nationalities", "languages", "contact",
                  "minor_override", "age_disputed", "documents", "member", "peer_helper",
                  "member_since", "restricted"});
  FieldErrors errors;
  if (o.contains("given_name") || creating) {
    auto v = optional_string(o, "given_name", kNameMax);
    if (!v || v->empty()) errors.add("given_name", "field.required");
    else p.given_name = *v;
  }
  if (o.contains("family_name")) p.family_name = optional_string(o, "family_name", kNameMax).value_or("");
  if (o.contains("aliases")) p.aliases = string_list(o, "aliases", 20, kNameMax, errors);
  if (o.contains("birth_date")) {
    auto d = optional_string(o, "birth_date", 10);
    if (d && (!valid_date(*d) || *d > latest_local_date())) errors.add("birth_date", "date.format");
    else {
      p.birth_date = d;
      if (d) p.birth_year = std::stoi(d->substr(0, 4));
    }
  }
  if (auto it = o.find("birth_year"); it != o.end()) {
    if (it->value().is_null()) p.birth_year.reset();
    else if (!it->value().is_int64() || it->value().as_int64() < 1900 ||
             it->value().as_int64() > current_year())
      errors.add("birth_year", "field.invalid");
    else p.birth_year = static_cast<int>(it->value().as_int64());
  }
  if (auto b = optional_bool(o, "birth_year_estimated")) p.birth_year_estimated = *b;
  if (o.contains("gender")) {
    auto g = optional_string(o, "gender", 32).value_or("Unknown");
    if (!core::is_gender(g)) errors.add("gender", "field.invalid");
    else p.gender = g;
  }
  if (o.contains("nationalities")) {
    p.nationalities = string_list(o, "nationalities", 5, 2, errors);
    for (const auto& c : p.nationalities)
      if (!core::is_country_code(c)) errors.add("nationalities", "field.invalid");
  }
  if (o.contains("languages")) {
    p.languages = string_list(o, "languages", 10, 3, errors);
    for (const auto& c : p.languages)
      if (!core::is_language_code(c)) errors.add("languages", "field.invalid");
  }
  if (auto it = o.find("contact"); it != o.end()) {
    if (!it->value().is_object()) {
      errors.add("contact", "field.invalid");
    } else {
      const json::object& c = it->value().as_object();
      only_fields(c, {"phones", "email", "address"});
      p.contact.phones = string_list(c, "phones", 5, 40, errors);
      for (const auto& ph : p.contact.phones)
        if (core::canonical_phone(ph).size() < 6) errors.add("contact.phones", "field.invalid");
      p.contact.email = optional_string(c, "email", 200).value_or("");
      p.contact.address = optional_string(c, "address", 500).value_or("");
    }
  }
  if (auto it = o.find("minor_override"); it != o.end()) {
    if (it->value().is_null()) p.minor_override.reset();
    else if (it->value().is_bool()) p.minor_override = it->value().as_bool();
    else errors.add("minor_override", "field.not_boolean");
  }
  if (auto b = optional_bool(o, "age_disputed")) p.age_disputed = *b;
  if (auto it = o.find("documents"); it != o.end()) {
    p.documents.clear();
    if (!it->value().is_object() || it->value().as_object().size() > 10) {
      errors.add("documents", "field.invalid");
    } else {
      for (const auto& [k, v] : it->value().as_object()) {
        if (k.size() > 40 || !v.is_string() || !core::is_document_status(v.as_string()))
          errors.add("documents", "field.invalid");
        else p.documents[std::string(k)] = std::string(v.as_string());
      }
    }
  }
  if (auto b = optional_bool(o, "member")) p.member = *b;
  if (auto b = optional_bool(o, "peer_helper")) p.peer_helper = *b;
  if (o.contains("member_since")) {
    auto d = optional_string(o, "member_since", 10);
    if (d && !valid_date(*d)) errors.add("member_since", "date.format");
    else p.member_since = d;
  }
  if (auto b = optional_bool(o, "restricted")) p.restricted = *b;
  errors.throw_if_any();
}

json::object person_json(Context& ctx, store::Tx& tx, const core::Person& p) {
  json::object contact{{"phones", json::value_from(p.contact.phones)},
                       {"email", p.contact.email},
                       {"address", p.contact.address}};
  json::object documents;
  for (const auto& [k, v] : p.documents) documents[k] = v;
  json::array cases;
  std::vector<std::string> case_ids = ctx.store().cases().case_ids_of_person(tx, p.id);
  auto facts = ctx.store().cases().facts_of(tx, case_ids, ctx.user->id, core::now_unix());
  bool minor = core::is_minor(p, current_year());
  for (const auto& id : case_ids) {
    auto f = facts.find(id);
    if (f == facts.end() || !core::can_read_case(ctx.user->role, with_person_facts(ctx, f->second, minor)))
      continue;
    if (auto c = ctx.store().cases().find(tx, id))
      cases.push_back(json::object{{"id", c->id}, {"number", c->number}, {"status", c->status}});
  }
  auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
  return {{"id", p.id},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"aliases", json::value_from(p.aliases)},
          {"birth_date", opt(p.birth_date)},
          {"birth_year", opt(p.birth_year)},
          {"birth_year_estimated", p.birth_year_estimated},
          {"gender", p.gender},
          {"nationalities", json::value_from(p.nationalities)},
          {"languages", json::value_from(p.languages)},
          {"contact", std::move(contact)},
          {"minor", core::is_minor(p, current_year())},
          {"minor_override", opt(p.minor_override)},
          {"age_disputed", p.age_disputed},
          {"documents", std::move(documents)},
          {"member", p.member},
          {"peer_helper", p.peer_helper},
          {"member_since", opt(p.member_since)},
          {"restricted", p.restricted},
          {"cases", std::move(cases)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at},
          {"version", p.version}};
}

// A short line for result lists: name, birth year, case numbers; nothing else.
json::object person_brief(const core::Person& p, json::array numbers) {
  return {{"id", p.id},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"birth_year", p.birth_year ? json::value(*p.birth_year) : json::value(nullptr)},
          {"gender", p.gender},
          {"case_numbers", std::move(numbers)}};
}

// Walks `ids` in order, loading the people, their cases and the user's access facts a chunk at a
// time (a few queries per chunk rather than several per person), and calls
// visit(person, readable, case_numbers) for each one found and not merged, until it returns false.
template <class Visit>
void visit_people(Context& ctx, store::Tx& tx, const std::vector<std::string>& ids, Visit visit) {
  store::Store& s = ctx.store();
  constexpr std::size_t kChunk = 25;  // a page of 20 and a little more
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    std::vector<std::string> chunk(ids.begin() + start,
                                   ids.begin() + std::min(ids.size(), start + kChunk));
    auto people = s.people().find_many(tx, chunk);
    std::vector<std::string> live;
    for (const auto& id : chunk)
      if (auto it = people.find(id); it != people.end() && !it->second.merged_into) live.push_back(id);
    auto cases = s.cases().cases_of_people(tx, live);
    std::vector<std::string> case_ids;
    for (const auto& [person_id, refs] : cases)
      for (const auto& ref : refs) case_ids.push_back(ref.id);
    auto facts = s.cases().facts_of(tx, case_ids, ctx.user->id, core::now_unix());
    for (const auto& id : live) {
      const core::Person& p = people.at(id);
      std::vector<std::string> their_cases;
      json::array numbers;
      if (auto it = cases.find(id); it != cases.end())
        for (const auto& ref : it->second) {
          their_cases.push_back(ref.id);
          numbers.emplace_back(ref.number);
        }
      if (!visit(p, can_read_person(ctx, p, their_cases, facts), std::move(numbers))) return;
    }
  }
}

core::Person load_person(Context& ctx, store::Tx& tx, const std::string& id, bool write) {
  auto p = ctx.store().people().find(tx, id);
  if (!p || !can_read_person(ctx, tx, *p)) throw Problem(404, "not-found");
  if (write && !can_write_person(ctx, tx, *p)) throw Problem(403, "forbidden");
  return *p;
}


}  // namespace

Response people_search(Context& ctx) {
  int limit = limit_param(ctx.req, 20);
  auto q = query_param(ctx.req, "q", 200);
  auto phone = query_param(ctx.req, "phone", 40);
  auto birth_date = query_param(ctx.req, "birth_date", 10);
  auto number = query_param(ctx.req, "case_number", 20);
  if (!q && !phone && !birth_date && !number)
    throw Problem(400, "validation", {{"q", "field.required"}});
  if (birth_date && !valid_date(*birth_date))
    throw Problem(400, "validation", {{"birth_date", "date.format"}});
  store::Store& s = ctx.store();
  json::array items;
  int hidden = 0;
  s.db().read([&](store::Tx& tx) {
    std::vector<std::string> ids;
    std::map<std::string, int> scores;
    if (q) {
      for (const auto& m : s.people().search_name(tx, *q, 99, 200)) {
        ids.push_back(m.person_id);
        scores[m.person_id] = m.score;
      }
    } else if (phone) {
      ids = s.people().find_by_phone(tx, *phone);
    } else if (birth_date) {
      ids = s.people().find_by_birth_date(tx, *birth_date);
    } else if (auto id = s.cases().find_id_by_number(tx, *number)) {
      if (auto c = s.cases().find(tx, *id)) ids.push_back(c->person_id);
    }
    visit_people(ctx, tx, ids, [&](const core::Person& p, bool readable, json::array numbers) {
      if (!readable) {
        ++hidden;
        return true;
      }
      if (static_cast<int>(items.size()) >= limit) return false;
      json::object o = person_brief(p, std::move(numbers));
      if (scores.count(p.id)) o["score"] = scores[p.id];
      items.push_back(std::move(o));
      return true;
    });
  });
  auto event = ctx.audit("person.search");
  event.details = "{\"results\":" + std::to_string(items.size()) + "}";
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  // People outside the user's scope are never shown. Roles with a team-wide scope are told how
  // many there are (so they can ask a coordinator); roles limited to their own cases are not:
  // a name typed into a volunteer's phone must not confirm that someone is known here.
  if (core::case_scope(ctx.user->role) == core::Scope::own) hidden = 0;
  return json_response(200, json::object{{"items", std::move(items)}, {"outside_scope", hidden}});
}

Response people_duplicates(Context& ctx) {
  auto body = parse_object(ctx.req);
  core::Person candidate;
  apply_person_fields(body, candidate, true);
  store::Store& s = ctx.store();
  json::array items;
  int hidden = 0;
  s.db().read([&](store::Tx& tx) {
    std::map<std::string, std::set<std::string>> reasons;
    std::map<std::string, int> scores;
    std::string names = candidate.given_name + " " + candidate.family_name;
    // At registration a likely duplicate shares most of the name's words.
    int words = static_cast<int>(crypto::name_tokens(names).size());
    for (const auto& m : s.people().search_name(tx, names, std::max(1, words - 1), 50)) {
      reasons[m.person_id].insert("name");
      scores[m.person_id] += m.score;
    }
    for (const auto& alias : candidate.aliases)
      for (const auto& m : s.people().search_name(tx, alias, 99, 20)) {
        reasons[m.person_id].insert("alias");
        scores[m.person_id] += m.score;
      }
    for (const auto& phone : candidate.contact.phones)
      for (const auto& id : s.people().find_by_phone(tx, phone)) {
        reasons[id].insert("phone");
        scores[id] += 10;
      }
    if (candidate.birth_date)
      for (const auto& id : s.people().find_by_birth_date(tx, *candidate.birth_date)) {
        if (!reasons.count(id)) continue;  // a shared birth date alone is no duplicate
        reasons[id].insert("birth_date");
        scores[id] += 5;
      }
    std::vector<std::pair<int, std::string>> ranked;
    for (const auto& [id, score] : scores) ranked.emplace_back(-score, id);
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> ids;
    for (const auto& [neg, id] : ranked) ids.push_back(id);
    visit_people(ctx, tx, ids, [&](const core::Person& p, bool readable, json::array numbers) {
      const std::string& id = p.id;
      if (candidate.birth_year && p.birth_year && std::abs(*p.birth_year - *candidate.birth_year) > 3 &&
          !reasons[id].count("phone"))
        return true;  // same name, clearly another generation
      if (!readable) {
        ++hidden;
        return true;
      }
      if (items.size() >= 10) return false;
      json::object o = person_brief(p, std::move(numbers));
      o["score"] = scores[id];
      o["reasons"] = json::value_from(std::vector<std::string>(reasons[id].begin(), reasons[id].end()));
      items.push_back(std::move(o));
      return true;
    });
  });
  // At registration the count of similar people elsewhere is what prevents a duplicate file; the
  // check itself is audited with that count.
  auto event = ctx.audit("person.duplicate_check");
  event.details = "{\"shown\":" + std::to_string(items.size()) + ",\"outside_scope\":" + std::to_string(hidden) + "}";
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return json_response(200, json::object{{"items", std::move(items)}, {"outside_scope", hidden}});
}

Response people_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  core::Person p;
  apply_person_fields(body, p, true);
  p.id = core::new_id();
  p.created_by = ctx.user->id;
  p.created_at = p.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    s.people().create(tx, p);
    s.audit().append(tx, ctx.audit("person.create", "person", p.id));
    out = person_json(ctx, tx, p);
  });
  Response r = with_etag(json_response(201, out), p.version);
  r.headers["location"] = "/api/v1/people/" + p.id;
  return r;
}

Response people_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  std::int64_t version = 0;
  s.db().read([&](store::Tx& tx) {
    core::Person p = load_person(ctx, tx, ctx.param("id"), false);
    version = p.version;
    out = person_json(ctx, tx, p);
  });
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, ctx.audit("person.read", "person", ctx.param("id"))); });
  return with_etag(json_response(200, out), version);
}

Response people_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  json::object out;
  std::optional<core::Person> current;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  std::int64_t new_version = 0;
  std::vector<std::string> changed;
  s.db().write([&](store::Tx& tx) {
    core::Person p = load_person(ctx, tx, ctx.param("id"), true);
    current = p;
    core::Person next = p;
    apply_person_fields(body, next, false);
    for (const auto& [k, v] : body) changed.emplace_back(k);
    outcome = s.people().update(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit("person.update", "person", p.id);
    json::array fields;
    for (const auto& f : changed) fields.emplace_back(f);
    event.details = json::serialize(json::object{{"fields", std::move(fields)}});
    s.audit().append(tx, event);
    auto stored = s.people().find(tx, p.id);
    new_version = stored->version;
    out = person_json(ctx, tx, *stored);
  });
  if (outcome == store::UpdateOutcome::version_conflict) {
    json::object current_json;
    s.db().read([&](store::Tx& tx) { current_json = person_json(ctx, tx, *current); });
    throw_version_conflict(current->version, std::move(current_json), json::value_from(changed));
  }
  return with_etag(json_response(200, out), new_version);
}

Response consents_list(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    load_person(ctx, tx, ctx.param("id"), false);
    for (const auto& c : s.cases().consents(tx, ctx.param("id")))
      items.push_back(json::object{{"id", c.id},
                                   {"purpose", c.purpose},
                                   {"partner_name", c.partner_name ? json::value(*c.partner_name) : json::value(nullptr)},
                                   {"partner_id", c.partner_id ? json::value(*c.partner_id) : json::value(nullptr)},
                                   {"data_items", json::value_from(c.data_items)},
                                   {"status", c.status},
                                   {"given_on", c.given_on},
                                   {"method", c.method},
                                   {"recorded_by", c.recorded_by},
                                   {"created_at", c.created_at}});
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response consents_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"purpose", "partner_name", "partner_id", "data_items", "status", "given_on", "method"});
  FieldErrors errors;
  core::Consent c;
  c.purpose = optional_string(body, "purpose", 32).value_or("");
  c.partner_name = optional_string(body, "partner_name", 200);
  c.partner_id = optional_string(body, "partner_id", 36);
  if (c.partner_id && !core::is_id(*c.partner_id)) errors.add("partner_id", "field.invalid");
  if (c.partner_id && c.purpose != "sharing") errors.add("partner_id", "field.invalid");
  // What she agrees to share with that partner: items of a referral's packet, each once.
  if (auto it = body.find("data_items"); it != body.end() && !it->value().is_null()) {
    const auto& v = it->value();
    if (c.purpose != "sharing" || !v.is_array()) {
      errors.add("data_items", "field.invalid");
    } else {
      for (const auto& item : v.as_array()) {
        if (!item.is_string() || !core::is_packet_item(item.as_string()) ||
            std::find(c.data_items.begin(), c.data_items.end(), item.as_string()) != c.data_items.end()) {
          errors.add("data_items", "field.invalid");
          break;
        }
        c.data_items.emplace_back(item.as_string());
      }
    }
  }
  c.status = optional_string(body, "status", 16).value_or("given");
  c.given_on = optional_string(body, "given_on", 10).value_or(today());
  c.method = optional_string(body, "method", 16).value_or("");
  if (!core::is_consent_purpose(c.purpose)) errors.add("purpose", "field.invalid");
  // A sharing consent names its partner: from the directory, or by name for one outside it.
  if (c.purpose == "sharing" && !c.partner_id && (!c.partner_name || c.partner_name->empty()))
    errors.add("partner_name", "field.required");
  if (c.status != "given" && c.status != "withdrawn") errors.add("status", "field.invalid");
  if (!valid_date(c.given_on) || c.given_on > latest_local_date()) errors.add("given_on", "date.format");
  if (!core::is_consent_method(c.method)) errors.add("method", "field.invalid");
  errors.throw_if_any();
  c.id = core::new_id();
  c.person_id = ctx.param("id");
  c.recorded_by = ctx.user->id;
  c.created_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    load_person(ctx, tx, c.person_id, true);
    if (c.partner_id) {
      auto partner = s.partners().find(tx, *c.partner_id);
      if (!partner) throw Problem(422, "validation", {{"partner_id", "field.invalid"}});
      if (!c.partner_name || c.partner_name->empty()) c.partner_name = partner->name;
    }
    s.cases().add_consent(tx, c);
    auto event = ctx.audit(c.status == "given" ? "consent.give" : "consent.withdraw", "person", c.person_id);
    event.details = json::serialize(json::object{{"purpose", c.purpose}});
    s.audit().append(tx, event);
  });
  return json_response(201, json::object{{"id", c.id}, {"purpose", c.purpose}, {"status", c.status},
                                         {"given_on", c.given_on}, {"method", c.method},
                                         {"partner_id", c.partner_id ? json::value(*c.partner_id) : json::value(nullptr)},
                                         {"data_items", json::value_from(c.data_items)}});
}

}  // namespace passerelle::api
