// Figures of projects (docs/api-v1-activities.md): a project's dashboard (its indicators' values
// over a period, progress against targets, month by month, disaggregated), the organisation's
// overview, and the funder report (CSV, XLSX, PDF). The engine counts in the database
// (store/indicator_engine.h); here the figures are published: raw for the staff's own
// dashboards, small-cell suppressed (core/suppression.h) for project viewers, on request, and in
// every report — a report leaves the organisation.
#include <algorithm>

#include "api/activity_support.h"
#include "api/casework_access.h"
#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/indicators.h"
#include "core/log.h"
#include "core/suppression.h"
#include "reports/funder_report.h"
#include "reports/pdf_renderer.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

// Counts of people (members, outsiders, the people behind encounters and procedures) are the
// ones whose small values could single someone out; counts of sessions, activities, media items
// and applications are not.
bool counts_people(std::string_view counts) {
  return counts == "people" || counts == "households" || counts == "attendances" || counts == "outsiders" ||
         counts == "encounters" || counts == "referrals" || counts == "procedures" || counts == "outcomes";
}

// --- what is published of one indicator -------------------------------------------------------

using Entry = std::pair<std::string, std::optional<std::int64_t>>;  // category or month → value

struct PublishedBreakdown {
  std::string dimension;
  std::vector<Entry> cells;
  std::optional<std::int64_t> total;
};

struct Published {
  std::optional<std::int64_t> value;
  std::vector<Entry> by_month;
  std::vector<PublishedBreakdown> breakdowns;
};

// Categories in their natural order (age bands by age, "unknown" last), so that tables read
// the same in every report.
std::vector<std::pair<std::string, std::int64_t>> ordered(std::string_view dimension,
                                                          const std::map<std::string, std::int64_t>& counts) {
  static const std::map<std::string_view, std::vector<std::string_view>> orders = {
      {"gender", {"Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming", "NonSpecified", "Unknown"}},
      {"age_band", {"0-14", "15-17", "18-24", "25-34", "35-49", "50+", "unknown"}},
      {"minor", {"minor", "adult", "unknown"}},
      {"profession", {"police_officer", "lawyer", "magistrate", "social_worker", "health_worker", "teacher", "ngo_worker", "student", "other"}},
  };
  auto rank = [&](const std::string& category) -> std::size_t {
    auto it = orders.find(dimension);
    if (it != orders.end()) {
      auto at = std::find(it->second.begin(), it->second.end(), category);
      if (at != it->second.end()) return static_cast<std::size_t>(at - it->second.begin());
    }
    return category == "unknown" || category == "Unknown" ? 1000 : 500;
  };
  std::vector<std::pair<std::string, std::int64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    auto ra = rank(a.first), rb = rank(b.first);
    return ra != rb ? ra < rb : a.first < b.first;
  });
  return out;
}

// Cumulative values month by month, suppressed: a month is published only when it differs from
// the last published one (or from zero, at the start) by 0 or by at least k, so that no month's
// newcomers, nor the last months' before the headline value, can be told to be fewer than k.
std::vector<Entry> suppressed_months(const std::vector<std::pair<std::string, std::int64_t>>& months,
                                     std::optional<std::int64_t> headline, std::int64_t true_value, int k) {
  std::vector<Entry> out;
  std::int64_t last = 0;
  for (const auto& [month, v] : months) {
    std::int64_t step = v - last;
    if (step == 0 || step >= k) {
      out.emplace_back(month, v);
      last = v;
    } else {
      out.emplace_back(month, std::nullopt);
    }
  }
  // The headline value is published too: it is the last point of the series.
  for (auto it = out.rbegin(); it != out.rend(); ++it) {
    if (!it->second) continue;
    if (headline) {
      std::int64_t step = *headline - *it->second;
      if (step == 0 || step >= k) break;
    } else if (*it->second < true_value) {
      break;  // a hidden total is only bounded from below by what came before
    }
    it->second.reset();
  }
  return out;
}

// `dimensions`: the breakdowns computed, in the order they are shown.
Published publish(const store::Indicator& indicator, const store::IndicatorValue& v,
                  const std::vector<std::string>& dimensions, bool suppressed, int k) {
  Published out;
  bool hide = suppressed && counts_people(indicator.definition.counts) && k > 1;
  out.value = v.value;
  for (const auto& dimension : dimensions) {
    auto found = v.breakdowns.find(dimension);
    if (found == v.breakdowns.end()) continue;
    PublishedBreakdown b{dimension, {}, 0};
    auto cells = ordered(dimension, found->second);
    if (!hide) {
      for (const auto& [category, n] : cells) {
        b.cells.emplace_back(category, n);
        *b.total += n;
      }
    } else {
      core::CountTable table{{{}}};
      for (const auto& [category, n] : cells) table.cells[0].push_back(n);
      core::PublishedTable p = core::suppress(table, k);
      // The last check before figures leave: fail closed.
      bool safe = !core::recoverable(p);
      for (std::size_t j = 0; j < cells.size(); ++j)
        b.cells.emplace_back(cells[j].first, safe ? p.cells[0][j] : std::nullopt);
      b.total = safe ? p.row_totals[0] : std::nullopt;
      if (!b.total) out.value.reset();  // the same count as the headline, for people
    }
    out.breakdowns.push_back(std::move(b));
  }
  if (hide && out.value && *out.value > 0 && *out.value < k) out.value.reset();
  if (!hide) {
    for (const auto& [month, n] : v.by_month) out.by_month.emplace_back(month, n);
  } else {
    out.by_month = suppressed_months(v.by_month, out.value, v.value, k);
  }
  return out;
}

json::value number_or_null(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value progress_of(const std::optional<std::int64_t>& value, const std::optional<std::int64_t>& target) {
  if (!value || !target || *target <= 0) return nullptr;
  return static_cast<double>(*value) / static_cast<double>(*target);
}

// --- the query: period, dimensions, suppression -----------------------------------------------

struct Query {
  store::Period period;
  std::vector<std::string> dimensions;
  bool suppressed = false;
};

struct PeriodAsked {
  std::optional<std::string> from, to;
};

PeriodAsked period_param(Context& ctx) {
  PeriodAsked asked{query_param(ctx.req, "from", 10), query_param(ctx.req, "to", 10)};
  if (asked.from && !valid_date(*asked.from)) throw Problem(400, "validation", {{"from", "date.format"}});
  if (asked.to && !valid_date(*asked.to)) throw Problem(400, "validation", {{"to", "date.format"}});
  if (asked.from && asked.to && *asked.to < *asked.from) throw Problem(400, "validation", {{"to", "field.invalid"}});
  return asked;
}

// The period asked for (default: the project's, up to today), within the project's. "Today" is
// the latest date anywhere: a session dated today in Paris just after midnight counts at once.
store::Period period_of(const store::Project& p, const PeriodAsked& asked) {
  store::Period period;
  period.from = std::max(asked.from.value_or(p.starts_on), p.starts_on);
  std::string until = latest_local_date();
  if (p.ends_on && *p.ends_on < until) until = *p.ends_on;
  period.to = asked.to.value_or(until);
  if (p.ends_on && *p.ends_on < period.to) period.to = *p.ends_on;
  if (period.to < period.from) {
    // A period outside the project's is a mistake; a project not started yet has an empty day.
    if (asked.from || asked.to) throw Problem(400, "validation", {{asked.from ? "from" : "to", "field.invalid"}});
    period.to = period.from;
  }
  return period;
}

std::vector<std::string> dimensions_param(Context& ctx, std::vector<std::string> fallback) {
  auto text = query_param(ctx.req, "dimensions", 200);
  if (!text) return fallback;
  std::vector<std::string> out;
  std::string_view rest = *text;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view d = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (d.empty()) continue;
    if (!core::is_dimension(d)) throw Problem(400, "validation", {{"dimensions", "field.invalid"}});
    if (std::find(out.begin(), out.end(), d) == out.end()) out.emplace_back(d);
  }
  return out;
}

// Project viewers always get suppressed figures; the staff on request.
bool suppressed_param(Context& ctx) {
  auto v = query_param(ctx.req, "suppressed", 5).value_or("false");
  if (v != "true" && v != "false") throw Problem(400, "validation", {{"suppressed", "field.invalid"}});
  return outside_reader(ctx) || v == "true";
}

std::vector<std::string> applicable(const store::Indicator& i, const std::vector<std::string>& dimensions) {
  std::vector<std::string> out;
  for (const auto& d : dimensions)
    if (core::dimension_applies(i.definition.counts, d)) out.push_back(d);
  return out;
}

json::object project_brief(const store::Project& p) {
  return {{"id", p.id}, {"code", p.code}, {"name", p.name}, {"starts_on", p.starts_on}, {"ends_on", nullable(p.ends_on)}};
}

// --- the report's words -------------------------------------------------------------------------

struct Label {
  std::string_view key, en, fr;
};

std::string label(std::string_view language, std::initializer_list<Label> labels, std::string_view key,
                  std::string fallback) {
  for (const auto& l : labels)
    if (l.key == key) return std::string(language == "fr" ? l.fr : l.en);
  return fallback;
}

std::string counts_label(std::string_view lang, std::string_view counts) {
  return label(lang,
               {{"people", "People reached", "Personnes touchées"},
                {"households", "Households", "Foyers"},
                {"sessions", "Sessions held", "Séances tenues"},
                {"activities", "Activities", "Activités"},
                {"attendances", "Attendances", "Participations"},
                {"outsiders", "Professionals and other participants from outside", "Professionnels et autres participants extérieurs"},
                {"encounters", "Encounters", "Entretiens et contacts"},
                {"referrals", "Referrals", "Orientations"},
                {"procedures", "Procedures", "Démarches"},
                {"outcomes", "Outcomes reached", "Résultats atteints"},
                {"media_items", "Media produced", "Médias réalisés"},
                {"applications", "Applications", "Candidatures"}},
               counts, std::string(counts));
}

std::string dimension_label(std::string_view lang, std::string_view dimension) {
  return label(lang,
               {{"gender", "Gender", "Genre"},
                {"age_band", "Age band", "Tranche d'âge"},
                {"minor", "Minors and adults", "Mineurs et majeurs"},
                {"nationality", "Nationality", "Nationalité"},
                {"profession", "Profession", "Profession"}},
               dimension, std::string(dimension));
}

std::string category_label(std::string_view lang, std::string_view dimension, const std::string& category) {
  if (category == "unknown" || category == "Unknown") return lang == "fr" ? "Inconnu" : "Unknown";
  if (dimension == "gender")
    return label(lang,
                 {{"Feminine", "Women", "Femmes"},
                  {"Masculine", "Men", "Hommes"},
                  {"TransgenderFeminine", "Trans women", "Femmes trans"},
                  {"TransgenderMasculine", "Trans men", "Hommes trans"},
                  {"NonConforming", "Non-binary", "Non binaires"},
                  {"NonSpecified", "Not specified", "Non précisé"}},
                 category, category);
  if (dimension == "minor")
    return label(lang, {{"minor", "Minors", "Mineurs"}, {"adult", "Adults", "Majeurs"}}, category, category);
  if (dimension == "profession")
    return label(lang,
                 {{"police_officer", "Police officers", "Policiers"},
                  {"lawyer", "Lawyers", "Avocats"},
                  {"magistrate", "Magistrates", "Magistrats"},
                  {"social_worker", "Social workers", "Travailleurs sociaux"},
                  {"health_worker", "Health workers", "Soignants"},
                  {"teacher", "Teachers", "Enseignants"},
                  {"ngo_worker", "Association staff", "Salariés d'associations"},
                  {"student", "Students", "Étudiants"},
                  {"other", "Other", "Autres"}},
                 category, category);
  if (dimension == "age_band") return category == "50+" ? category : category + (lang == "fr" ? " ans" : " years");
  return category;  // nationality: the ISO code, the same in every language
}

std::string narrative_heading(std::string_view lang, const std::string& key) {
  std::string fallback = key;
  std::replace(fallback.begin(), fallback.end(), '_', ' ');
  if (!fallback.empty() && fallback[0] >= 'a' && fallback[0] <= 'z') fallback[0] = static_cast<char>(fallback[0] - 'a' + 'A');
  return label(lang,
               {{"context", "Context", "Contexte"},
                {"objectives", "Objectives", "Objectifs"},
                {"activities", "Activities carried out", "Actions menées"},
                {"results", "Results", "Résultats"},
                {"difficulties", "Difficulties", "Difficultés"},
                {"partnerships", "Partnerships", "Partenariats"},
                {"outlook", "Outlook", "Perspectives"},
                {"budget", "Budget", "Budget"}},
               key, fallback);
}

// Narrative fields in the order a report tells them, then any others by name.
std::vector<std::pair<std::string, std::string>> narrative_of(std::string_view lang, const store::Project& p) {
  static const std::vector<std::string> order = {"context", "objectives", "activities", "results",
                                                 "difficulties", "partnerships", "outlook", "budget"};
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& key : order)
    if (auto it = p.narrative.find(key); it != p.narrative.end() && !it->second.empty())
      out.emplace_back(narrative_heading(lang, key), it->second);
  for (const auto& [key, text] : p.narrative)
    if (std::find(order.begin(), order.end(), key) == order.end() && !text.empty())
      out.emplace_back(narrative_heading(lang, key), text);
  return out;
}

}  // namespace

Response project_dashboard(Context& ctx) {
  bool suppressed = suppressed_param(ctx);
  auto dimensions = dimensions_param(ctx, {});
  auto asked = period_param(ctx);
  int k = ctx.app.config().suppression_k;
  store::Store& s = ctx.store();
  json::object out;
  store::Period period;
  s.db().read([&](store::Tx& tx) {
    auto project = visible_project(ctx, tx, ctx.param("id"));
    period = period_of(project, asked);
    json::array indicators;
    for (const auto& i : s.projects().indicators_of(tx, project.id)) {
      auto dims = applicable(i, dimensions);
      Published p = publish(i, s.indicators().compute(tx, project, i, period, dims, true), dims, suppressed, k);
      json::array months, milestones;
      for (const auto& [month, n] : p.by_month) months.push_back(json::object{{"month", month}, {"value", number_or_null(n)}});
      for (const auto& m : i.milestones) milestones.push_back(json::object{{"on", m.on}, {"value", m.value}});
      json::object breakdowns;
      for (const auto& b : p.breakdowns) {
        json::array cells;
        for (const auto& [category, n] : b.cells) cells.push_back(json::object{{"category", category}, {"value", number_or_null(n)}});
        breakdowns[b.dimension] = json::object{{"cells", std::move(cells)}, {"total", number_or_null(b.total)}};
      }
      indicators.push_back(json::object{{"id", i.id},
                                        {"name", i.name},
                                        {"counts", i.definition.counts},
                                        {"target", number_or_null(i.target)},
                                        {"milestones", std::move(milestones)},
                                        {"value", number_or_null(p.value)},
                                        {"progress", progress_of(p.value, i.target)},
                                        {"by_month", std::move(months)},
                                        {"breakdowns", std::move(breakdowns)}});
    }
    out = {{"project", project_brief(project)},
           {"period", json::object{{"from", period.from}, {"to", period.to}}},
           {"suppressed", suppressed},
           {"k", k},
           {"indicators", std::move(indicators)}};
  });
  auto event = ctx.audit("project.dashboard", "project", ctx.param("id"));
  event.details = json::serialize(json::object{{"from", period.from}, {"to", period.to}, {"suppressed", suppressed}});
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return json_response(200, out);
}

Response dashboard(Context& ctx) {
  bool suppressed = suppressed_param(ctx);
  int k = ctx.app.config().suppression_k;
  store::Store& s = ctx.store();
  json::array projects;
  s.db().read([&](store::Tx& tx) {
    std::string viewer = outside_reader(ctx) ? ctx.user->id : std::string();
    for (const auto& project : s.projects().list(tx, viewer)) {
      store::Period period = period_of(project, {});
      json::array indicators;
      for (const auto& i : s.projects().indicators_of(tx, project.id)) {
        Published p = publish(i, s.indicators().compute(tx, project, i, period, {}, false), {}, suppressed, k);
        indicators.push_back(json::object{{"id", i.id},
                                          {"name", i.name},
                                          {"counts", i.definition.counts},
                                          {"value", number_or_null(p.value)},
                                          {"target", number_or_null(i.target)},
                                          {"progress", progress_of(p.value, i.target)}});
      }
      json::object o = project_brief(project);
      o["period"] = json::object{{"from", period.from}, {"to", period.to}};
      o["indicators"] = std::move(indicators);
      projects.push_back(std::move(o));
    }
  });
  auto event = ctx.audit("dashboard.read");
  event.details = json::serialize(json::object{{"projects", projects.size()}, {"suppressed", suppressed}});
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return json_response(200, json::object{{"suppressed", suppressed}, {"k", k}, {"projects", std::move(projects)}});
}

Response project_report(Context& ctx) {
  auto format = query_param(ctx.req, "format", 10);
  if (!format) throw Problem(400, "validation", {{"format", "field.required"}});
  if (*format != "pdf" && *format != "xlsx" && *format != "csv") throw Problem(400, "validation", {{"format", "field.invalid"}});
  std::vector<std::string> all(std::begin(core::kDimensions), std::end(core::kDimensions));
  auto dimensions = dimensions_param(ctx, all);
  auto asked = period_param(ctx);
  // A report leaves the organisation: always suppressed, whoever asks.
  int k = ctx.app.config().suppression_k;
  const std::string& lang = ctx.language;
  store::Store& s = ctx.store();
  reports::FunderReport r;
  r.language = lang;
  r.organisation = ctx.app.config().organisation_name;
  r.generated_at = core::now_iso8601();
  r.k = k;
  s.db().read([&](store::Tx& tx) {
    auto project = visible_project(ctx, tx, ctx.param("id"));
    store::Period period = period_of(project, asked);
    r.project_name = project.name;
    r.project_code = project.code;
    r.aims = project.aims;
    r.period_from = period.from;
    r.period_to = period.to;
    for (const auto& f : project.funders) r.funders.push_back({f.name, f.amount_cents, f.currency});
    for (const auto& x : project.partners) r.partners.emplace_back(x.name, x.country.value_or(""));
    r.narrative = narrative_of(lang, project);
    for (const auto& i : s.projects().indicators_of(tx, project.id)) {
      auto dims = applicable(i, dimensions);
      Published p = publish(i, s.indicators().compute(tx, project, i, period, dims, true), dims, true, k);
      reports::ReportIndicator ri;
      ri.name = i.name;
      ri.counts = counts_label(lang, i.definition.counts);
      ri.value = p.value;
      ri.target = i.target;
      ri.by_month = p.by_month;
      for (const auto& m : i.milestones) ri.milestones.emplace_back(m.on, m.value);
      for (const auto& b : p.breakdowns) {
        reports::ReportBreakdown rb;
        rb.dimension = dimension_label(lang, b.dimension);
        for (const auto& [category, n] : b.cells) rb.cells.push_back({category_label(lang, b.dimension, category), n});
        rb.total = b.total;
        ri.breakdowns.push_back(std::move(rb));
      }
      r.indicators.push_back(std::move(ri));
    }
  });
  Response out;
  out.status = 200;
  std::string filename = r.project_code + "-" + r.period_from + "-" + r.period_to + "." + *format;
  if (*format == "csv") {
    out.headers["content-type"] = "text/csv; charset=utf-8";
    out.body = reports::report_csv(r);
  } else if (*format == "xlsx") {
    out.headers["content-type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.body = reports::report_xlsx(r);
  } else {
    out = pdf_attachment(ctx.req, reports::report_html(r), filename);
  }
  out.headers["content-disposition"] = "attachment; filename=\"" + filename + "\"";
  auto event = ctx.audit("report.export", "project", ctx.param("id"));
  event.details = json::serialize(json::object{{"format", *format}, {"from", r.period_from}, {"to", r.period_to}, {"k", k}});
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  return out;
}

}  // namespace passerelle::api
