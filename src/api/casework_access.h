// Record-level access for casework handlers: loads the facts the rules in core/case_access.h
// need, and refuses with 404 (not 403) so that a record's existence is not revealed to someone
// outside its scope.
#pragma once

#include <map>
#include <optional>
#include <vector>
#include <string>

#include "api/app.h"
#include "core/case_access.h"
#include "core/casework.h"
#include "core/person.h"

namespace passerelle::api {

struct CaseAccess {
  core::Case the_case;
  core::CaseFacts facts;
  bool can_write = false;
};

// The case, if the signed-in user may read it (404 otherwise). `write` also requires write access
// (403 when she may only read, e.g. through break-the-glass).
CaseAccess load_case(Context& ctx, store::Tx& tx, const std::string& case_id, bool write = false);

// May the user read this person's identity? Through any of her cases, or as the one who
// registered her before any case existed, or with organisation scope.
bool can_read_person(Context& ctx, store::Tx& tx, const core::Person& p);
bool can_write_person(Context& ctx, store::Tx& tx, const core::Person& p);
// can_read_person from facts already loaded, for lists: `case_ids` are all the person's cases,
// `facts` the user's facts on them (CaseRepository::facts_of).
bool can_read_person(Context& ctx, const core::Person& p, const std::vector<std::string>& case_ids,
                     const std::map<std::string, core::CaseFacts>& facts);

// The store's facts of a user on a case, completed with what only the caller knows: her training
// for minors' files and whether the person is a minor. One place for every access decision.
core::CaseFacts with_person_facts(const Context& ctx, core::CaseFacts facts, bool person_is_minor);

int current_year();
std::string today();
// The latest calendar date it can be anywhere on Earth now (UTC+14): a date typed as "today" by
// someone in Paris after midnight is not in the future, whatever the server's clock zone.
std::string latest_local_date();

}  // namespace passerelle::api
