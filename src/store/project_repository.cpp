#include "store/project_repository.h"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <functional>

#include "core/clock.h"
#include "store/column_codec.h"

namespace passerelle::store {
namespace json = boost::json;
namespace {

json::value parse_json(const std::string& text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

std::string string_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::string> optional_string_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

json::value nullable_json(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

std::string funders_to_json(const std::vector<Funder>& funders) {
  json::array a;
  for (const auto& f : funders)
    a.push_back(json::object{{"name", f.name}, {"amount_cents", f.amount_cents}, {"currency", f.currency}});
  return json::serialize(a);
}

std::vector<Funder> funders_from_json(const std::string& text) {
  std::vector<Funder> out;
  json::value v = parse_json(text);
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    const auto& o = x.as_object();
    Funder f;
    f.name = string_of(o, "name");
    if (const auto* n = o.if_contains("amount_cents"); n && n->is_int64()) f.amount_cents = n->as_int64();
    if (auto c = optional_string_of(o, "currency")) f.currency = *c;
    out.push_back(std::move(f));
  }
  return out;
}

std::string partners_to_json(const std::vector<ProjectPartner>& partners) {
  json::array a;
  for (const auto& p : partners)
    a.push_back(json::object{{"partner_id", nullable_json(p.partner_id)},
                             {"name", p.name},
                             {"country", nullable_json(p.country)}});
  return json::serialize(a);
}

std::vector<ProjectPartner> partners_from_json(const std::string& text) {
  std::vector<ProjectPartner> out;
  json::value v = parse_json(text);
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    const auto& o = x.as_object();
    out.push_back({optional_string_of(o, "partner_id"), string_of(o, "name"),
                   optional_string_of(o, "country")});
  }
  return out;
}

std::string text_map_to_json(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return json::serialize(o);
}

std::map<std::string, std::string> text_map_from_json(const std::string& text) {
  std::map<std::string, std::string> out;
  json::value v = parse_json(text);
  if (!v.is_object()) return out;
  for (const auto& [k, x] : v.as_object())
    if (x.is_string()) out[std::string(k)] = std::string(x.as_string());
  return out;
}

// Filters are kept as {name: [values]}; a scalar written by hand ("audience": "members",
// "minor": true) reads as a one-item list.
std::string filters_to_json(const core::IndicatorFilters& filters) {
  json::object o;
  for (const auto& [name, values] : filters) o[name] = json::value_from(values);
  return json::serialize(o);
}

core::IndicatorFilters filters_from_json(const std::string& text) {
  core::IndicatorFilters out;
  json::value v = parse_json(text);
  if (!v.is_object()) return out;
  auto scalar = [](const json::value& x) -> std::optional<std::string> {
    if (x.is_string()) return std::string(x.as_string());
    if (x.is_bool()) return std::string(x.as_bool() ? "true" : "false");
    if (x.is_int64()) return std::to_string(x.as_int64());
    return std::nullopt;
  };
  for (const auto& [name, x] : v.as_object()) {
    std::vector<std::string> values;
    if (x.is_array()) {
      for (const auto& e : x.as_array())
        if (auto s = scalar(e)) values.push_back(*s);
    } else if (auto s = scalar(x)) {
      values.push_back(*s);
    }
    out[std::string(name)] = std::move(values);
  }
  return out;
}

std::string milestones_to_json(const std::vector<Milestone>& milestones) {
  json::array a;
  for (const auto& m : milestones) a.push_back(json::object{{"on", m.on}, {"value", m.value}});
  return json::serialize(a);
}

std::vector<Milestone> milestones_from_json(const std::string& text) {
  std::vector<Milestone> out;
  json::value v = parse_json(text);
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    Milestone m;
    m.on = string_of(x.as_object(), "on");
    if (const auto* n = x.as_object().if_contains("value"); n && n->is_int64()) m.value = n->as_int64();
    out.push_back(std::move(m));
  }
  return out;
}

// Runs `sql` with the named text parameters; `bind` declares the row's columns and `row` is
// called once per fetched row.
void select(Tx& tx, const std::string& sql,
            const std::vector<std::pair<std::string, std::string>>& params,
            const std::function<void(soci::statement&)>& bind, const std::function<void()>& row) {
  soci::statement st(tx.sql);
  bind(st);
  for (const auto& [name, value] : params) st.exchange(soci::use(value, name));
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) row();
}

constexpr const char* kProjectSelect =
    "SELECT p.id, p.code, p.name, p.starts_on, p.ends_on, p.aims, p.funders, p.partners, "
    "p.narrative, p.created_by, p.created_at, p.updated_at, p.version FROM projects p ";

std::vector<Project> select_projects(Tx& tx, const std::string& rest,
                                     const std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<Project> out;
  Project p;
  std::string ends, funders, partners, narrative;
  soci::indicator i_ends = soci::i_null;
  long long version = 0;
  select(
      tx, kProjectSelect + rest, params,
      [&](soci::statement& st) {
        st.exchange(soci::into(p.id));
        st.exchange(soci::into(p.code));
        st.exchange(soci::into(p.name));
        st.exchange(soci::into(p.starts_on));
        st.exchange(soci::into(ends, i_ends));
        st.exchange(soci::into(p.aims));
        st.exchange(soci::into(funders));
        st.exchange(soci::into(partners));
        st.exchange(soci::into(narrative));
        st.exchange(soci::into(p.created_by));
        st.exchange(soci::into(p.created_at));
        st.exchange(soci::into(p.updated_at));
        st.exchange(soci::into(version));
      },
      [&] {
        Project x = p;
        x.ends_on = nullable(ends, i_ends);
        x.funders = funders_from_json(funders);
        x.partners = partners_from_json(partners);
        x.narrative = text_map_from_json(narrative);
        x.version = version;
        out.push_back(std::move(x));
      });
  return out;
}

constexpr const char* kIndicatorSelect =
    "SELECT id, project_id, position, name, counts, filters, target, milestones, created_at, "
    "updated_at, version FROM indicators ";

std::vector<Indicator> select_indicators(
    Tx& tx, const std::string& rest, const std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<Indicator> out;
  Indicator i;
  std::string filters, milestones;
  long long target = 0, version = 0;
  soci::indicator i_target = soci::i_null;
  select(
      tx, kIndicatorSelect + rest, params,
      [&](soci::statement& st) {
        st.exchange(soci::into(i.id));
        st.exchange(soci::into(i.project_id));
        st.exchange(soci::into(i.position));
        st.exchange(soci::into(i.name));
        st.exchange(soci::into(i.definition.counts));
        st.exchange(soci::into(filters));
        st.exchange(soci::into(target, i_target));
        st.exchange(soci::into(milestones));
        st.exchange(soci::into(i.created_at));
        st.exchange(soci::into(i.updated_at));
        st.exchange(soci::into(version));
      },
      [&] {
        Indicator x = i;
        x.definition.filters = filters_from_json(filters);
        x.target = i_target == soci::i_ok ? std::optional<std::int64_t>(target) : std::nullopt;
        x.milestones = milestones_from_json(milestones);
        x.version = version;
        out.push_back(std::move(x));
      });
  return out;
}

template <class T>
std::optional<T> first(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

UpdateOutcome outcome_of(Tx& tx, soci::statement& st, const char* table, const std::string& id) {
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  int exists = 0;
  // `table` is one of the constant names below.
  tx.sql << std::string("SELECT count(*) FROM ") + table + " WHERE id = :id", soci::use(id),
      soci::into(exists);
  return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

}  // namespace

// --- Projects ------------------------------------------------------------------------------

void ProjectRepository::create(Tx& tx, const Project& p) const {
  Indicators ind;
  std::string ends = p.ends_on.value_or(""), funders = funders_to_json(p.funders),
              partners = partners_to_json(p.partners), narrative = text_map_to_json(p.narrative);
  long long version = p.version;
  tx.sql << "INSERT INTO projects (id, code, name, starts_on, ends_on, aims, funders, partners, "
            "narrative, created_by, created_at, updated_at, version) VALUES (:id, :co, :n, :s, :e, "
            ":a, :f, :pa, :na, :cb, :ca, :ua, :v)",
      soci::use(p.id), soci::use(p.code), soci::use(p.name), soci::use(p.starts_on),
      soci::use(ends, ind(p.ends_on.has_value())), soci::use(p.aims), soci::use(funders),
      soci::use(partners), soci::use(narrative), soci::use(p.created_by), soci::use(p.created_at),
      soci::use(p.updated_at), soci::use(version);
}

std::optional<Project> ProjectRepository::find(Tx& tx, const std::string& id) const {
  return first(select_projects(tx, "WHERE p.id = :id", {{"id", id}}));
}

std::optional<Project> ProjectRepository::find_by_code(Tx& tx, const std::string& code) const {
  return first(select_projects(tx, "WHERE p.code = :code", {{"code", code}}));
}

UpdateOutcome ProjectRepository::update(Tx& tx, const Project& p,
                                        std::int64_t expected_version) const {
  Indicators ind;
  std::string ends = p.ends_on.value_or(""), funders = funders_to_json(p.funders),
              partners = partners_to_json(p.partners), narrative = text_map_to_json(p.narrative);
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE projects SET code = :co, name = :n, starts_on = :s, ends_on = :e, "
                         "aims = :a, funders = :f, partners = :pa, narrative = :na, updated_at = "
                         ":ua, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(p.code), soci::use(p.name), soci::use(p.starts_on),
       soci::use(ends, ind(p.ends_on.has_value())), soci::use(p.aims), soci::use(funders),
       soci::use(partners), soci::use(narrative), soci::use(now), soci::use(p.id),
       soci::use(expected));
  return outcome_of(tx, st, "projects", p.id);
}

std::vector<Project> ProjectRepository::list(Tx& tx, const std::string& viewer_id) const {
  const char* order = " ORDER BY p.starts_on DESC, p.created_at DESC, p.id DESC";
  if (viewer_id.empty()) return select_projects(tx, order, {});
  return select_projects(tx,
                         std::string("WHERE EXISTS (SELECT 1 FROM project_viewers v WHERE "
                                     "v.project_id = p.id AND v.user_id = :u)") +
                             order,
                         {{"u", viewer_id}});
}

// --- Records counted towards a project -----------------------------------------------------

void ProjectRepository::link(Tx& tx, const std::string& project_id, const std::string& record_type,
                             const std::string& record_id) const {
  tx.sql << "INSERT INTO project_records (project_id, record_type, record_id) VALUES (:p, :t, :r) "
            "ON CONFLICT (project_id, record_type, record_id) DO NOTHING",
      soci::use(project_id), soci::use(record_type), soci::use(record_id);
}

bool ProjectRepository::unlink(Tx& tx, const std::string& project_id,
                               const std::string& record_type, const std::string& record_id) const {
  soci::statement st = (tx.sql.prepare << "DELETE FROM project_records WHERE project_id = :p AND "
                                          "record_type = :t AND record_id = :r",
                        soci::use(project_id), soci::use(record_type), soci::use(record_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<std::string> ProjectRepository::projects_of(Tx& tx, const std::string& record_type,
                                                        const std::string& record_id) const {
  std::vector<std::string> out;
  std::string id;
  soci::statement st = (tx.sql.prepare << "SELECT project_id FROM project_records WHERE "
                                          "record_type = :t AND record_id = :r ORDER BY project_id",
                        soci::use(record_type), soci::use(record_id), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::int64_t ProjectRepository::link_count(Tx& tx, const std::string& project_id,
                                           const std::string& record_type) const {
  long long n = 0;
  tx.sql << "SELECT count(*) FROM project_records WHERE project_id = :p AND record_type = :t",
      soci::use(project_id), soci::use(record_type), soci::into(n);
  return n;
}

// --- Viewers -------------------------------------------------------------------------------

void ProjectRepository::set_viewer(Tx& tx, const std::string& project_id,
                                   const std::string& user_id, bool viewer) const {
  if (viewer)
    tx.sql << "INSERT INTO project_viewers (project_id, user_id) VALUES (:p, :u) ON CONFLICT "
              "(project_id, user_id) DO NOTHING",
        soci::use(project_id), soci::use(user_id);
  else
    tx.sql << "DELETE FROM project_viewers WHERE project_id = :p AND user_id = :u",
        soci::use(project_id), soci::use(user_id);
}

std::vector<std::string> ProjectRepository::viewers(Tx& tx, const std::string& project_id) const {
  std::vector<std::string> out;
  std::string id;
  soci::statement st = (tx.sql.prepare << "SELECT user_id FROM project_viewers WHERE project_id = "
                                          ":p ORDER BY user_id",
                        soci::use(project_id), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

// --- Indicators ----------------------------------------------------------------------------

void ProjectRepository::create_indicator(Tx& tx, const Indicator& i) const {
  Indicators ind;
  std::string filters = filters_to_json(i.definition.filters),
              milestones = milestones_to_json(i.milestones);
  long long target = i.target.value_or(0), version = i.version;
  int position = i.position;
  tx.sql << "INSERT INTO indicators (id, project_id, position, name, counts, filters, target, "
            "milestones, created_at, updated_at, version) VALUES (:id, :p, :po, :n, :c, :f, :t, "
            ":m, :ca, :ua, :v)",
      soci::use(i.id), soci::use(i.project_id), soci::use(position), soci::use(i.name),
      soci::use(i.definition.counts), soci::use(filters),
      soci::use(target, ind(i.target.has_value())), soci::use(milestones),
      soci::use(i.created_at), soci::use(i.updated_at), soci::use(version);
}

std::optional<Indicator> ProjectRepository::find_indicator(Tx& tx, const std::string& id) const {
  return first(select_indicators(tx, "WHERE id = :id", {{"id", id}}));
}

UpdateOutcome ProjectRepository::update_indicator(Tx& tx, const Indicator& i,
                                                  std::int64_t expected_version) const {
  Indicators ind;
  std::string filters = filters_to_json(i.definition.filters),
              milestones = milestones_to_json(i.milestones);
  long long target = i.target.value_or(0), expected = expected_version;
  int position = i.position;
  std::string now = core::now_iso8601();
  soci::statement st =
      (tx.sql.prepare << "UPDATE indicators SET position = :po, name = :n, counts = :c, filters = "
                         ":f, target = :t, milestones = :m, updated_at = :ua, version = version + "
                         "1 WHERE id = :id AND version = :v",
       soci::use(position), soci::use(i.name), soci::use(i.definition.counts), soci::use(filters),
       soci::use(target, ind(i.target.has_value())), soci::use(milestones), soci::use(now),
       soci::use(i.id), soci::use(expected));
  return outcome_of(tx, st, "indicators", i.id);
}

bool ProjectRepository::delete_indicator(Tx& tx, const std::string& id) const {
  soci::statement st =
      (tx.sql.prepare << "DELETE FROM indicators WHERE id = :id", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Indicator> ProjectRepository::indicators_of(Tx& tx,
                                                        const std::string& project_id) const {
  return select_indicators(tx, "WHERE project_id = :p ORDER BY position, created_at, id",
                           {{"p", project_id}});
}

}  // namespace passerelle::store
