// The partner portal: a user of a partner organisation sees the referrals addressed to her
// organisation (once sent) and answers them — accepts, declines, completes, reports a failure.
// She sees the packet as it was frozen when sent, and nothing else of the case: no case id or
// number, no person id, no live record. A referral addressed elsewhere, or still a draft, is not
// found (404), whatever the reason. A withdrawal of the sharing consent hides the packet again.
// Her answers take the one path that moves a procedure (api/procedure_workflow.h).
#include "api/json_input.h"
#include "api/procedure_workflow.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/procedures.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

constexpr int kListMax = 200;

// The referral if it is addressed to the user's organisation and no longer a draft.
bool addressed_to_user(const Context& ctx, const store::Procedure& p) {
  const auto& partner = ctx.user->partner_id;
  return partner && !partner->empty() && p.kind == "referral" && p.partner_id &&
         *p.partner_id == *partner && p.direction.value_or("out") == "out" && p.status != "draft";
}

store::Procedure load_referral(Context& ctx, store::Tx& tx, const std::string& id) {
  auto p = ctx.store().procedures().find(tx, id);
  if (!p || !addressed_to_user(ctx, *p)) throw Problem(404, "not-found");
  return *p;
}

// PartnerReferral (docs/api-v1-procedures.md): only what the partner is meant to see.
json::object partner_referral_json(Context& ctx, store::Tx& tx, const store::Procedure& p) {
  store::Store& s = ctx.store();
  const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
  std::optional<std::string> sent_on;
  json::array steps;
  for (const auto& step : s.procedures().steps(tx, p.id)) {
    // Dated steps are the organisation's own business, and so is the draft before sending.
    if (!step.to_status || *step.to_status == "draft") continue;
    if (*step.to_status == "sent" && !sent_on) sent_on = step.happened_on;
    steps.push_back(json::object{{"to_status", *step.to_status}, {"on", step.happened_on}});
  }
  // The packet only while the person's sharing consent with this partner stands.
  bool visible = false;
  if (auto c = s.cases().find(tx, p.case_id))
    visible = core::packet_visible(s.cases().consents(tx, c->person_id), *p.partner_id);
  json::value packet = nullptr;
  if (visible && p.packet) {
    json::error_code ec;
    json::value parsed = json::parse(*p.packet, ec);
    if (!ec && parsed.is_object()) packet = std::move(parsed);
  }
  json::array allowed;
  if (kind)
    for (auto to : core::allowed_transitions(*kind, p.status, core::Actor::partner))
      allowed.emplace_back(to);
  std::optional<std::string> outcome;
  if (auto it = p.fields.find("outcome"); it != p.fields.end() && !it->second.empty())
    outcome = it->second;
  return {{"id", p.id},
          {"status", p.status},
          {"reason", nullable(p.reason)},
          {"sent_on", sent_on ? json::value(*sent_on) : json::value(p.opened_on)},
          {"due_on", nullable(p.due_on)},
          {"from", ctx.app.config().organisation_name},
          {"packet", std::move(packet)},
          {"packet_withheld", !visible},
          {"outcome", nullable(outcome)},
          {"allowed", std::move(allowed)},
          {"steps", std::move(steps)}};
}

core::AuditEvent read_event(const Context& ctx, const std::string& id, bool packet_shown) {
  auto event = ctx.audit("partner.referral_read", "procedure", id);
  event.details = json::serialize(json::object{{"packet", packet_shown}});
  return event;
}

}  // namespace

Response partner_referrals_list(Context& ctx) {
  store::Store& s = ctx.store();
  json::array items;
  std::vector<core::AuditEvent> events;
  s.db().read([&](store::Tx& tx) {
    if (!ctx.user->partner_id || ctx.user->partner_id->empty()) return;
    for (const auto& p : s.procedures().referrals_to_partner(tx, *ctx.user->partner_id, kListMax)) {
      if (!addressed_to_user(ctx, p)) continue;
      json::object o = partner_referral_json(ctx, tx, p);
      events.push_back(read_event(ctx, p.id, !o["packet"].is_null()));
      items.push_back(std::move(o));
    }
  });
  // Each packet shown is a read of personal data: one audit event per referral listed.
  if (!events.empty())
    s.db().write([&](store::Tx& tx) {
      for (const auto& e : events) s.audit().append(tx, e);
    });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response partner_referrals_get(Context& ctx) {
  store::Store& s = ctx.store();
  json::object out;
  s.db().read([&](store::Tx& tx) {
    out = partner_referral_json(ctx, tx, load_referral(ctx, tx, ctx.param("id")));
  });
  s.db().write([&](store::Tx& tx) {
    s.audit().append(tx, read_event(ctx, ctx.param("id"), !out["packet"].is_null()));
  });
  return json_response(200, out);
}

Response partner_referrals_transition(Context& ctx) {
  auto body = parse_object(ctx.req);
  only_fields(body, {"to", "reason", "outcome"});
  TransitionRequest request;
  request.to = string_field(body, "to", 32);
  request.reason = optional_string(body, "reason", 2000).value_or("");
  request.actor = core::Actor::partner;
  if (auto outcome = optional_string(body, "outcome", 5000)) request.fields["outcome"] = *outcome;
  store::Store& s = ctx.store();
  json::object out;
  s.db().write([&](store::Tx& tx) {
    store::Procedure p = load_referral(ctx, tx, ctx.param("id"));
    store::Procedure moved = transition_procedure(ctx, tx, std::move(p), request);
    out = partner_referral_json(ctx, tx, moved);
  });
  return json_response(200, out);
}

}  // namespace passerelle::api
