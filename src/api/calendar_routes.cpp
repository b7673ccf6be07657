// The iCalendar feed of one's appointments and hearings, for a phone's calendar app. It sits
// behind a secret, revocable token in the query string (never logged) and holds no names: only
// the kind of appointment, the case number and the time.
#include <soci/soci.h>

#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/permissions.h"
#include "core/procedures.h"
#include "crypto/secret_bytes.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

// "2026-12-01" → "20261201"; "2026-12-01T09:30:00Z" → "20261201T093000Z".
std::string ical_time(const std::string& due) {
  std::string out;
  for (char c : due)
    if (c != '-' && c != ':') out += c;
  return out;
}

}  // namespace

Response calendar_create(Context& ctx) {
  std::string token = crypto::to_base64url(crypto::random_bytes(32));
  std::string hash = ctx.store().vault().token_hash("calendar", token);
  std::string now = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    tx.sql << "DELETE FROM calendar_feeds WHERE user_id = :u", soci::use(ctx.user->id);
    tx.sql << "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (:u, :h, :c)",
        soci::use(ctx.user->id), soci::use(hash), soci::use(now);
    s.audit().append(tx, ctx.audit("calendar.create", "user", ctx.user->id));
  });
  return json_response(201, json::object{{"url", "/api/v1/calendar.ics?token=" + token}});
}

Response calendar_revoke(Context& ctx) {
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    tx.sql << "DELETE FROM calendar_feeds WHERE user_id = :u", soci::use(ctx.user->id);
    s.audit().append(tx, ctx.audit("calendar.revoke", "user", ctx.user->id));
  });
  return no_content();
}

Response calendar_feed(Context& ctx) {
  auto token = query_param(ctx.req, "token", 64);
  if (!token) throw Problem(404, "not-found");
  store::Store& s = ctx.store();
  std::string hash = s.vault().token_hash("calendar", *token);
  std::string body =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Passerelle//Appointments//EN\r\n"
      "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Passerelle\r\n";
  bool found = false;
  s.db().read([&](store::Tx& tx) {
    std::string user_id;
    tx.sql << "SELECT user_id FROM calendar_feeds WHERE token_hash = :h", soci::use(hash), soci::into(user_id);
    if (!tx.sql.got_data()) return;
    auto user = s.users().find(tx, user_id);
    if (!user || user->disabled) return;
    found = true;
    std::string stamp = ical_time(core::now_iso8601());
    for (const auto& t : s.cases().tasks_of_user(tx, user_id, false, 500)) {
      if (t.kind != "appointment") continue;
      std::string number;
      if (t.case_id)
        if (auto c = s.cases().find(tx, *t.case_id)) number = c->number;
      bool all_day = t.due_at.size() == 10;
      body += "BEGIN:VEVENT\r\nUID:" + t.id + "@passerelle\r\nDTSTAMP:" + stamp + "\r\n";
      body += std::string(all_day ? "DTSTART;VALUE=DATE:" : "DTSTART:") + ical_time(t.due_at) + "\r\n";
      body += "SUMMARY:" + std::string(user->language == "fr" ? "Rendez-vous" : "Appointment") +
              (number.empty() ? "" : " " + number) + "\r\nEND:VEVENT\r\n";
    }
    // Hearings ahead in the criminal proceedings she follows (as their lawyer or on the case
    // team), for roles that see legal procedures: the date and the case number only.
    const core::ProcedureKind* proceedings = core::find_procedure_kind("criminal_proceedings");
    if (proceedings && core::role_has(user->role, core::area_permission(proceedings->area))) {
      std::map<std::string, std::string> numbers;  // procedure id → case number
      for (const auto& h : s.procedures().hearings_for_user(tx, user_id, today())) {
        if (!numbers.count(h.procedure_id)) {
          std::string number;
          if (auto p = s.procedures().find(tx, h.procedure_id))
            if (auto c = s.cases().find(tx, p->case_id)) number = c->number;
          numbers[h.procedure_id] = number;
        }
        const std::string& number = numbers[h.procedure_id];
        body += "BEGIN:VEVENT\r\nUID:" + h.id + "@passerelle\r\nDTSTAMP:" + stamp + "\r\n";
        body += "DTSTART;VALUE=DATE:" + ical_time(h.happened_on) + "\r\n";
        body += "SUMMARY:" + std::string(user->language == "fr" ? "Audience (dossier " : "Hearing (case ") +
                number + ")\r\nEND:VEVENT\r\n";
      }
    }
  });
  if (!found) throw Problem(404, "not-found");
  body += "END:VCALENDAR\r\n";
  Response r;
  r.status = 200;
  r.headers["content-type"] = "text/calendar; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace passerelle::api
