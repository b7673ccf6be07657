#include "api/casework_access.h"

#include "api/problem.h"
#include "core/clock.h"

namespace passerelle::api {

int current_year() { return std::stoi(core::now_iso8601().substr(0, 4)); }
std::string today() { return core::now_iso8601().substr(0, 10); }
std::string latest_local_date() { return core::iso8601_utc(core::now_unix() + 14 * 3600).substr(0, 10); }

core::CaseFacts with_person_facts(const Context& ctx, core::CaseFacts facts, bool person_is_minor) {
  facts.trained_for_minors = ctx.user->trained_for_minors;
  facts.minor = person_is_minor;
  return facts;
}

CaseAccess load_case(Context& ctx, store::Tx& tx, const std::string& case_id, bool write) {
  store::Store& s = ctx.store();
  auto c = s.cases().find(tx, case_id);
  if (!c) throw Problem(404, "not-found");
  auto person = s.people().find(tx, c->person_id);
  core::CaseFacts f =
      with_person_facts(ctx, s.cases().facts(tx, c->id, ctx.user->id, core::now_unix()),
                        person && core::is_minor(*person, current_year()));
  if (!core::can_read_case(ctx.user->role, f)) throw Problem(404, "not-found");
  bool can_write = core::can_write_case(ctx.user->role, f);
  // Restriction of processing (GDPR art. 18): the file is kept and read, not added to.
  if (person && person->restricted) can_write = false;
  if (write && !can_write) throw Problem(403, "forbidden");
  return {std::move(*c), f, can_write};
}

// The rule, from facts already loaded: `case_ids` are the person's cases, `facts` the user's
// facts on each of them.
static bool person_access(Context& ctx, const core::Person& p,
                          const std::vector<std::string>& case_ids,
                          const std::map<std::string, core::CaseFacts>& facts, bool write) {
  core::Scope scope = core::case_scope(ctx.user->role);
  bool minor = core::is_minor(p, current_year());
  for (const auto& id : case_ids) {
    auto it = facts.find(id);
    if (it == facts.end()) continue;
    core::CaseFacts f = with_person_facts(ctx, it->second, minor);
    if (write ? core::can_write_case(ctx.user->role, f) : core::can_read_case(ctx.user->role, f))
      return true;
  }
  if (scope == core::Scope::org) return true;
  // Registered but not yet followed: the person who registered her (and, for adults, her
  // team's social workers) may see her until a case gives her a team.
  if (case_ids.empty()) {
    if (p.created_by == ctx.user->id) return true;
    if (scope == core::Scope::team && !minor) return true;
  }
  return false;
}

static bool person_access(Context& ctx, store::Tx& tx, const core::Person& p, bool write) {
  store::Store& s = ctx.store();
  auto case_ids = s.cases().case_ids_of_person(tx, p.id);
  return person_access(ctx, p, case_ids,
                       s.cases().facts_of(tx, case_ids, ctx.user->id, core::now_unix()), write);
}

bool can_read_person(Context& ctx, const core::Person& p, const std::vector<std::string>& case_ids,
                     const std::map<std::string, core::CaseFacts>& facts) {
  return person_access(ctx, p, case_ids, facts, false);
}

bool can_read_person(Context& ctx, store::Tx& tx, const core::Person& p) {
  return person_access(ctx, tx, p, false);
}

bool can_write_person(Context& ctx, store::Tx& tx, const core::Person& p) {
  return person_access(ctx, tx, p, true);
}

}  // namespace passerelle::api
