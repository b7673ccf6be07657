// Procedures on cases (core/procedures.h): referrals, legal and rights procedures, the exit
// programme, housing, protection of minors; their steps (status changes and dated steps) and the
// deadlines computed from them. The repository stores and reads; the rules are in core.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/case_access.h"
#include "core/procedures.h"
#include "store/database.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

struct Procedure {
  std::string id, case_id, kind, status, opened_on;
  std::optional<std::string> closed_on;
  std::optional<std::string> partner_id, direction, reason, due_on, lawyer_id;
  // The kind's fields, clear and secret together (decrypted); the repository splits them by
  // FieldSpec::sensitive when writing: clear ones into `fields`, secret ones into `details_enc`
  // (so is any name the kind does not declare: a slip elsewhere errs on the safe side).
  core::Fields fields;
  std::vector<std::string> packet_items;
  std::optional<std::string> packet;  // decrypted JSON text of the packet as sent, if sent
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
};

struct ProcedureStep {
  std::string id, procedure_id, kind, happened_on;
  std::optional<std::string> from_status, to_status;
  core::Fields fields;  // clear and secret together (decrypted); secret ones = the step spec's
                        // sensitive fields plus "reason" and "note" (and any undeclared name),
                        // always encrypted
  std::string actor_id, created_at;
};

// A deadline row joined with what lists need.
struct DeadlineRow {
  std::string procedure_id, procedure_kind, kind, case_id, case_number, due_on, remind_on, ref;
};

class ProcedureRepository {
 public:
  explicit ProcedureRepository(const Vault& vault) : vault_(vault) {}

  void create(Tx& tx, const Procedure& p) const;
  std::optional<Procedure> find(Tx& tx, const std::string& id) const;
  // Writes every column except id, case_id, kind, created_*; bumps the version.
  UpdateOutcome update(Tx& tx, const Procedure& p, std::int64_t expected_version) const;
  std::vector<Procedure> of_case(Tx& tx, const std::string& case_id) const;

  void add_step(Tx& tx, const ProcedureStep& s) const;
  std::vector<ProcedureStep> steps(Tx& tx, const std::string& procedure_id) const;
  // Steps of every procedure of a case (for the timeline), by procedure id.
  std::map<std::string, std::vector<ProcedureStep>> steps_of_case(Tx& tx,
                                                                  const std::string& case_id) const;

  // Replaces the procedure's deadlines with `deadlines` (core::deadlines_of).
  void set_deadlines(Tx& tx, const std::string& procedure_id, const std::string& case_id,
                     const std::vector<core::Deadline>& deadlines) const;
  // Deadlines due on or before `until` (overdue ones included), and those whose reminder date
  // is on or before `reminded_by` (when given) however far their due date, earliest first, of
  // the cases in the user's caseload (scope own: on the case team or lawyer_id of the
  // procedure; team: the cases of her teams too; org: all), restricted to kinds in `kinds`.
  std::vector<DeadlineRow> deadlines_due(Tx& tx, const std::string& user_id, core::Scope scope,
                                         const std::vector<std::string>& kinds,
                                         const std::string& until, int limit, const std::string& reminded_by = "") const;

  // Referrals (kind "referral") of the user's scope, newest first, optionally by status /
  // direction / partner. The handler filters the rows by case access as well.
  struct ReferralFilter {
    std::string status, direction, partner_id;
  };
  std::vector<Procedure> referrals(Tx& tx, const std::string& user_id, core::Scope scope,
                                   const ReferralFilter& filter, int limit) const;
  // Outgoing referrals addressed to a partner organisation and no longer draft, newest first.
  std::vector<Procedure> referrals_to_partner(Tx& tx, const std::string& partner_id,
                                              int limit) const;
  // Hearing steps (criminal_proceedings) dated on or after `from`, of procedures whose
  // lawyer is the user or whose case team includes her (for the iCalendar feed).
  std::vector<ProcedureStep> hearings_for_user(Tx& tx, const std::string& user_id,
                                               const std::string& from) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
