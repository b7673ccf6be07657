// The one path that moves a procedure (core/procedures.h), used by staff routes and by the
// partner portal alike: checks the kind's transition rules and, for a referral being sent, the
// consent rule; freezes the referral's packet; merges fields; writes the procedure, the step,
// the recomputed deadlines and the audit event in the caller's transaction. Refusals throw
// Problem (409 transition.*, 422 with field errors) and change nothing.
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/app.h"
#include "api/problem.h"
#include "core/procedures.h"
#include "store/procedure_repository.h"

namespace passerelle::api {

struct TransitionRequest {
  std::string to;
  std::string reason;  // typed reason ("" when none)
  std::string on;      // YYYY-MM-DD; "" → today
  core::Fields fields; // merged into the procedure before the rules are checked
  core::Actor actor = core::Actor::staff;
};

// `p` is the current procedure (already loaded and access-checked by the caller). Returns it as
// written (new status, closed_on, version + 1).
store::Procedure transition_procedure(Context& ctx, store::Tx& tx, store::Procedure p,
                                      const TransitionRequest& r);

// Recomputes and stores the procedure's deadlines (after any change of fields, steps or status).
void refresh_deadlines(Context& ctx, store::Tx& tx, const store::Procedure& p);

// The packet of a referral built from the person's record and the case, holding only `items`
// (docs/api-v1-procedures.md): what is frozen when the referral is sent.
boost::json::object build_packet(Context& ctx, store::Tx& tx, const store::Procedure& p);

// JSON of a field value by the kind's field type (numbers for amounts and integers, booleans),
// and back (strings in core::Fields). Used by every procedure route and the partner portal.
boost::json::object fields_json(const core::ProcedureKind& kind, const core::Fields& fields);
// Parses `fields` of a request body into core::Fields (a JSON null clears: stored as "").
// Adds "fields.<name>" errors for wrong JSON types; core::validate_fields does the rest.
core::Fields fields_from_json(const core::ProcedureKind& kind, const boost::json::object& body,
                              std::vector<core::FieldError>& errors);

// The same for the fields of one kind of step, and of any list of field specs.
core::Fields step_fields_from_json(const core::StepSpec& step, const boost::json::object& body,
                                   std::vector<core::FieldError>& errors);
boost::json::object fields_json(const std::vector<core::FieldSpec>& specs,
                                const core::Fields& fields);
// `changes` applied to `current`: a blank value clears the field.
core::Fields merge_fields(core::Fields current, const core::Fields& changes);
// A rule's field error (core::validate_fields names them "fields.x") as the API reports it.
FieldError api_error(const core::FieldError& e);
// Stored steps as the rules see them (core::deadlines_of, core::check_step).
std::vector<core::Step> core_steps(const std::vector<store::ProcedureStep>& steps);

}  // namespace passerelle::api
