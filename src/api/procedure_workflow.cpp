// The one path that moves a procedure: staff routes (api/procedure_routes.cpp) and the partner
// portal both come here, so a transition is checked, written, stepped, re-deadlined and audited
// the same way whoever takes it.
#include "api/procedure_workflow.h"

#include <algorithm>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/problem.h"
#include "core/clock.h"
#include "core/ids.h"

namespace passerelle::api {
namespace json = boost::json;

FieldError api_error(const core::FieldError& e) { return {e.field, e.code}; }

std::vector<core::Step> core_steps(const std::vector<store::ProcedureStep>& steps) {
  std::vector<core::Step> out;
  out.reserve(steps.size());
  for (const auto& s : steps)
    out.push_back({s.id, s.kind, s.happened_on, s.from_status, s.to_status, s.fields});
  return out;
}

core::Fields merge_fields(core::Fields current, const core::Fields& changes) {
  for (const auto& [name, value] : changes) {
    if (value.empty()) current.erase(name);
    else current[name] = value;
  }
  return current;
}

namespace {

// The items of a list as JSON strings.
json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

json::object fields_json(const core::ProcedureKind& kind, const core::Fields& fields) {
  return fields_json(kind.fields, fields);
}

json::object fields_json(const std::vector<core::FieldSpec>& specs, const core::Fields& fields) {
  json::object out;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& f) { return f.name == name; });
    core::FieldType type = spec != specs.end() ? spec->type : core::FieldType::text;
    switch (type) {
      case core::FieldType::amount:
      case core::FieldType::integer: {
        try {
          std::size_t used = 0;
          long long n = std::stoll(value, &used);
          if (used == value.size()) {
            out[name] = n;
            break;
          }
        } catch (const std::exception&) {
        }
        out[name] = value;  // never stored this way (validated on the way in)
        break;
      }
      case core::FieldType::boolean:
        out[name] = value == "true";
        break;
      default:
        out[name] = value;
    }
  }
  return out;
}

namespace {

core::Fields parse_fields(const std::vector<core::FieldSpec>& specs, const json::object& body,
                          std::vector<core::FieldError>& errors) {
  core::Fields out;
  auto it = body.find("fields");
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_object()) {
    errors.push_back({"fields", "field.invalid"});
    return out;
  }
  for (const auto& [key, v] : it->value().as_object()) {
    std::string name(key.substr(0, 64));
    auto found = std::find_if(specs.begin(), specs.end(), [&](const auto& f) { return f.name == name; });
    if (found == specs.end()) {
      errors.push_back({"fields." + name, "field.unknown"});
      continue;
    }
    if (v.is_null()) {
      out[name] = "";  // clears the field
      continue;
    }
    switch (found->type) {
      case core::FieldType::amount:
      case core::FieldType::integer:
        if (v.is_int64()) out[name] = std::to_string(v.as_int64());
        else if (v.is_uint64() && v.as_uint64() <= 9'000'000'000'000'000'000ULL) out[name] = std::to_string(v.as_uint64());
        else errors.push_back({"fields." + name, "field.invalid"});
        break;
      case core::FieldType::boolean:
        if (v.is_bool()) out[name] = v.as_bool() ? "true" : "false";
        else errors.push_back({"fields." + name, "field.not_boolean"});
        break;
      default:
        if (v.is_string()) out[name] = std::string(v.as_string());
        else errors.push_back({"fields." + name, "field.not_string"});
    }
  }
  return out;
}

}  // namespace

core::Fields fields_from_json(const core::ProcedureKind& kind, const json::object& body,
                              std::vector<core::FieldError>& errors) {
  return parse_fields(kind.fields, body, errors);
}

core::Fields step_fields_from_json(const core::StepSpec& step, const json::object& body,
                                   std::vector<core::FieldError>& errors) {
  return parse_fields(step.fields, body, errors);
}

json::object build_packet(Context& ctx, store::Tx& tx, const store::Procedure& p) {
  store::Store& s = ctx.store();
  auto c = s.cases().find(tx, p.case_id);
  if (!c) throw Problem(404, "not-found");
  auto person = s.people().find(tx, c->person_id);
  if (!person) throw Problem(404, "not-found");
  json::object packet;
  for (const auto& item : p.packet_items) {
    if (item == "given_name") packet["given_name"] = person->given_name;
    else if (item == "family_name") packet["family_name"] = person->family_name;
    else if (item == "aliases") packet["aliases"] = strings(person->aliases);
    else if (item == "birth_year")
      packet["birth_year"] = person->birth_year ? json::value(*person->birth_year) : json::value(nullptr);
    else if (item == "gender") packet["gender"] = person->gender;
    else if (item == "nationalities") packet["nationalities"] = strings(person->nationalities);
    else if (item == "languages") packet["languages"] = strings(person->languages);
    else if (item == "phone")
      packet["phone"] = person->contact.phones.empty() ? json::value(nullptr)
                                                       : json::value(person->contact.phones.front());
    else if (item == "documents") {
      json::object d;
      for (const auto& [k, v] : person->documents) d[k] = v;
      packet["documents"] = std::move(d);
    } else if (item == "needs") {
      // The needs assessment as recorded: {need: status}.
      json::error_code ec;
      auto v = json::parse(s.details().needs(tx, c->id), ec);
      packet["needs"] = !ec && v.is_object() ? v : json::value(json::object{});
    } else if (item == "exploitation_types") {
      packet["exploitation_types"] = strings(c->exploitation_types);
    } else if (item == "children") {
      auto relations = s.details().relations(tx, person->id);
      packet["children"] = static_cast<std::int64_t>(std::count_if(
          relations.begin(), relations.end(), [](const auto& r) { return r.relation == "child"; }));
    } else if (item == "situation") {
      auto it = p.fields.find("details");
      packet["situation"] = it == p.fields.end() ? std::string() : it->second;
    }
  }
  return packet;
}

void refresh_deadlines(Context& ctx, store::Tx& tx, const store::Procedure& p) {
  const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
  if (!kind) return;
  store::Store& s = ctx.store();
  auto steps = core_steps(s.procedures().steps(tx, p.id));
  s.procedures().set_deadlines(
      tx, p.id, p.case_id, core::deadlines_of(*kind, p.status, p.fields, steps, p.due_on, today()));
}

store::Procedure transition_procedure(Context& ctx, store::Tx& tx, store::Procedure p,
                                      const TransitionRequest& r) {
  const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
  if (!kind) throw Problem(404, "not-found");
  store::Store& s = ctx.store();

  // Input first: a bad date or field value is refused before any rule is asked.
  std::vector<FieldError> errors;
  std::string on = r.on.empty() ? today() : r.on;
  if (!valid_date(on) || on > latest_local_date()) errors.push_back({"on", "date.format"});
  for (const auto& e : core::validate_fields(*kind, r.fields)) errors.push_back(api_error(e));
  if (!errors.empty()) throw Problem(422, "validation", errors);
  core::Fields merged = merge_fields(p.fields, r.fields);

  // A partner answers only the referrals sent to her organisation (the portal checks whose).
  if (r.actor == core::Actor::partner && p.direction.value_or("out") != "out")
    throw Problem(409, "conflict", {{"to", "transition.not_yours"}});
  if (auto refusal = core::check_transition(*kind, p.status, r.to, r.actor, r.reason, merged)) {
    const std::string& code = *refusal;
    if (code == "transition.unknown_status") throw Problem(422, "validation", {{"to", code}});
    if (code == "transition.reason_required") throw Problem(422, "validation", {{"reason", "field.required"}});
    if (code == "transition.field_required") {
      std::vector<FieldError> missing;
      for (const auto& f : core::missing_fields(*kind, p.status, r.to, merged))
        missing.push_back({"fields." + f, "field.required"});
      if (missing.empty()) missing.push_back({"fields", "field.required"});
      throw Problem(422, "validation", missing);
    }
    throw Problem(409, "conflict", {{"to", code}});  // transition.not_allowed, transition.not_yours
  }

  std::string from = p.status;
  p.fields = std::move(merged);
  // The consent rule: an outgoing referral leaves draft only with a sharing consent in force
  // for that partner covering every item of its packet. Then the packet is frozen as sent.
  if (p.kind == "referral" && from == "draft" && r.to == "sent") {
    auto c = s.cases().find(tx, p.case_id);
    if (!c) throw Problem(404, "not-found");
    auto history = s.cases().consents(tx, c->person_id);
    if (auto refusal = core::referral_send_refusal(history, p.partner_id.value_or(""), p.packet_items))
      throw Problem(422, "validation", {{"consent", *refusal}});
    p.packet = json::serialize(build_packet(ctx, tx, p));
  }
  p.status = r.to;
  if (core::is_final_status(*kind, p.status)) p.closed_on = on;
  p.updated_at = core::now_iso8601();
  auto outcome = s.procedures().update(tx, p, p.version);
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  // Someone else moved it between our read and this write (PostgreSQL runs both at once).
  if (outcome == store::UpdateOutcome::version_conflict) throw Problem(409, "conflict");

  store::ProcedureStep step;
  step.id = core::new_id();
  step.procedure_id = p.id;
  step.kind = "transition";
  step.happened_on = on;
  step.from_status = from;
  step.to_status = p.status;
  if (!r.reason.empty()) step.fields["reason"] = r.reason;
  step.actor_id = ctx.user->id;
  step.created_at = p.updated_at;
  s.procedures().add_step(tx, step);

  auto written = s.procedures().find(tx, p.id);
  if (!written) throw Problem(404, "not-found");
  refresh_deadlines(ctx, tx, *written);

  auto event = ctx.audit("procedure.transition", "procedure", p.id);
  json::object details{{"kind", p.kind}, {"from", from}, {"to", p.status}};
  if (r.actor == core::Actor::partner) details["actor"] = "partner";
  if (!r.fields.empty()) {
    json::array names;
    for (const auto& [name, value] : r.fields) names.emplace_back(name);
    details["fields"] = std::move(names);
  }
  event.details = json::serialize(details);
  s.audit().append(tx, event);
  return std::move(*written);
}

}  // namespace passerelle::api
