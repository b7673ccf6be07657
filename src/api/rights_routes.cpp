// Rights of the person (GDPR): export everything held about her, erase by anonymisation.
// Restriction and rectification are fields of the person (PATCH /people/{id}).
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/procedure_workflow.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "reports/pdf_renderer.h"
#include "store/anonymiser.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

std::string reason_of(const json::object& body) {
  std::string reason = string_field(body, "reason", 1000);
  if (reason.size() < 10) throw Problem(422, "validation", {{"reason", "reason.short"}});
  return reason;
}

std::string label(std::string_view lang, std::string_view en, std::string_view fr) {
  return std::string(lang == "fr" ? fr : en);
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

// Her procedures on a case, every field (secret ones too: it is her data), the packet shared
// with a partner, and every step.
json::array procedures_of(Context& ctx, store::Tx& tx, const std::string& case_id) {
  store::Store& s = ctx.store();
  json::array out;
  auto steps = s.procedures().steps_of_case(tx, case_id);
  for (const auto& p : s.procedures().of_case(tx, case_id)) {
    const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
    if (!kind) continue;
    std::optional<std::string> partner_name;
    if (p.partner_id)
      if (auto partner = s.partners().find(tx, *p.partner_id)) partner_name = partner->name;
    json::value packet = nullptr;
    if (p.packet) {
      json::error_code ec;
      auto v = json::parse(*p.packet, ec);
      if (!ec && v.is_object()) packet = std::move(v);
    }
    json::array history;
    for (const auto& st : steps[p.id]) {
      std::vector<core::FieldSpec> specs;
      for (const auto& spec : kind->steps)
        if (spec.kind == st.kind) specs = spec.fields;
      history.push_back(json::object{{"kind", st.kind}, {"from_status", nullable(st.from_status)},
                                     {"to_status", nullable(st.to_status)}, {"on", st.happened_on},
                                     {"fields", fields_json(specs, st.fields)}});
    }
    out.push_back(json::object{{"kind", p.kind}, {"status", p.status}, {"opened_on", p.opened_on},
                               {"closed_on", nullable(p.closed_on)}, {"partner_name", nullable(partner_name)},
                               {"direction", nullable(p.direction)}, {"reason", nullable(p.reason)},
                               {"due_on", nullable(p.due_on)}, {"fields", fields_json(*kind, p.fields)},
                               {"packet", std::move(packet)}, {"steps", std::move(history)}});
  }
  return out;
}

// A readable document of the export: every field as a row, every list as a table.
std::string export_html(const json::object& data, std::string_view lang) {
  using reports::html_escape;
  std::string h = "<!doctype html><html lang=\"" + std::string(lang) +
                  "\"><head><meta charset=\"utf-8\"><title>" +
                  label(lang, "Data held about a person", "Données détenues sur une personne") +
                  "</title><style>body{font-family:sans-serif;font-size:11pt;margin:2em}"
                  "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
                  "th,td{border:1px solid #999;padding:4px;text-align:left;vertical-align:top}"
                  "th{background:#eee;width:30%}h1{font-size:16pt}h2{font-size:13pt}</style></head><body>";
  const json::object& person = data.at("person").as_object();
  h += "<h1>" + label(lang, "Data held about ", "Données détenues sur ") +
       html_escape(text_of(person.at("given_name")) + " " + text_of(person.at("family_name"))) + "</h1>";
  h += "<p>" + label(lang, "Exported on ", "Exporté le ") + html_escape(text_of(data.at("exported_at"))) + "</p>";
  auto table = [&](const json::object& o) {
    std::string t = "<table>";
    for (const auto& [k, v] : o) t += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(text_of(v)) + "</td></tr>";
    return t + "</table>";
  };
  h += "<h2>" + label(lang, "Identity and contact", "Identité et contact") + "</h2>" + table(person);
  h += "<h2>" + label(lang, "Consents", "Consentements") + "</h2>";
  for (const auto& c : data.at("consents").as_array()) h += table(c.as_object());
  for (const auto& c : data.at("cases").as_array()) {
    const json::object& cs = c.as_object();
    h += "<h2>" + label(lang, "Case ", "Dossier ") + html_escape(text_of(cs.at("number"))) + "</h2>";
    json::object head;
    for (const auto& [k, v] : cs)
      if (!v.is_array() || (k != "notes" && k != "encounters" && k != "tasks" && k != "procedures")) head[k] = v;
    h += table(head);
    for (const char* list : {"notes", "encounters", "tasks", "procedures"}) {
      if (cs.at(list).as_array().empty()) continue;
      h += "<h3>" + html_escape(list) + "</h3>";
      for (const auto& item : cs.at(list).as_array()) h += table(item.as_object());
    }
  }
  int withheld = static_cast<int>(data.at("clinical_notes_withheld").as_int64());
  if (withheld > 0)
    h += "<p>" + std::to_string(withheld) +
         label(lang, " clinical note(s) are held; the psychologist releases them separately.",
               " note(s) clinique(s) sont détenues ; la psychologue les communique séparément.") + "</p>";
  return h + "</body></html>";
}

}  // namespace

Response people_export(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"reason", "format"});
  reason_of(body);
  std::string format = optional_string(body, "format", 8).value_or("json");
  if (format != "json" && format != "pdf") throw Problem(422, "validation", {{"format", "field.invalid"}});
  store::Store& s = ctx.store();
  json::object out;
  s.db().read([&](store::Tx& tx) {
    auto p = s.people().find(tx, ctx.param("id"));
    if (!p) throw Problem(404, "not-found");
    json::object person{{"id", p->id}, {"given_name", p->given_name}, {"family_name", p->family_name},
                        {"aliases", json::value_from(p->aliases)}, {"birth_date", nullable(p->birth_date)},
                        {"birth_year", p->birth_year ? json::value(*p->birth_year) : json::value(nullptr)},
                        {"gender", p->gender}, {"nationalities", json::value_from(p->nationalities)},
                        {"languages", json::value_from(p->languages)},
                        {"contact", json::object{{"phones", json::value_from(p->contact.phones)},
                                                 {"email", p->contact.email}, {"address", p->contact.address}}},
                        {"documents", [&] { json::object d; for (auto& [k, v] : p->documents) d[k] = v; return d; }()},
                        {"member", p->member}, {"peer_helper", p->peer_helper}, {"member_since", nullable(p->member_since)},
                        {"restricted", p->restricted}, {"created_at", p->created_at}, {"updated_at", p->updated_at}};
    json::array consents;
    for (const auto& c : s.cases().consents(tx, p->id))
      consents.push_back(json::object{{"purpose", c.purpose}, {"partner_name", nullable(c.partner_name)},
                                      {"data_items", json::value_from(c.data_items)},
                                      {"status", c.status}, {"given_on", c.given_on}, {"method", c.method}});
    json::array cases;
    int clinical_withheld = 0;
    for (const auto& id : s.cases().case_ids_of_person(tx, p->id)) {
      auto c = s.cases().find(tx, id);
      json::array notes;
      // Clinical notes are released by the psychologist who wrote them, not in this export.
      for (const auto& n : s.cases().notes(tx, id, {"general", "legal"}))
        notes.push_back(json::object{{"level", n.level}, {"body", n.body}, {"created_at", n.created_at}});
      clinical_withheld += static_cast<int>(s.cases().notes(tx, id, {"clinical"}).size());
      json::array encounters;
      for (const auto& e : s.cases().encounters_of_case(tx, id, 100000))
        encounters.push_back(json::object{{"type", e.type}, {"happened_on", e.happened_on}, {"notes", e.notes},
                                          {"topics", json::value_from(e.topics)}});
      json::array tasks;
      for (const auto& t : s.cases().tasks_of_case(tx, id))
        tasks.push_back(json::object{{"kind", t.kind}, {"title", t.title}, {"due_at", t.due_at}, {"done_at", nullable(t.done_at)}});
      json::array procedures = procedures_of(ctx, tx, id);
      cases.push_back(json::object{{"number", c->number}, {"status", c->status}, {"opened_on", c->opened_on},
                                   {"closed_on", nullable(c->closed_on)}, {"programmes", json::value_from(c->programmes)},
                                   {"victim_status", nullable(c->victim_status)},
                                   {"exploitation_types", json::value_from(c->exploitation_types)},
                                   {"means_of_control", json::value_from(c->means_of_control)},
                                   {"summary", c->summary}, {"notes", std::move(notes)},
                                   {"encounters", std::move(encounters)}, {"tasks", std::move(tasks)},
                                   {"procedures", std::move(procedures)}});
    }
    out = {{"format", "passerelle-person-export-1"}, {"exported_at", core::now_iso8601()},
           {"person", std::move(person)}, {"consents", std::move(consents)}, {"cases", std::move(cases)},
           {"clinical_notes_withheld", clinical_withheld}};
  });
  auto event = ctx.audit("person.export", "person", ctx.param("id"));
  event.details = "{\"format\":\"" + format + "\"}";
  if (format == "pdf") {
    Response r = pdf_attachment(ctx.req, export_html(out, ctx.language), "person-export.pdf");
    s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
    return r;
  }
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  Response r = json_response(200, out);
  r.headers["content-disposition"] = "attachment; filename=\"person-export.json\"";
  return r;
}

Response people_anonymise(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"reason"});
  reason_of(body);
  store::Store& s = ctx.store();
  store::AnonymisationCount n;
  s.db().write([&](store::Tx& tx) {
    if (!s.people().find(tx, ctx.param("id"))) throw Problem(404, "not-found");
    n = store::anonymise_person(tx, s.vault(), ctx.param("id"), core::now_iso8601());
    auto event = ctx.audit("person.anonymise", "person", ctx.param("id"));
    event.details = json::serialize(json::object{{"notes", n.notes}, {"tasks", n.tasks}});
    s.audit().append(tx, event);
  });
  return json_response(200, json::object{{"anonymised", n.people == 1}, {"notes_removed", n.notes},
                                         {"tasks_removed", n.tasks}, {"encounters_scrubbed", n.encounters}});
}

}  // namespace passerelle::api

namespace passerelle::api {

// Merge two records of the same person after a coordinator has compared them. Every link moves
// to the record kept; the other keeps only a pointer to it.
Response people_merge_records(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"into", "reason"});
  std::string into = string_field(body, "into", 36);
  if (!core::is_id(into) || into == ctx.param("id")) throw Problem(422, "validation", {{"into", "field.invalid"}});
  std::string reason = string_field(body, "reason", 1000);
  if (reason.size() < 10) throw Problem(422, "validation", {{"reason", "reason.short"}});
  store::Store& s = ctx.store();
  int moved = 0;
  s.db().write([&](store::Tx& tx) {
    auto from = s.people().find(tx, ctx.param("id"));
    auto target = s.people().find(tx, into);
    if (!from || !target || from->merged_into || target->merged_into) throw Problem(404, "not-found");
    moved = store::merge_people(tx, s.vault(), from->id, into);
    auto event = ctx.audit("person.merge", "person", from->id);
    event.details = json::serialize(json::object{{"into", into}, {"moved", moved}});
    s.audit().append(tx, event);
  });
  return json_response(200, json::object{{"merged", ctx.param("id")}, {"into", into}, {"records_moved", moved}});
}

}  // namespace passerelle::api
