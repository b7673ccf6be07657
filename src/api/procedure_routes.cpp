// Procedures on cases (docs/procedures.md): the kinds, a case's procedures, their fields, status
// transitions and dated steps, referrals in scope, the printable referral form, and the deadlines
// of one's caseload. Who sees a procedure: the route's permission, the kind's area permission
// (core::area_permission), and access to its case; anything else answers 404.
#include <algorithm>
#include <set>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/procedure_workflow.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/permissions.h"
#include "reports/pdf_renderer.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

bool kind_visible(const Context& ctx, const core::ProcedureKind& kind) {
  return core::role_has(ctx.user->role, core::area_permission(kind.area));
}

json::array strings(const auto& list) {
  json::array a;
  for (const auto& s : list) a.emplace_back(std::string_view(s));
  return a;
}

json::value nullable_text(const std::optional<std::string>& v) {
  return v && !v->empty() ? json::value(*v) : json::value(nullptr);
}

// A procedure the user may see, with its kind and her access to its case.
struct Loaded {
  store::Procedure p;
  const core::ProcedureKind* kind = nullptr;
  CaseAccess access;
};

Loaded load_procedure(Context& ctx, store::Tx& tx, const std::string& id, bool write) {
  auto p = ctx.store().procedures().find(tx, id);
  if (!p) throw Problem(404, "not-found");
  const core::ProcedureKind* kind = core::find_procedure_kind(p->kind);
  if (!kind || !kind_visible(ctx, *kind)) throw Problem(404, "not-found");
  auto access = load_case(ctx, tx, p->case_id, write);
  return {std::move(*p), kind, std::move(access)};
}

// Case access for lists, one load per case: nullptr when the user may not read it.
class CaseGate {
 public:
  CaseGate(Context& ctx, store::Tx& tx) : ctx_(ctx), tx_(tx) {}
  const CaseAccess* get(const std::string& case_id) {
    auto it = cache_.find(case_id);
    if (it == cache_.end()) {
      std::optional<CaseAccess> access;
      try {
        access = load_case(ctx_, tx_, case_id);
      } catch (const Problem& p) {
        if (p.status() != 404) throw;
      }
      it = cache_.emplace(case_id, std::move(access)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  Context& ctx_;
  store::Tx& tx_;
  std::map<std::string, std::optional<CaseAccess>> cache_;
};

json::object step_json(const core::ProcedureKind& kind, const store::ProcedureStep& s) {
  core::Fields fields = s.fields;
  std::optional<std::string> reason;
  if (auto it = fields.find("reason"); it != fields.end()) {
    reason = it->second;
    fields.erase(it);
  }
  std::vector<core::FieldSpec> specs;
  for (const auto& spec : kind.steps)
    if (spec.kind == s.kind) specs = spec.fields;
  return {{"id", s.id},
          {"kind", s.kind},
          {"from_status", nullable(s.from_status)},
          {"to_status", nullable(s.to_status)},
          {"on", s.happened_on},
          {"fields", fields_json(specs, fields)},
          {"reason", nullable_text(reason)},
          {"actor_id", s.actor_id},
          {"created_at", s.created_at}};
}

struct JsonOptions {
  bool with_steps = true;
  bool can_write = false;
};

// The Procedure JSON of docs/api-v1-procedures.md. `consents` is the person's consent history
// (for the state of the consent rule on outgoing referrals); `steps` are the procedure's steps.
json::object procedure_json(Context& ctx, store::Tx& tx, const store::Procedure& p,
                            const core::ProcedureKind& kind, const std::string& case_number,
                            const std::vector<core::Consent>& consents,
                            const std::vector<store::ProcedureStep>& steps, JsonOptions o) {
  std::optional<std::string> partner_name;
  if (p.partner_id)
    if (auto partner = ctx.store().partners().find(tx, *p.partner_id)) partner_name = partner->name;
  json::value consent = nullptr;
  if (p.kind == "referral" && p.direction.value_or("out") == "out") {
    auto refusal = core::referral_send_refusal(consents, p.partner_id.value_or(""), p.packet_items);
    consent = json::object{{"sharing_in_force", refusal != "consent.sharing_missing"},
                           {"items_covered", !refusal.has_value()}};
  }
  json::value packet = nullptr;
  if (p.packet) {
    json::error_code ec;
    auto v = json::parse(*p.packet, ec);
    if (!ec && v.is_object()) packet = std::move(v);
  }
  json::array deadlines;
  for (const auto& d : core::deadlines_of(kind, p.status, p.fields, core_steps(steps), p.due_on, today()))
    deadlines.push_back(json::object{{"kind", d.kind}, {"due_on", d.due_on}, {"remind_on", d.remind_on}, {"ref", d.ref}});
  json::array allowed;
  if (o.can_write)
    for (auto to : core::allowed_transitions(kind, p.status, core::Actor::staff)) allowed.emplace_back(to);
  json::object out{{"id", p.id},
                   {"case_id", p.case_id},
                   {"case_number", case_number},
                   {"kind", p.kind},
                   {"area", core::to_string(kind.area)},
                   {"status", p.status},
                   {"opened_on", p.opened_on},
                   {"closed_on", nullable(p.closed_on)},
                   {"partner_id", nullable(p.partner_id)},
                   {"partner_name", nullable(partner_name)},
                   {"direction", nullable(p.direction)},
                   {"reason", nullable(p.reason)},
                   {"due_on", nullable(p.due_on)},
                   {"lawyer_id", nullable(p.lawyer_id)},
                   {"fields", fields_json(kind, p.fields)},
                   {"packet_items", strings(p.packet_items)},
                   {"packet", std::move(packet)},
                   {"consent", std::move(consent)},
                   {"deadlines", std::move(deadlines)},
                   {"allowed", std::move(allowed)},
                   {"version", p.version},
                   {"created_at", p.created_at},
                   {"updated_at", p.updated_at}};
  if (o.with_steps) {
    json::array items;
    for (const auto& s : steps) items.push_back(step_json(kind, s));
    out["steps"] = std::move(items);
  }
  return out;
}

// The JSON of a loaded procedure, reading what it needs.
json::object loaded_json(Context& ctx, store::Tx& tx, const Loaded& l) {
  store::Store& s = ctx.store();
  auto consents = s.cases().consents(tx, l.access.the_case.person_id);
  auto steps = s.procedures().steps(tx, l.p.id);
  return procedure_json(ctx, tx, l.p, *l.kind, l.access.the_case.number, consents, steps,
                        {.with_steps = true, .can_write = l.access.can_write});
}

// --- Input -----------------------------------------------------------------------------------

std::vector<std::string> packet_items_of(const json::object& body, FieldErrors& errors) {
  std::vector<std::string> items;
  auto it = body.find("packet_items");
  if (it == body.end() || it->value().is_null()) return items;
  if (!it->value().is_array() || it->value().as_array().size() > core::packet_items().size()) {
    errors.add("packet_items", "field.invalid");
    return items;
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || !core::is_packet_item(v.as_string()) ||
        std::find(items.begin(), items.end(), v.as_string()) != items.end()) {
      errors.add("packet_items", "field.invalid");
      return {};
    }
    items.emplace_back(v.as_string());
  }
  return items;
}

std::optional<std::string> id_field(const json::object& body, std::string_view name, FieldErrors& errors) {
  auto v = optional_string(body, name, 36);
  if (v && !core::is_id(*v)) errors.add(std::string(name), "field.invalid");
  return v;
}

std::optional<std::string> date_field(const json::object& body, std::string_view name, FieldErrors& errors) {
  auto v = optional_string(body, name, 10);
  if (v && !valid_date(*v)) errors.add(std::string(name), "date.format");
  return v;
}

// The members shared by create and PATCH, applied to `p` when present in `body`.
void apply_columns(const json::object& body, const core::ProcedureKind& kind, store::Procedure& p,
                   FieldErrors& errors) {
  bool referral = kind.name == "referral";
  if (body.contains("partner_id")) p.partner_id = id_field(body, "partner_id", errors);
  if (body.contains("reason")) {
    p.reason = optional_string(body, "reason", 40);
    if (p.reason && (!referral || !core::is_referral_reason(*p.reason))) errors.add("reason", "field.invalid");
  }
  if (body.contains("due_on")) p.due_on = date_field(body, "due_on", errors);
  if (body.contains("lawyer_id")) p.lawyer_id = id_field(body, "lawyer_id", errors);
  if (body.contains("packet_items")) {
    p.packet_items = packet_items_of(body, errors);
    if (!p.packet_items.empty() && (!referral || p.direction.value_or("out") != "out"))
      errors.add("packet_items", "field.invalid");
  }
}

// Ids that must name existing records: the partner (directory) and the lawyer (an active user
// who may act for the person: a lawyer, or a coordinator or social worker following the file).
void check_references(Context& ctx, store::Tx& tx, const store::Procedure& p) {
  store::Store& s = ctx.store();
  FieldErrors errors;
  if (p.partner_id && !s.partners().find(tx, *p.partner_id)) errors.add("partner_id", "field.invalid");
  if (p.lawyer_id) {
    auto u = s.users().find(tx, *p.lawyer_id);
    if (!u || u->disabled ||
        (u->role != "lawyer" && u->role != "coordinator" && u->role != "social_worker"))
      errors.add("lawyer_id", "field.invalid");
  }
  errors.throw_if_any();
}

// The lawyer assigned to a procedure works on the file: she joins the case team (as its lawyer)
// when she is not on it, so that she sees the procedure whose hearings and deadlines are hers.
// Coordinators and social workers reach the file through their scope. Audited as a team change.
void assigned_lawyer_joins_team(Context& ctx, store::Tx& tx, const store::Procedure& p) {
  if (!p.lawyer_id) return;
  store::Store& s = ctx.store();
  auto u = s.users().find(tx, *p.lawyer_id);
  if (!u || u->role != "lawyer") return;
  if (s.cases().facts(tx, p.case_id, u->id, core::now_unix()).on_case_team) return;
  s.cases().set_member(tx, p.case_id, {u->id, "lawyer"});
  auto event = ctx.audit("case.team_add", "case", p.case_id);
  event.details = json::serialize(
      json::object{{"user_id", u->id}, {"role", "lawyer"}, {"procedure_id", p.id}});
  s.audit().append(tx, event);
}

void throw_field_errors(const std::vector<core::FieldError>& errors) {
  if (errors.empty()) return;
  std::vector<FieldError> out;
  for (const auto& e : errors) out.push_back(api_error(e));
  throw Problem(422, "validation", out);
}

store::ProcedureStep new_step(Context& ctx, const store::Procedure& p, std::string kind, std::string on) {
  store::ProcedureStep s;
  s.id = core::new_id();
  s.procedure_id = p.id;
  s.kind = std::move(kind);
  s.happened_on = std::move(on);
  s.actor_id = ctx.user->id;
  s.created_at = core::now_iso8601();
  return s;
}

// --- Referral form -----------------------------------------------------------------------------

std::string label(std::string_view lang, std::string_view en, std::string_view fr) {
  return std::string(lang == "fr" ? fr : en);
}

std::string item_label(std::string_view lang, std::string_view item) {
  static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> labels = {
      {"given_name", {"Given name", "Prénom"}},
      {"family_name", {"Family name", "Nom de famille"}},
      {"aliases", {"Other names", "Autres noms"}},
      {"birth_year", {"Year of birth", "Année de naissance"}},
      {"gender", {"Gender", "Genre"}},
      {"nationalities", {"Nationalities", "Nationalités"}},
      {"languages", {"Languages", "Langues"}},
      {"phone", {"Phone", "Téléphone"}},
      {"documents", {"Identity documents", "Documents d'identité"}},
      {"needs", {"Needs", "Besoins"}},
      {"exploitation_types", {"Forms of exploitation", "Formes d'exploitation"}},
      {"children", {"Children", "Enfants"}},
      {"situation", {"Situation", "Situation"}}};
  auto it = labels.find(item);
  return it == labels.end() ? std::string(item) : label(lang, it->second.first, it->second.second);
}

std::string reason_label(std::string_view lang, std::string_view reason) {
  static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> labels = {
      {"AdditionalServicesRequired", {"Additional services required", "Services complémentaires nécessaires"}},
      {"MigrationOrChangeOfLocation", {"Migration or change of location", "Migration ou changement de lieu"}},
      {"Other", {"Other", "Autre"}},
      {"safe_relocation", {"Safe relocation", "Éloignement sécurisé"}},
      {"shelter", {"Shelter", "Hébergement protégé"}},
      {"housing", {"Housing", "Logement"}},
      {"health", {"Health", "Santé"}},
      {"mental_health", {"Mental health", "Santé mentale"}},
      {"legal_support", {"Legal support", "Accompagnement juridique"}},
      {"asylum", {"Asylum", "Asile"}},
      {"exit_programme", {"Exit programme", "Parcours de sortie"}},
      {"child_protection", {"Child protection", "Protection de l'enfance"}},
      {"voluntary_return", {"Voluntary return", "Retour volontaire"}},
      {"employment_training", {"Employment and training", "Emploi et formation"}},
      {"language", {"Language classes", "Apprentissage de la langue"}},
      {"family_tracing", {"Family tracing", "Recherche familiale"}}};
  auto it = labels.find(reason);
  return it == labels.end() ? std::string(reason) : label(lang, it->second.first, it->second.second);
}

std::string text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "—";
  if (v.is_bool()) return v.as_bool() ? "✓" : "✗";
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v.as_array()) out += (out.empty() ? "" : ", ") + text_of(x);
    return out.empty() ? "—" : out;
  }
  if (v.is_object()) {
    std::string out;
    for (const auto& [k, x] : v.as_object()) out += (out.empty() ? "" : "; ") + std::string(k) + ": " + text_of(x);
    return out.empty() ? "—" : out;
  }
  return json::serialize(v);
}

struct FormData {
  std::string organisation, partner, reason, date, consent_on;
  std::vector<std::string> items;
  json::object packet;
};

// The printable referral form: who refers to whom, why, the shared information (the packet
// only), the person's consent and signature lines. Nothing else of the case.
std::string form_html(const FormData& f, std::string_view lang) {
  using reports::html_escape;
  std::string h = "<!doctype html><html lang=\"" + std::string(lang) + "\"><head><meta charset=\"utf-8\"><title>" +
                  label(lang, "Referral form", "Fiche d'orientation") +
                  "</title><style>body{font-family:sans-serif;font-size:11pt;margin:2em}"
                  "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
                  "th,td{border:1px solid #999;padding:6px;text-align:left;vertical-align:top}"
                  "th{background:#eee;width:35%}h1{font-size:16pt}h2{font-size:13pt}"
                  ".sign{display:flex;gap:2em;margin-top:2em}.sign div{flex:1;border-top:1px solid #000;"
                  "padding-top:.5em;min-height:5em}</style></head><body>";
  h += "<h1>" + label(lang, "Referral form", "Fiche d'orientation") + "</h1><table>";
  auto row = [&](std::string_view th, const std::string& td) {
    h += "<tr><th>" + std::string(th) + "</th><td>" + html_escape(td) + "</td></tr>";
  };
  row(label(lang, "From", "De la part de"), f.organisation);
  row(label(lang, "To", "À"), f.partner);
  row(label(lang, "Reason", "Motif"), f.reason);
  row(label(lang, "Date", "Date"), f.date);
  h += "</table><h2>" + label(lang, "Information shared", "Informations transmises") + "</h2><table>";
  for (const auto& item : f.items) {
    auto it = f.packet.find(item);
    row(item_label(lang, item), it == f.packet.end() ? "—" : text_of(it->value()));
  }
  if (f.items.empty()) h += "<tr><td>—</td></tr>";
  h += "</table><h2>" + label(lang, "Consent", "Consentement") + "</h2><p>";
  h += html_escape(lang == "fr"
                       ? "La personne concernée a accepté le " + f.consent_on + " que les informations ci-dessus, et elles seules, soient transmises à " + f.partner + ". Elle peut retirer ce consentement à tout moment."
                       : "The person concerned agreed on " + f.consent_on + " that the information above, and only it, be shared with " + f.partner + ". She may withdraw this consent at any time.");
  h += "</p><div class=\"sign\"><div>" + label(lang, "For ", "Pour ") + html_escape(f.organisation) + "<br>" +
       label(lang, "Name, date and signature", "Nom, date et signature") + "</div><div>" +
       label(lang, "Received by ", "Reçu par ") + html_escape(f.partner) + "<br>" +
       label(lang, "Name, date and signature", "Nom, date et signature") + "</div></div>";
  return h + "</body></html>";
}

// The date the latest sharing consent for `partner_id` was given ("" when none is in force).
std::string consent_date(const std::vector<core::Consent>& history, const std::string& partner_id) {
  const core::Consent* latest = nullptr;
  for (const auto& c : history) {
    if (c.purpose != "sharing" || c.partner_id.value_or("") != partner_id) continue;
    if (!latest || c.given_on > latest->given_on ||
        (c.given_on == latest->given_on && c.created_at >= latest->created_at))
      latest = &c;
  }
  return latest && latest->status == "given" ? latest->given_on : "";
}

}  // namespace

Response procedure_kinds_list(Context& ctx) {
  json::array items;
  // Partner users read the referral kind (its statuses and answers) for the portal.
  bool partner = core::role_has(ctx.user->role, core::perm::partner_referrals);
  for (const auto& k : core::procedure_kinds()) {
    if (!kind_visible(ctx, k) && !(partner && k.name == "referral")) continue;
    auto field_list = [](const std::vector<core::FieldSpec>& specs) {
      json::array out;
      for (const auto& f : specs)
        out.push_back(json::object{{"name", f.name}, {"type", core::to_string(f.type)},
                                   {"choices", strings(f.choices)}, {"sensitive", f.sensitive}});
      return out;
    };
    json::array transitions, steps;
    for (const auto& t : k.transitions)
      transitions.push_back(json::object{{"from", t.from}, {"to", t.to}, {"reason_required", t.reason_required},
                                         {"by_staff", t.by_staff}, {"by_partner", t.by_partner},
                                         {"required_fields", strings(t.required_fields)}});
    for (const auto& s : k.steps) steps.push_back(json::object{{"kind", s.kind}, {"fields", field_list(s.fields)}});
    items.push_back(json::object{{"kind", k.name}, {"area", core::to_string(k.area)},
                                 {"minors_only", k.minors_only}, {"initial", k.initial},
                                 {"statuses", strings(k.statuses)}, {"final_statuses", strings(k.final_statuses)},
                                 {"transitions", std::move(transitions)}, {"fields", field_list(k.fields)},
                                 {"steps", std::move(steps)}});
  }
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response procedures_of_case(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, ctx.param("id"));
    auto consents = s.cases().consents(tx, access.the_case.person_id);
    auto steps = s.procedures().steps_of_case(tx, access.the_case.id);
    for (const auto& p : s.procedures().of_case(tx, access.the_case.id)) {
      const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
      if (!kind || !kind_visible(ctx, *kind)) continue;
      auto it = steps.find(p.id);
      items.push_back(procedure_json(ctx, tx, p, *kind, access.the_case.number, consents,
                                     it == steps.end() ? std::vector<store::ProcedureStep>{} : it->second,
                                     {.with_steps = true, .can_write = access.can_write}));
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response procedures_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"kind", "fields", "partner_id", "direction", "reason", "due_on", "lawyer_id",
                     "packet_items", "opened_on"});
  std::string kind_name = optional_string(body, "kind", 40).value_or("");
  const core::ProcedureKind* kind = core::find_procedure_kind(kind_name);
  if (!kind) throw Problem(422, "validation", {{"kind", kind_name.empty() ? "field.required" : "field.invalid"}});
  if (!kind_visible(ctx, *kind)) throw Problem(403, "forbidden");
  bool referral = kind->name == "referral";

  std::vector<core::FieldError> field_errors;
  core::Fields given = fields_from_json(*kind, body, field_errors);
  for (const auto& e : core::validate_fields(*kind, given)) field_errors.push_back(e);
  throw_field_errors(field_errors);

  FieldErrors errors;
  store::Procedure p;
  p.kind = kind->name;
  p.fields = merge_fields({}, given);
  if (body.contains("direction")) {
    p.direction = optional_string(body, "direction", 3);
    if (p.direction && (!referral || (*p.direction != "out" && *p.direction != "in")))
      errors.add("direction", "field.invalid");
  }
  if (referral && !p.direction) p.direction = "out";
  apply_columns(body, *kind, p, errors);
  if (referral) {
    if (!p.partner_id) errors.add("partner_id", "field.required");
    if (!p.reason) errors.add("reason", "field.required");
  }
  p.opened_on = optional_string(body, "opened_on", 10).value_or(today());
  if (!valid_date(p.opened_on) || p.opened_on > latest_local_date()) errors.add("opened_on", "date.format");
  errors.throw_if_any();

  // An incoming referral is recorded as received (sent), and answered by staff.
  p.status = referral && p.direction == "in" ? "sent" : std::string(kind->initial);
  if (core::is_final_status(*kind, p.status)) p.closed_on = p.opened_on;
  p.id = core::new_id();
  p.case_id = ctx.param("id");
  p.created_by = ctx.user->id;
  p.created_at = p.updated_at = core::now_iso8601();

  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    auto access = load_case(ctx, tx, p.case_id, true);
    if (kind->minors_only && !access.facts.minor)
      throw Problem(422, "validation", {{"kind", "procedure.minors_only"}});
    check_references(ctx, tx, p);
    s.procedures().create(tx, p);
    assigned_lawyer_joins_team(ctx, tx, p);
    // The opening is the first step (no from status), so the history starts where it began.
    auto step = new_step(ctx, p, "transition", p.opened_on);
    step.to_status = p.status;
    s.procedures().add_step(tx, step);
    refresh_deadlines(ctx, tx, p);
    auto event = ctx.audit("procedure.create", "procedure", p.id);
    event.details = json::serialize(json::object{{"kind", p.kind}, {"case_id", p.case_id}, {"status", p.status}});
    s.audit().append(tx, event);
    out = loaded_json(ctx, tx, load_procedure(ctx, tx, p.id, false));
  });
  Response r = with_etag(json_response(201, out), out.at("version").as_int64());
  r.headers["location"] = "/api/v1/procedures/" + p.id;
  return r;
}

Response procedures_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  s.db().read([&](store::Tx& tx) { out = loaded_json(ctx, tx, load_procedure(ctx, tx, ctx.param("id"), false)); });
  // What was shared with a partner is read here too: every read is in the audit log.
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, ctx.audit("procedure.read", "procedure", ctx.param("id"))); });
  return with_etag(json_response(200, out), out.at("version").as_int64());
}

Response procedures_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"fields", "due_on", "lawyer_id", "reason", "partner_id", "packet_items"});
  std::int64_t version = if_match_version(ctx.req);
  std::vector<std::string> changed;
  for (const auto& [k, v] : body) changed.emplace_back(k);
  store::Store& s = ctx.store();
  json::object out, current_json;
  std::int64_t current_version = 0;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  s.db().write([&](store::Tx& tx) {
    auto l = load_procedure(ctx, tx, ctx.param("id"), true);
    current_version = l.p.version;
    current_json = loaded_json(ctx, tx, l);
    if (version != l.p.version) {
      outcome = store::UpdateOutcome::version_conflict;
      return;
    }
    if (core::is_final_status(*l.kind, l.p.status)) throw Problem(409, "conflict", {{"status", "procedure.final"}});
    // What a referral shares, and with whom, is settled before it is sent.
    if (l.kind->name == "referral" && l.p.status != "draft")
      for (const char* name : {"partner_id", "packet_items"})
        if (body.contains(name)) throw Problem(409, "conflict", {{name, "procedure.not_draft"}});
    std::vector<core::FieldError> field_errors;
    core::Fields given = fields_from_json(*l.kind, body, field_errors);
    for (const auto& e : core::validate_fields(*l.kind, given)) field_errors.push_back(e);
    throw_field_errors(field_errors);
    store::Procedure next = l.p;
    next.fields = merge_fields(next.fields, given);
    FieldErrors errors;
    apply_columns(body, *l.kind, next, errors);
    if (l.kind->name == "referral") {
      if (!next.partner_id) errors.add("partner_id", "field.required");
      if (!next.reason) errors.add("reason", "field.required");
    }
    errors.throw_if_any();
    check_references(ctx, tx, next);
    next.updated_at = core::now_iso8601();
    outcome = s.procedures().update(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto written = s.procedures().find(tx, next.id);
    assigned_lawyer_joins_team(ctx, tx, *written);
    refresh_deadlines(ctx, tx, *written);
    auto event = ctx.audit("procedure.update", "procedure", next.id);
    json::array names;
    for (const auto& [name, value] : given) names.emplace_back("fields." + name);
    for (const auto& c : changed)
      if (c != "fields") names.emplace_back(c);
    event.details = json::serialize(json::object{{"kind", next.kind}, {"changed", std::move(names)}});
    s.audit().append(tx, event);
    l.p = std::move(*written);
    out = loaded_json(ctx, tx, l);
  });
  if (outcome == store::UpdateOutcome::version_conflict) {
    throw_version_conflict(current_version, std::move(current_json), json::value_from(changed));
  }
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  return with_etag(json_response(200, out), out.at("version").as_int64());
}

Response procedures_transition(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"to", "reason", "on", "fields"});
  TransitionRequest r;
  r.to = string_field(body, "to", 40);
  r.reason = optional_string(body, "reason", 1000).value_or("");
  r.on = optional_string(body, "on", 10).value_or("");
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    auto l = load_procedure(ctx, tx, ctx.param("id"), true);
    std::vector<core::FieldError> field_errors;
    r.fields = fields_from_json(*l.kind, body, field_errors);
    throw_field_errors(field_errors);
    l.p = transition_procedure(ctx, tx, std::move(l.p), r);
    out = loaded_json(ctx, tx, l);
  });
  return with_etag(json_response(200, out), out.at("version").as_int64());
}

Response procedures_step(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"kind", "on", "fields", "note"});
  std::string step_kind = string_field(body, "kind", 40);
  std::string on = string_field(body, "on", 10);
  if (!valid_date(on)) throw Problem(422, "validation", {{"on", "date.format"}});
  auto note = optional_string(body, "note", 5000);
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    auto l = load_procedure(ctx, tx, ctx.param("id"), true);
    if (auto refusal = core::check_step(*l.kind, l.p.status, step_kind, core_steps(s.procedures().steps(tx, l.p.id)))) {
      if (*refusal == "step.unknown") throw Problem(422, "validation", {{"kind", *refusal}});
      throw Problem(409, "conflict", {{"kind", *refusal}});
    }
    const core::StepSpec* spec = nullptr;
    for (const auto& st : l.kind->steps)
      if (st.kind == step_kind) spec = &st;
    std::vector<core::FieldError> field_errors;
    core::Fields given = step_fields_from_json(*spec, body, field_errors);
    for (const auto& e : core::validate_step(*l.kind, step_kind, given)) field_errors.push_back(e);
    throw_field_errors(field_errors);
    auto step = new_step(ctx, l.p, step_kind, on);
    step.fields = merge_fields({}, given);
    if (note && !note->empty()) step.fields["note"] = *note;
    s.procedures().add_step(tx, step);
    // The procedure changed too (its history and deadlines): a new version.
    l.p.updated_at = step.created_at;
    if (s.procedures().update(tx, l.p, l.p.version) != store::UpdateOutcome::updated)
      throw Problem(409, "conflict");
    auto written = s.procedures().find(tx, l.p.id);
    refresh_deadlines(ctx, tx, *written);
    auto event = ctx.audit("procedure.step", "procedure", l.p.id);
    event.details = json::serialize(json::object{{"kind", l.p.kind}, {"step", step_kind}});
    s.audit().append(tx, event);
    l.p = std::move(*written);
    out = loaded_json(ctx, tx, l);
  });
  Response r = with_etag(json_response(201, out), out.at("version").as_int64());
  return r;
}

Response referrals_list(Context& ctx) {
  const core::ProcedureKind* kind = core::find_procedure_kind("referral");
  store::ProcedureRepository::ReferralFilter filter;
  filter.status = query_param(ctx.req, "status", 20).value_or("");
  filter.direction = query_param(ctx.req, "direction", 3).value_or("");
  filter.partner_id = query_param(ctx.req, "partner_id", 36).value_or("");
  if (!filter.status.empty() &&
      std::find(kind->statuses.begin(), kind->statuses.end(), filter.status) == kind->statuses.end())
    throw Problem(400, "validation", {{"status", "field.invalid"}});
  if (!filter.direction.empty() && filter.direction != "out" && filter.direction != "in")
    throw Problem(400, "validation", {{"direction", "field.invalid"}});
  if (!filter.partner_id.empty() && !core::is_id(filter.partner_id))
    throw Problem(400, "validation", {{"partner_id", "field.invalid"}});
  int limit = limit_param(ctx.req, 100);
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    CaseGate gate(ctx, tx);
    std::map<std::string, std::vector<core::Consent>> consents;  // by person
    auto rows = s.procedures().referrals(tx, ctx.user->id, core::case_scope(ctx.user->role), filter, limit);
    for (const auto& p : rows) {
      const CaseAccess* access = gate.get(p.case_id);
      if (!access) continue;
      const std::string& person = access->the_case.person_id;
      if (!consents.count(person)) consents[person] = s.cases().consents(tx, person);
      items.push_back(procedure_json(ctx, tx, p, *kind, access->the_case.number, consents[person],
                                     s.procedures().steps(tx, p.id),
                                     {.with_steps = false, .can_write = access->can_write}));
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response referral_form(Context& ctx) {
  store::Store& s = ctx.store();
  FormData f;
  s.db().read([&](store::Tx& tx) {
    auto l = load_procedure(ctx, tx, ctx.param("id"), false);
    // A form is what we send: outgoing referrals only.
    if (l.p.kind != "referral" || l.p.direction.value_or("out") != "out") throw Problem(404, "not-found");
    auto history = s.cases().consents(tx, l.access.the_case.person_id);
    std::string partner_id = l.p.partner_id.value_or("");
    // The form carries what she agreed to share: no consent in force, no form (a withdrawal
    // also withholds the packet of a referral already sent).
    if (l.p.status == "draft") {
      if (auto refusal = core::referral_send_refusal(history, partner_id, l.p.packet_items))
        throw Problem(422, "validation", {{"consent", *refusal}});
    } else if (!core::packet_visible(history, partner_id)) {
      throw Problem(422, "validation", {{"consent", "consent.sharing_missing"}});
    }
    if (l.p.packet) {
      json::error_code ec;
      auto v = json::parse(*l.p.packet, ec);
      if (!ec && v.is_object()) f.packet = v.as_object();
    } else {
      f.packet = build_packet(ctx, tx, l.p);
    }
    f.items = l.p.packet_items;
    f.organisation = ctx.app.config().organisation_name;
    if (auto partner = s.partners().find(tx, partner_id)) f.partner = partner->name;
    f.reason = reason_label(ctx.language, l.p.reason.value_or(""));
    f.date = today();
    for (const auto& step : s.procedures().steps(tx, l.p.id))
      if (step.to_status == "sent") f.date = step.happened_on;
    f.consent_on = consent_date(history, partner_id);
    if (f.consent_on.empty()) f.consent_on = "—";
  });
  Response r = pdf_attachment(ctx.req, form_html(f, ctx.language), "referral.pdf");
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, ctx.audit("referral.form", "procedure", ctx.param("id"))); });
  return r;
}

Response deadlines_list(Context& ctx) {
  std::string scope_text = query_param(ctx.req, "scope", 10).value_or("mine");
  if (scope_text != "mine" && scope_text != "all") throw Problem(400, "validation", {{"scope", "field.invalid"}});
  int days = 30;
  if (auto v = query_param(ctx.req, "days", 4)) {
    try {
      std::size_t used = 0;
      days = std::stoi(*v, &used);
      if (used != v->size()) days = 0;
    } catch (const std::exception&) {
      days = 0;
    }
    if (days < 1 || days > 366) throw Problem(400, "validation", {{"days", "field.invalid"}});
  }
  // Mine: the cases I am on (or the procedures I am the lawyer of), whatever my role's scope.
  core::Scope scope = scope_text == "mine" ? core::Scope::own : core::case_scope(ctx.user->role);
  std::vector<std::string> kinds;
  for (const auto& k : core::procedure_kinds())
    if (kind_visible(ctx, k)) kinds.emplace_back(k.name);
  std::string now = today();
  std::string until = core::dates::plus_days(now, days).value_or(now);
  store::Store& s = ctx.store();
  json::array items;
  s.db().read([&](store::Tx& tx) {
    CaseGate gate(ctx, tx);
    for (const auto& d : s.procedures().deadlines_due(tx, ctx.user->id, scope, kinds, until, 500, now)) {
      if (!gate.get(d.case_id)) continue;
      // A hearing whose day has passed took place: it is history (the timeline), not overdue.
      if (d.due_on < now && core::is_appointment_deadline(d.kind)) continue;
      items.push_back(json::object{{"procedure_id", d.procedure_id}, {"procedure_kind", d.procedure_kind},
                                   {"kind", d.kind}, {"case_id", d.case_id}, {"case_number", d.case_number},
                                   {"due_on", d.due_on}, {"remind_on", d.remind_on}, {"overdue", d.due_on < now}});
    }
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace passerelle::api
