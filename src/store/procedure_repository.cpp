#include "store/procedure_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>
#include <deque>
#include <set>

#include "core/clock.h"
#include "store/column_codec.h"

namespace passerelle::store {
namespace json = boost::json;
namespace {

// --- Which fields stay in clear -------------------------------------------------------------
// Only what the kind declares as a non-sensitive field (dates, choices, amounts: what indicators
// count) is stored in clear; everything else — the sensitive fields, and any name the kind does
// not declare — is encrypted, so that a mistake elsewhere can only err on the safe side.

const core::FieldSpec* spec_of(const std::vector<core::FieldSpec>& specs, std::string_view name) {
  for (const auto& f : specs)
    if (f.name == name) return &f;
  return nullptr;
}

bool clear_procedure_field(const core::ProcedureKind* kind, const std::string& name) {
  if (!kind) return false;
  const core::FieldSpec* f = spec_of(kind->fields, name);
  return f && !f->sensitive;
}

bool clear_step_field(const core::ProcedureKind* kind, const std::string& step_kind,
                      const std::string& name) {
  // A typed reason and a note are free text whatever the step.
  if (!kind || name == "reason" || name == "note") return false;
  for (const auto& s : kind->steps)
    if (s.kind == step_kind) {
      const core::FieldSpec* f = spec_of(s.fields, name);
      return f && !f->sensitive;
    }
  return false;
}

template <class IsClear>
std::pair<core::Fields, core::Fields> split(const core::Fields& all, IsClear is_clear) {
  core::Fields clear, secret;
  for (const auto& [name, value] : all) (is_clear(name) ? clear : secret)[name] = value;
  return {clear, secret};
}

std::string fields_to_json(const core::Fields& fields) {
  json::object o;
  for (const auto& [name, value] : fields) o[name] = value;
  return json::serialize(o);
}

void fields_from_json(const std::string& text, core::Fields& into) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  for (const auto& [name, value] : v.as_object())
    if (value.is_string()) into[std::string(name)] = std::string(value.as_string());
}

// --- Queries assembled from constant pieces ------------------------------------------------
// Every value is bound as a parameter with a generated name; only constant SQL text is
// concatenated.
class Query {
 public:
  std::string param(std::string value) {
    values_.push_back(std::move(value));
    std::string name = "q" + std::to_string(values_.size());
    names_.push_back(name);
    return ":" + name;
  }
  std::string in_list(const std::vector<std::string>& values) {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + param(values[i]);
    return out + ")";
  }
  void bind(soci::statement& st) const {
    for (std::size_t i = 0; i < values_.size(); ++i) st.exchange(soci::use(values_[i], names_[i]));
  }

 private:
  std::deque<std::string> values_;
  std::vector<std::string> names_;
};

// The cases of a user's caseload, as a condition on `p` (procedures) and `c` (cases): on the
// case team or the procedure's lawyer (own); plus the cases of her teams (team); all (org).
std::string scope_condition(Query& q, const std::string& user_id, core::Scope scope) {
  switch (scope) {
    case core::Scope::none:
      return "1 = 0";
    case core::Scope::org:
      return "1 = 1";
    case core::Scope::own:
    case core::Scope::team:
      break;
  }
  std::string cond =
      "(EXISTS (SELECT 1 FROM case_team ct WHERE ct.case_id = p.case_id AND "
      "ct.user_id = " +
      q.param(user_id) + ") OR p.lawyer_id = " + q.param(user_id);
  if (scope == core::Scope::team)
    cond +=
        " OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = " + q.param(user_id) +
        ")";
  return cond + ")";
}

// --- Procedures ----------------------------------------------------------------------------

constexpr const char* kProcedureColumns =
    "p.id, p.case_id, p.kind, p.status, p.opened_on, p.closed_on, p.partner_id, p.direction, "
    "p.reason, p.due_on, p.lawyer_id, p.fields, p.details_enc, p.packet_items, p.packet_enc, "
    "p.created_by, p.created_at, p.updated_at, p.version";

struct ProcedureRow {
  Procedure p;
  std::string closed, partner, direction, reason, due, lawyer, fields, details, items, packet;
  soci::indicator i_closed, i_partner, i_direction, i_reason, i_due, i_lawyer, i_details, i_packet;
  long long version = 0;
};

void bind_procedure(soci::statement& st, ProcedureRow& r) {
  st.exchange(soci::into(r.p.id));
  st.exchange(soci::into(r.p.case_id));
  st.exchange(soci::into(r.p.kind));
  st.exchange(soci::into(r.p.status));
  st.exchange(soci::into(r.p.opened_on));
  st.exchange(soci::into(r.closed, r.i_closed));
  st.exchange(soci::into(r.partner, r.i_partner));
  st.exchange(soci::into(r.direction, r.i_direction));
  st.exchange(soci::into(r.reason, r.i_reason));
  st.exchange(soci::into(r.due, r.i_due));
  st.exchange(soci::into(r.lawyer, r.i_lawyer));
  st.exchange(soci::into(r.fields));
  st.exchange(soci::into(r.details, r.i_details));
  st.exchange(soci::into(r.items));
  st.exchange(soci::into(r.packet, r.i_packet));
  st.exchange(soci::into(r.p.created_by));
  st.exchange(soci::into(r.p.created_at));
  st.exchange(soci::into(r.p.updated_at));
  st.exchange(soci::into(r.version));
}

Procedure procedure_from(const ProcedureRow& r, const Vault& vault) {
  Procedure p = r.p;
  p.closed_on = nullable(r.closed, r.i_closed);
  p.partner_id = nullable(r.partner, r.i_partner);
  p.direction = nullable(r.direction, r.i_direction);
  p.reason = nullable(r.reason, r.i_reason);
  p.due_on = nullable(r.due, r.i_due);
  p.lawyer_id = nullable(r.lawyer, r.i_lawyer);
  p.fields.clear();
  fields_from_json(r.fields, p.fields);
  if (r.i_details == soci::i_ok)
    fields_from_json(vault.decrypt(r.details, "procedures", "details_enc", p.id), p.fields);
  p.packet_items = list_from_json(r.items);
  p.packet = std::nullopt;
  if (r.i_packet == soci::i_ok)
    p.packet = vault.decrypt(r.packet, "procedures", "packet_enc", p.id);
  p.version = r.version;
  return p;
}

// `rest` follows "SELECT <columns> FROM procedures p JOIN cases c ON c.id = p.case_id".
std::vector<Procedure> select_procedures(Tx& tx, const Vault& vault, const Query& q,
                                         const std::string& rest) {
  std::vector<Procedure> out;
  ProcedureRow r;
  soci::statement st(tx.sql);
  bind_procedure(st, r);
  q.bind(st);
  st.alloc();
  st.prepare(std::string("SELECT ") + kProcedureColumns +
                 " FROM procedures p JOIN cases c ON c.id = p.case_id " + rest,
             soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(procedure_from(r, vault));
  return out;
}

// The columns a procedure writes, encrypted where they must be.
struct ProcedureColumns {
  std::string fields, details, items, packet;
  bool has_details = false;
};

ProcedureColumns columns_of(const Procedure& p, const Vault& vault) {
  const core::ProcedureKind* kind = core::find_procedure_kind(p.kind);
  auto [clear, secret] =
      split(p.fields, [&](const std::string& name) { return clear_procedure_field(kind, name); });
  ProcedureColumns c;
  c.fields = fields_to_json(clear);
  c.has_details = !secret.empty();
  if (c.has_details)
    c.details = vault.encrypt(fields_to_json(secret), "procedures", "details_enc", p.id);
  c.items = list_to_json(p.packet_items);
  if (p.packet) c.packet = vault.encrypt(*p.packet, "procedures", "packet_enc", p.id);
  return c;
}

// --- Steps ---------------------------------------------------------------------------------

constexpr const char* kStepColumns =
    "s.id, s.procedure_id, s.kind, s.from_status, s.to_status, s.happened_on, s.fields, "
    "s.details_enc, s.actor_id, s.created_at";

struct StepRow {
  ProcedureStep s;
  std::string from, to, fields, details;
  soci::indicator i_from, i_to, i_details;
};

void bind_step(soci::statement& st, StepRow& r) {
  st.exchange(soci::into(r.s.id));
  st.exchange(soci::into(r.s.procedure_id));
  st.exchange(soci::into(r.s.kind));
  st.exchange(soci::into(r.from, r.i_from));
  st.exchange(soci::into(r.to, r.i_to));
  st.exchange(soci::into(r.s.happened_on));
  st.exchange(soci::into(r.fields));
  st.exchange(soci::into(r.details, r.i_details));
  st.exchange(soci::into(r.s.actor_id));
  st.exchange(soci::into(r.s.created_at));
}

ProcedureStep step_from(const StepRow& r, const Vault& vault) {
  ProcedureStep s = r.s;
  s.from_status = nullable(r.from, r.i_from);
  s.to_status = nullable(r.to, r.i_to);
  s.fields.clear();
  fields_from_json(r.fields, s.fields);
  if (r.i_details == soci::i_ok)
    fields_from_json(vault.decrypt(r.details, "procedure_steps", "details_enc", s.id), s.fields);
  return s;
}

// `rest` follows "SELECT <step columns> FROM procedure_steps s JOIN procedures p ON ...".
template <class Row>
void select_steps(Tx& tx, const Vault& vault, const Query& q, const std::string& rest, Row row) {
  StepRow r;
  soci::statement st(tx.sql);
  bind_step(st, r);
  q.bind(st);
  st.alloc();
  st.prepare(std::string("SELECT ") + kStepColumns +
                 " FROM procedure_steps s JOIN procedures p ON p.id = s.procedure_id " + rest,
             soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) row(step_from(r, vault));
}

constexpr const char* kStepOrder = " ORDER BY s.happened_on, s.created_at, s.id";

}  // namespace

void ProcedureRepository::create(Tx& tx, const Procedure& p) const {
  Indicators ind;
  ProcedureColumns cols = columns_of(p, vault_);
  std::string closed = p.closed_on.value_or(""), partner = p.partner_id.value_or(""),
              direction = p.direction.value_or(""), reason = p.reason.value_or(""),
              due = p.due_on.value_or(""), lawyer = p.lawyer_id.value_or("");
  long long version = p.version;
  tx.sql << "INSERT INTO procedures (id, case_id, kind, status, opened_on, closed_on, partner_id, "
            "direction, reason, due_on, lawyer_id, fields, details_enc, packet_items, packet_enc, "
            "created_by, created_at, updated_at, version) VALUES (:id, :c, :k, :s, :o, :cl, :pa, "
            ":di, :re, :du, :la, :f, :de, :pi, :pe, :cb, :ca, :ua, :v)",
      soci::use(p.id), soci::use(p.case_id), soci::use(p.kind), soci::use(p.status),
      soci::use(p.opened_on), soci::use(closed, ind(p.closed_on.has_value())),
      soci::use(partner, ind(p.partner_id.has_value())),
      soci::use(direction, ind(p.direction.has_value())),
      soci::use(reason, ind(p.reason.has_value())), soci::use(due, ind(p.due_on.has_value())),
      soci::use(lawyer, ind(p.lawyer_id.has_value())), soci::use(cols.fields),
      soci::use(cols.details, ind(cols.has_details)), soci::use(cols.items),
      soci::use(cols.packet, ind(p.packet.has_value())), soci::use(p.created_by),
      soci::use(p.created_at), soci::use(p.updated_at), soci::use(version);
}

std::optional<Procedure> ProcedureRepository::find(Tx& tx, const std::string& id) const {
  Query q;
  auto found = select_procedures(tx, vault_, q, "WHERE p.id = " + q.param(id));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

UpdateOutcome ProcedureRepository::update(Tx& tx, const Procedure& p,
                                          std::int64_t expected_version) const {
  Indicators ind;
  ProcedureColumns cols = columns_of(p, vault_);
  std::string closed = p.closed_on.value_or(""), partner = p.partner_id.value_or(""),
              direction = p.direction.value_or(""), reason = p.reason.value_or(""),
              due = p.due_on.value_or(""), lawyer = p.lawyer_id.value_or("");
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE procedures SET status = :s, opened_on = :o, closed_on = :cl, "
                         "partner_id = :pa, direction = :di, reason = :re, due_on = :du, "
                         "lawyer_id = :la, fields = :f, details_enc = :de, packet_items = :pi, "
                         "packet_enc = :pe, updated_at = :ua, version = version + 1 WHERE id = "
                         ":id AND version = :v",
       soci::use(p.status), soci::use(p.opened_on), soci::use(closed, ind(p.closed_on.has_value())),
       soci::use(partner, ind(p.partner_id.has_value())),
       soci::use(direction, ind(p.direction.has_value())),
       soci::use(reason, ind(p.reason.has_value())), soci::use(due, ind(p.due_on.has_value())),
       soci::use(lawyer, ind(p.lawyer_id.has_value())), soci::use(cols.fields),
       soci::use(cols.details, ind(cols.has_details)), soci::use(cols.items),
       soci::use(cols.packet, ind(p.packet.has_value())), soci::use(now), soci::use(p.id),
       soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  int exists = 0;
  tx.sql << "SELECT count(*) FROM procedures WHERE id = :id", soci::use(p.id), soci::into(exists);
  return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

std::vector<Procedure> ProcedureRepository::of_case(Tx& tx, const std::string& case_id) const {
  Query q;
  return select_procedures(
      tx, vault_, q,
      "WHERE p.case_id = " + q.param(case_id) + " ORDER BY p.opened_on, p.created_at, p.id");
}

void ProcedureRepository::add_step(Tx& tx, const ProcedureStep& s) const {
  Indicators ind;
  std::string kind_name;
  tx.sql << "SELECT kind FROM procedures WHERE id = :id", soci::use(s.procedure_id),
      soci::into(kind_name);
  if (!tx.sql.got_data()) throw StoreError("step of an unknown procedure");
  const core::ProcedureKind* kind = core::find_procedure_kind(kind_name);
  auto [clear, secret] = split(
      s.fields, [&](const std::string& name) { return clear_step_field(kind, s.kind, name); });
  std::string fields = fields_to_json(clear);
  std::string details = secret.empty() ? ""
                                       : vault_.encrypt(fields_to_json(secret), "procedure_steps",
                                                        "details_enc", s.id);
  std::string from = s.from_status.value_or(""), to = s.to_status.value_or("");
  tx.sql << "INSERT INTO procedure_steps (id, procedure_id, kind, from_status, to_status, "
            "happened_on, fields, details_enc, actor_id, created_at) VALUES (:id, :p, :k, :f, :t, "
            ":h, :fi, :d, :a, :c)",
      soci::use(s.id), soci::use(s.procedure_id), soci::use(s.kind),
      soci::use(from, ind(s.from_status.has_value())), soci::use(to, ind(s.to_status.has_value())),
      soci::use(s.happened_on), soci::use(fields), soci::use(details, ind(!secret.empty())),
      soci::use(s.actor_id), soci::use(s.created_at);
}

std::vector<ProcedureStep> ProcedureRepository::steps(Tx& tx,
                                                      const std::string& procedure_id) const {
  std::vector<ProcedureStep> out;
  Query q;
  select_steps(tx, vault_, q, "WHERE s.procedure_id = " + q.param(procedure_id) + kStepOrder,
               [&](ProcedureStep s) { out.push_back(std::move(s)); });
  return out;
}

std::map<std::string, std::vector<ProcedureStep>> ProcedureRepository::steps_of_case(
    Tx& tx, const std::string& case_id) const {
  std::map<std::string, std::vector<ProcedureStep>> out;
  Query q;
  select_steps(tx, vault_, q, "WHERE p.case_id = " + q.param(case_id) + kStepOrder,
               [&](ProcedureStep s) {
                 auto& list = out[s.procedure_id];
                 list.push_back(std::move(s));
               });
  return out;
}

void ProcedureRepository::set_deadlines(Tx& tx, const std::string& procedure_id,
                                        const std::string& case_id,
                                        const std::vector<core::Deadline>& deadlines) const {
  tx.sql << "DELETE FROM deadlines WHERE procedure_id = :p", soci::use(procedure_id);
  std::set<std::pair<std::string, std::string>> seen;  // (kind, ref): the key of a deadline
  for (const auto& d : deadlines) {
    if (!seen.emplace(d.kind, d.ref).second) continue;
    tx.sql << "INSERT INTO deadlines (procedure_id, kind, case_id, due_on, remind_on, ref) VALUES "
              "(:p, :k, :c, :d, :r, :ref)",
        soci::use(procedure_id), soci::use(d.kind), soci::use(case_id), soci::use(d.due_on),
        soci::use(d.remind_on), soci::use(d.ref);
  }
}

std::vector<DeadlineRow> ProcedureRepository::deadlines_due(Tx& tx, const std::string& user_id,
                                                            core::Scope scope,
                                                            const std::vector<std::string>& kinds,
                                                            const std::string& until,
                                                            int limit,
                                                            const std::string& reminded_by) const {
  std::vector<DeadlineRow> out;
  if (kinds.empty() || scope == core::Scope::none || limit <= 0) return out;
  Query q;
  std::string sql =
      "SELECT d.procedure_id, p.kind, d.kind, d.case_id, c.number, d.due_on, d.remind_on, d.ref "
      "FROM deadlines d JOIN procedures p ON p.id = d.procedure_id JOIN cases c ON c.id = "
      "d.case_id WHERE (d.due_on <= " +
      q.param(until) +
      (reminded_by.empty() ? std::string() : " OR d.remind_on <= " + q.param(reminded_by)) +
      ") AND p.kind IN " + q.in_list(kinds) + " AND " +
      scope_condition(q, user_id, scope) +
      " ORDER BY d.due_on, c.number, d.procedure_id, d.kind, d.ref LIMIT " +
      std::to_string(std::min(limit, 10000));
  DeadlineRow r;
  soci::statement st(tx.sql);
  st.exchange(soci::into(r.procedure_id));
  st.exchange(soci::into(r.procedure_kind));
  st.exchange(soci::into(r.kind));
  st.exchange(soci::into(r.case_id));
  st.exchange(soci::into(r.case_number));
  st.exchange(soci::into(r.due_on));
  st.exchange(soci::into(r.remind_on));
  st.exchange(soci::into(r.ref));
  q.bind(st);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

std::vector<Procedure> ProcedureRepository::referrals(Tx& tx, const std::string& user_id,
                                                      core::Scope scope,
                                                      const ReferralFilter& filter,
                                                      int limit) const {
  if (scope == core::Scope::none || limit <= 0) return {};
  Query q;
  std::string where = "WHERE p.kind = 'referral' AND " + scope_condition(q, user_id, scope);
  if (!filter.status.empty()) where += " AND p.status = " + q.param(filter.status);
  if (!filter.direction.empty()) where += " AND p.direction = " + q.param(filter.direction);
  if (!filter.partner_id.empty()) where += " AND p.partner_id = " + q.param(filter.partner_id);
  return select_procedures(tx, vault_, q,
                           where + " ORDER BY p.created_at DESC, p.id DESC LIMIT " +
                               std::to_string(std::min(limit, 10000)));
}

std::vector<Procedure> ProcedureRepository::referrals_to_partner(Tx& tx,
                                                                 const std::string& partner_id,
                                                                 int limit) const {
  if (limit <= 0) return {};
  Query q;
  return select_procedures(tx, vault_, q,
                           "WHERE p.kind = 'referral' AND p.direction = 'out' AND p.status <> "
                           "'draft' AND p.partner_id = " +
                               q.param(partner_id) +
                               " ORDER BY p.created_at DESC, p.id DESC LIMIT " +
                               std::to_string(std::min(limit, 10000)));
}

std::vector<ProcedureStep> ProcedureRepository::hearings_for_user(Tx& tx,
                                                                  const std::string& user_id,
                                                                  const std::string& from) const {
  std::vector<ProcedureStep> out;
  Query q;
  select_steps(tx, vault_, q,
               "WHERE p.kind = 'criminal_proceedings' AND s.kind = 'hearing' AND s.happened_on "
               ">= " +
                   q.param(from) + " AND (p.lawyer_id = " + q.param(user_id) +
                   " OR EXISTS (SELECT 1 FROM case_team ct WHERE ct.case_id = p.case_id AND "
                   "ct.user_id = " +
                   q.param(user_id) + "))" + kStepOrder,
               [&](ProcedureStep s) { out.push_back(std::move(s)); });
  return out;
}

}  // namespace passerelle::store
