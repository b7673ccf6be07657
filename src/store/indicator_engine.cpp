#include "store/indicator_engine.h"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "core/clock.h"

namespace passerelle::store {
namespace {

// --- Queries assembled from constant pieces ------------------------------------------------
// Every value is bound as a parameter named q1, q2, ... in order; only constant SQL text and
// numbers computed here (the year of the period's end) are concatenated.
class Query {
 public:
  std::string param(std::string value) {
    values_.push_back(std::move(value));
    names_.push_back("q" + std::to_string(values_.size()));
    return ":" + names_.back();
  }
  std::string in_list(const std::vector<std::string>& values) {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + param(values[i]);
    return out + ")";
  }
  void bind(soci::statement& st) const {
    for (std::size_t i = 0; i < values_.size(); ++i) st.exchange(soci::use(values_[i], names_[i]));
  }
  std::vector<std::string> values() const { return {values_.begin(), values_.end()}; }

 private:
  std::deque<std::string> values_;
  std::vector<std::string> names_;
};

// Runs `sql`, whose rows are `keys` text columns then a number; `row` gets each.
void run_cells(Tx& tx, const std::string& sql, const Query& q, std::size_t keys,
               const std::function<void(const std::vector<std::string>&, std::int64_t)>& row) {
  std::vector<std::string> cells(keys);
  std::vector<soci::indicator> present(keys, soci::i_null);
  long long value = 0;
  soci::indicator i_value = soci::i_null;
  soci::statement st(tx.sql);
  for (std::size_t i = 0; i < keys; ++i) st.exchange(soci::into(cells[i], present[i]));
  st.exchange(soci::into(value, i_value));
  q.bind(st);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  std::vector<std::string> out(keys);
  while (st.fetch()) {
    for (std::size_t i = 0; i < keys; ++i) out[i] = present[i] == soci::i_ok ? cells[i] : "unknown";
    row(out, i_value == soci::i_ok ? value : 0);
  }
}

std::string today() { return core::iso8601_utc(core::now_unix()).substr(0, 10); }

// "2025-03" → "2025-04".
std::string next_month(const std::string& month) {
  int year = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) + 1;
  if (m > 12) {
    m = 1;
    ++year;
  }
  return std::to_string(year) + (m < 10 ? "-0" : "-") + std::to_string(m);
}

// The records an indicator counts, as SQL.
//
// Each count is one SELECT (a UNION ALL of the ways a record counts towards the project) giving
// rows (k, d, pid): k the distinct key counted, d the date it counts on (within the period), pid
// the person it is about (NULL when none). Encounters add the anonymous contact's gender, age
// band and nationality (ag, aa, an); outsiders add their number and profession (n, prof).
// Aggregates are then taken over these rows in the database.
class Counting {
 public:
  Counting(Engine engine, const Project& project, const core::IndicatorDefinition& definition,
           const Period& period)
      : engine_(engine), project_(project), d_(definition) {
    from_ = project.starts_on;
    if (!period.from.empty() && period.from > from_) from_ = period.from;
    to_ = project.ends_on.value_or(period.to.empty() ? today() : period.to);
    if (!period.to.empty() && period.to < to_) to_ = period.to;
    year_ = std::stoi(to_.substr(0, 4));
  }

  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }
  bool empty_period() const { return from_ > to_; }

  bool anonymous() const { return d_.counts == "encounters"; }
  bool weighted() const { return d_.counts == "outsiders"; }
  bool households() const { return d_.counts == "households"; }
  bool person_filtered() const {
    return has("gender") || has("minor") || has("member");
  }

  // The number counted: distinct records (or people, or households), or the sum of outsiders.
  std::string headline(Query& q) {
    if (weighted()) return "SELECT COALESCE(SUM(y.n), 0) FROM " + keyed(q, false);
    if (households()) return "SELECT COUNT(DISTINCT w.hk) FROM " + household_rows(q);
    std::string from = keyed(q, false);
    return "SELECT COUNT(*) FROM " + from + person_join(q);
  }

  // The details in one pass: (month?, category per dimension..., how many), grouped by all of
  // them; by_month and every breakdown are sums over these cells. With `dated`, each record,
  // person or household counts on the first month it counts in, so that the running sum is the
  // value at each month's end. `dimensions` must apply to the count (core::dimension_applies).
  std::string details(Query& q, bool dated, const std::vector<std::string>& dimensions) {
    anonymous_attributes_ = !dimensions.empty();
    std::string measure = weighted() ? "y.n" : "1";
    std::string from;
    std::vector<std::string> columns;
    if (households()) {
      from = "(SELECT w.hk, MIN(w.d) AS d FROM " + household_rows(q) + " GROUP BY w.hk) y";
    } else {
      from = keyed(q, dated);
      if (!weighted()) from += person_join(q, !dimensions.empty());
    }
    if (dated) columns.push_back("substr(y.d, 1, 7)");
    for (const auto& dimension : dimensions)
      columns.push_back(dimension == "profession" ? "COALESCE(y.prof, 'unknown')"
                                                  : category(dimension));
    std::string select, group;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      select += columns[i] + " AS c" + std::to_string(i) + ", ";
      group += (i ? ", z.c" : "z.c") + std::to_string(i);
    }
    std::string cells = "SELECT " + select + measure + " AS v FROM " + from;
    if (group.empty()) return "SELECT COALESCE(SUM(z.v), 0) FROM (" + cells + ") z";
    return "SELECT " + group + ", SUM(z.v) FROM (" + cells + ") z GROUP BY " + group;
  }

 private:
  // --- Filters ---------------------------------------------------------------------------
  bool has(const std::string& name) const {
    auto it = d_.filters.find(name);
    return it != d_.filters.end() && !it->second.empty();
  }
  const std::vector<std::string>& list(const std::string& name) const {
    static const std::vector<std::string> none;
    auto it = d_.filters.find(name);
    return it == d_.filters.end() ? none : it->second;
  }
  std::string scalar(const std::string& name) const {
    return has(name) ? list(name).front() : std::string();
  }

  std::string period(Query& q, const std::string& column) {
    return column + " BETWEEN " + q.param(from_) + " AND " + q.param(to_);
  }
  // Open at some time in the period.
  std::string open_in_period(Query& q, const std::string& opened, const std::string& closed) {
    return opened + " <= " + q.param(to_) + " AND (" + closed + " IS NULL OR " + closed +
           " >= " + q.param(from_) + ")";
  }
  // The date a record open before the period counts on: the period's first day.
  std::string clamped(Query& q, const std::string& opened) {
    return "CASE WHEN " + opened + " < " + q.param(from_) + " THEN " + q.param(from_) + " ELSE " +
           opened + " END";
  }
  std::string linked(Query& q, const char* record_type) {
    return "pr.project_id = " + q.param(project_.id) + " AND pr.record_type = '" + record_type +
           "'";
  }

  bool activity_filtered() const {
    return has("activity_types") || has("audience") || has("international");
  }
  std::string activity_conditions(Query& q) {
    std::string out;
    if (has("activity_types")) out += " AND a.type IN " + q.in_list(list("activity_types"));
    if (has("audience")) out += " AND a.audience = " + q.param(scalar("audience"));
    if (has("international"))
      out += scalar("international") == "true" ? " AND a.international <> 0"
                                               : " AND a.international = 0";
    return out;
  }

  // "FROM ... WHERE ..." for each way a session (alias s) counts: linked itself, or its activity
  // linked; with `attendance`, joined to its attendance rows (alias t), plus the way of an
  // attendance row linked by itself. Sessions are held in the period; activity filters apply.
  std::vector<std::string> session_paths(Query& q, bool attendance) {
    std::string t = attendance ? " JOIN attendance t ON t.session_id = s.id" : "";
    std::string a = activity_filtered() ? " JOIN activities a ON a.id = s.activity_id" : "";
    std::vector<std::string> paths;
    paths.push_back(" FROM project_records pr JOIN activity_sessions s ON s.id = pr.record_id" + t +
                    a + " WHERE " + linked(q, "session"));
    paths.push_back(" FROM project_records pr JOIN activity_sessions s ON s.activity_id = "
                    "pr.record_id" +
                    t + a + " WHERE " + linked(q, "activity"));
    if (attendance)
      paths.push_back(" FROM project_records pr JOIN attendance t ON t.id = pr.record_id JOIN "
                      "activity_sessions s ON s.id = t.session_id" +
                      a + " WHERE " + linked(q, "attendance"));
    for (auto& p : paths) p += " AND " + period(q, "s.held_on") + activity_conditions(q);
    return paths;
  }

  static std::string union_all(const std::vector<std::string>& branches) {
    std::string out;
    for (const auto& b : branches) out += (out.empty() ? "" : " UNION ALL ") + b;
    return out;
  }

  std::string media_date() const {
    return "COALESCE(m.published_on, substr(m.created_at, 1, 10))";
  }
  std::string media_conditions(Query& q) {
    std::string out;
    if (has("media_kinds")) out += " AND m.kind IN " + q.in_list(list("media_kinds"));
    if (has("media_statuses")) out += " AND m.status IN " + q.in_list(list("media_statuses"));
    return out;
  }
  std::string role_conditions(Query& q) {
    return has("attendance_roles") ? " AND t.role IN " + q.in_list(list("attendance_roles")) : "";
  }
  std::string encounter_conditions(Query& q) {
    return has("encounter_types")
               ? " AND pr.encounter_type IN " + q.in_list(list("encounter_types"))
               : "";
  }

  // --- The rows of each count ------------------------------------------------------------
  std::string rows(Query& q) {
    const std::string& c = d_.counts;
    std::vector<std::string> b;
    if (c == "people" || c == "households") return people_rows(q);
    if (c == "sessions" || c == "activities") {
      std::string key = c == "sessions" ? "s.id" : "s.activity_id";
      for (const auto& p : session_paths(q, false))
        b.push_back("SELECT " + key + " AS k, s.held_on AS d, NULL AS pid" + p);
    } else if (c == "attendances") {
      for (const auto& p : session_paths(q, true))
        b.push_back("SELECT t.id AS k, s.held_on AS d, t.person_id AS pid" + p +
                    " AND t.person_id IS NOT NULL" + role_conditions(q));
    } else if (c == "outsiders") {
      std::string professions =
          has("professions") ? " AND t.profession IN " + q.in_list(list("professions")) : "";
      for (const auto& p : session_paths(q, true))
        b.push_back("SELECT t.id AS k, s.held_on AS d, NULL AS pid, COALESCE(t.outsider_count, 0) "
                    "AS n, t.profession AS prof" +
                    p + " AND t.person_id IS NULL" + professions);
    } else if (c == "encounters") {
      // The link carries the encounter's date, person and type (migration 0005). The table is
      // read only for anonymous contacts' own gender, age band and nationality, when these are
      // filtered or broken down: a known person's come from people.
      auto where = [&] {  // each use binds its own parameters
        return " WHERE " + linked(q, "encounter") + " AND " + period(q, "pr.encounter_on") +
               encounter_conditions(q);
      };
      std::string columns = "SELECT pr.record_id AS k, pr.encounter_on AS d, "
                            "pr.encounter_person_id AS pid";
      if (person_filtered() || anonymous_attributes_) {
        b.push_back(columns + ", CAST(NULL AS TEXT) AS ag, CAST(NULL AS TEXT) AS aa, CAST(NULL AS "
                              "TEXT) AS an FROM project_records pr" +
                    where() + " AND pr.encounter_person_id IS NOT NULL");
        b.push_back(columns + ", e.anonymous_gender AS ag, e.anonymous_age_band AS aa, "
                              "e.anonymous_nationality AS an FROM project_records pr JOIN "
                              "encounters e ON e.id = pr.record_id" +
                    where() + " AND pr.encounter_person_id IS NULL");
      } else {
        b.push_back(columns + " FROM project_records pr" + where());
      }
    } else if (c == "referrals" || c == "procedures") {
      std::string where = linked(q, "procedure") + " AND " + period(q, "pc.opened_on");
      if (c == "referrals") where += " AND pc.kind = 'referral'";
      else if (has("procedure_kind")) where += " AND pc.kind = " + q.param(scalar("procedure_kind"));
      if (has("statuses")) where += " AND pc.status IN " + q.in_list(list("statuses"));
      if (has("direction")) where += " AND pc.direction = " + q.param(scalar("direction"));
      b.push_back("SELECT pc.id AS k, pc.opened_on AS d, c.person_id AS pid FROM project_records "
                  "pr JOIN procedures pc ON pc.id = pr.record_id JOIN cases c ON c.id = "
                  "pc.case_id WHERE " +
                  where);
    } else if (c == "outcomes") {
      // A status reached: the step that moved the procedure into it is dated in the period.
      if (has("statuses")) {
        std::string kind =
            has("procedure_kind") ? " AND pc.kind = " + q.param(scalar("procedure_kind")) : "";
        b.push_back("SELECT 'p' || pc.id AS k, st.happened_on AS d, c.person_id AS pid FROM "
                    "project_records pr JOIN procedures pc ON pc.id = pr.record_id JOIN "
                    "procedure_steps st ON st.procedure_id = pc.id JOIN cases c ON c.id = "
                    "pc.case_id WHERE " +
                    linked(q, "procedure") + kind + " AND st.to_status IN " +
                    q.in_list(list("statuses")) + " AND " + period(q, "st.happened_on"));
      }
      // A goal achieved: goals carry no date of achievement, their last change stands for it.
      if (has("goal_types"))
        b.push_back("SELECT 'g' || g.id AS k, substr(g.updated_at, 1, 10) AS d, c.person_id AS "
                    "pid FROM project_records pr JOIN cases c ON c.id = pr.record_id JOIN "
                    "case_goals g ON g.case_id = c.id WHERE " +
                    linked(q, "case") + " AND g.status = 'achieved' AND g.type IN " +
                    q.in_list(list("goal_types")) + " AND " +
                    period(q, "substr(g.updated_at, 1, 10)"));
      if (b.empty()) b.push_back("SELECT NULL AS k, NULL AS d, NULL AS pid WHERE 1 = 0");
    } else if (c == "media_items") {
      b.push_back("SELECT m.id AS k, " + media_date() +
                  " AS d, NULL AS pid FROM project_records pr JOIN media_items m ON m.id = "
                  "pr.record_id WHERE " +
                  linked(q, "media_item") + " AND " + period(q, media_date()) +
                  media_conditions(q));
    } else if (c == "applications") {
      for (const char* way : {"application", "call"}) {
        std::string on = std::string(way) == "call" ? "ap.call_id" : "ap.id";
        std::string statuses = has("application_statuses")
                                   ? " AND ap.status IN " + q.in_list(list("application_statuses"))
                                   : "";
        b.push_back("SELECT ap.id AS k, ap.received_on AS d, NULL AS pid FROM project_records pr "
                    "JOIN applications ap ON " +
                    on + " = pr.record_id WHERE " + linked(q, way) + " AND " +
                    period(q, "ap.received_on") + statuses);
      }
    } else {
      throw StoreError("unknown indicator count");
    }
    return union_all(b);
  }

  // Which links reach people: as said by `via`; else those the filters speak of (a filter on
  // activity types means people who came to such activities); else all.
  std::set<std::string> ways() const {
    if (has("via")) return {list("via").begin(), list("via").end()};
    std::set<std::string> implied;
    if (activity_filtered() || has("attendance_roles")) implied.insert("attendance");
    if (has("encounter_types")) implied.insert("encounters");
    if (has("media_kinds") || has("media_statuses")) implied.insert("media");
    if (!implied.empty()) return implied;
    return {"cases", "encounters", "procedures", "attendance", "media"};
  }

  std::string people_rows(Query& q) {
    std::vector<std::string> b;
    auto way = ways();
    if (way.count("cases"))
      b.push_back("SELECT c.person_id AS k, " + clamped(q, "c.opened_on") +
                  " AS d, c.person_id AS pid FROM project_records pr JOIN cases c ON c.id = "
                  "pr.record_id WHERE " +
                  linked(q, "case") + " AND " + open_in_period(q, "c.opened_on", "c.closed_on"));
    if (way.count("encounters"))
      b.push_back("SELECT pr.encounter_person_id AS k, pr.encounter_on AS d, "
                  "pr.encounter_person_id AS pid FROM project_records pr WHERE " +
                  linked(q, "encounter") + " AND " + period(q, "pr.encounter_on") +
                  " AND pr.encounter_person_id IS NOT NULL" + encounter_conditions(q));
    if (way.count("procedures"))
      b.push_back("SELECT c.person_id AS k, " + clamped(q, "pc.opened_on") +
                  " AS d, c.person_id AS pid FROM project_records pr JOIN procedures pc ON pc.id = "
                  "pr.record_id JOIN cases c ON c.id = pc.case_id WHERE " +
                  linked(q, "procedure") + " AND " +
                  open_in_period(q, "pc.opened_on", "pc.closed_on"));
    if (way.count("attendance"))
      for (const auto& p : session_paths(q, true))
        b.push_back("SELECT t.person_id AS k, s.held_on AS d, t.person_id AS pid" + p +
                    " AND t.person_id IS NOT NULL" + role_conditions(q));
    if (way.count("media"))
      b.push_back("SELECT mp.person_id AS k, " + media_date() +
                  " AS d, mp.person_id AS pid FROM project_records pr JOIN media_items m ON m.id = "
                  "pr.record_id JOIN media_participants mp ON mp.media_id = m.id WHERE " +
                  linked(q, "media_item") + " AND " + period(q, media_date()) +
                  media_conditions(q));
    return union_all(b);
  }

  // One row per thing counted (derived table `y`): k, pid (the person it is about), d (with
  // `dated`: the first date it counts on), and the anonymous contact's attributes (encounters)
  // or the outsiders' number and profession. Records counted once by construction (an encounter,
  // a procedure, a media item: one way, linked once) are not de-duplicated again.
  std::string keyed(Query& q, bool dated) {
    const std::string& c = d_.counts;
    std::string r = rows(q);
    if (c == "encounters" || c == "referrals" || c == "procedures" || c == "media_items")
      return "(" + r + ") y";
    // An attendance row holds its number and profession: distinct rows are distinct records.
    if (weighted()) return "(SELECT DISTINCT x.k, x.d, x.n, x.prof FROM (" + r + ") x) y";
    if (!dated && (c == "people" || c == "households"))
      return "(SELECT z.k, z.k AS pid FROM (SELECT DISTINCT x.k FROM (" + r + ") x) z) y";
    if (!dated) return "(SELECT DISTINCT x.k, x.pid FROM (" + r + ") x) y";
    std::string pid = c == "people" || c == "households" ? "x.k" : "MIN(x.pid)";
    return "(SELECT x.k, " + pid + " AS pid, MIN(x.d) AS d FROM (" + r + ") x GROUP BY x.k) y";
  }

  // Households: a person with the relatives recorded on either side of a relation is one
  // household, named by the smallest id among them. Each relation lookup appears once in the
  // statement (a CASE over them would be evaluated again per branch). Derived table `w` (hk, d).
  std::string household_rows(Query& q) {
    std::string people = "SELECT y.pid, y.d FROM " + keyed(q, true) + person_join(q);
    std::string least = engine_ == Engine::sqlite ? "min" : "LEAST";
    return "(SELECT " + least +
           "(h.pid, COALESCE((SELECT MIN(r.relative_id) FROM relations r WHERE r.person_id = "
           "h.pid), h.pid), COALESCE((SELECT MIN(r.person_id) FROM relations r WHERE "
           "r.relative_id = h.pid), h.pid)) AS hk, h.d FROM (" +
           people + ") h) w";
  }

  // --- People's attributes ---------------------------------------------------------------
  // Joins the person (p) a row is about and applies the filters on people; `always` joins her
  // even without filters (for breakdowns).
  std::string person_join(Query& q, bool always = false) {
    if (!person_filtered() && !always) return "";
    std::string out = " LEFT JOIN people p ON p.id = y.pid WHERE 1 = 1";
    if (has("gender")) out += " AND " + category("gender") + " IN " + q.in_list(list("gender"));
    if (has("minor"))
      out += " AND " + category("minor") + (scalar("minor") == "true" ? " = " : " <> ") + "'minor'";
    if (has("member"))
      out += scalar("member") == "true" ? " AND COALESCE(p.member, 0) <> 0"
                                        : " AND COALESCE(p.member, 0) = 0";
    return out;
  }

  // A person's category in a dimension: exclusive, so that categories add up. Ages at the end
  // of the period. Anonymous contacts (encounters) carry their own gender, age band, nationality.
  std::string category(const std::string& dimension) const {
    std::string y = std::to_string(year_);
    std::string person, anon;
    if (dimension == "gender") {
      person = "COALESCE(p.gender, 'Unknown')";
      anon = "COALESCE(y.ag, 'Unknown')";
    } else if (dimension == "age_band") {
      person = "CASE WHEN p.birth_year IS NULL OR p.birth_year > " + y +
               " THEN 'unknown' WHEN " + y + " - p.birth_year <= 14 THEN '0-14' WHEN " + y +
               " - p.birth_year <= 17 THEN '15-17' WHEN " + y +
               " - p.birth_year <= 24 THEN '18-24' WHEN " + y +
               " - p.birth_year <= 34 THEN '25-34' WHEN " + y +
               " - p.birth_year <= 49 THEN '35-49' ELSE '50+' END";
      anon = "COALESCE(y.aa, 'unknown')";
    } else if (dimension == "minor") {
      // As core::is_minor: the override, else a disputed age counts as minor, else the age.
      person = "CASE WHEN p.minor_override IS NOT NULL THEN (CASE WHEN p.minor_override <> 0 THEN "
               "'minor' ELSE 'adult' END) WHEN p.age_disputed <> 0 THEN 'minor' WHEN "
               "p.birth_year IS NULL OR p.birth_year > " +
               y + " THEN 'unknown' WHEN " + y +
               " - p.birth_year < 18 THEN 'minor' ELSE 'adult' END";
      anon = "CASE WHEN y.aa IN ('0-14', '15-17') THEN 'minor' WHEN y.aa IS NULL THEN 'unknown' "
             "ELSE 'adult' END";
    } else if (dimension == "nationality") {
      person = engine_ == Engine::sqlite
                   ? "COALESCE(json_extract(p.nationalities, '$[0]'), 'unknown')"
                   : "COALESCE(CAST(p.nationalities AS jsonb) ->> 0, 'unknown')";
      anon = "COALESCE(y.an, 'unknown')";
    } else {
      throw StoreError("unknown dimension");
    }
    if (!anonymous()) return "(" + person + ")";
    return "(CASE WHEN p.id IS NULL THEN " + anon + " ELSE " + person + " END)";
  }

  Engine engine_;
  const Project& project_;
  const core::IndicatorDefinition& d_;
  std::string from_, to_;
  int year_ = 0;
  bool anonymous_attributes_ = false;  // encounters: read the anonymous contact's attributes
};

}  // namespace

IndicatorEngine::Statement IndicatorEngine::headline_statement(Tx& tx, const Project& project,
                                                               const Indicator& indicator,
                                                               const Period& period) const {
  Counting counting(tx.engine, project, indicator.definition, period);
  Query q;
  Statement s;
  s.sql = counting.headline(q);
  s.params = q.values();
  return s;
}

IndicatorValue IndicatorEngine::compute(Tx& tx, const Project& project, const Indicator& indicator,
                                        const Period& period,
                                        const std::vector<std::string>& dimensions,
                                        bool by_month) const {
  IndicatorValue out;
  Counting counting(tx.engine, project, indicator.definition, period);
  std::vector<std::string> dims;
  for (const auto& d : dimensions)
    if (core::dimension_applies(indicator.definition.counts, d) &&
        std::find(dims.begin(), dims.end(), d) == dims.end())
      dims.push_back(d);
  bool dated = by_month && !counting.empty_period();
  if (!dated && dims.empty()) {
    Query q;
    std::string sql = counting.headline(q);
    run_cells(tx, sql, q, 0, [&](const std::vector<std::string>&, std::int64_t v) { out.value = v; });
    return out;
  }
  // Months and breakdowns come from one pass over the records; each record (person,
  // household) falls in exactly one cell, so the cells also add up to the headline value.
  for (const auto& d : dims) out.breakdowns[d];  // present even when nothing was counted
  std::map<std::string, std::int64_t> fresh;  // month → what is new that month
  Query q;
  std::string sql = counting.details(q, dated, dims);
  std::size_t offset = dated ? 1 : 0;
  run_cells(tx, sql, q, offset + dims.size(),
            [&](const std::vector<std::string>& cells, std::int64_t v) {
              out.value += v;
              if (dated) fresh[cells[0]] += v;
              for (std::size_t i = 0; i < dims.size(); ++i)
                out.breakdowns[dims[i]][cells[offset + i]] += v;
            });
  if (dated) {
    // Cumulative at each month's end, every month of the period listed.
    std::int64_t total = 0;
    std::string last = counting.to().substr(0, 7);
    for (std::string m = counting.from().substr(0, 7); m <= last; m = next_month(m)) {
      auto it = fresh.find(m);
      if (it != fresh.end()) total += it->second;
      out.by_month.emplace_back(m, total);
    }
  }
  return out;
}

}  // namespace passerelle::store
