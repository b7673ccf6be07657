// A funder report of one project over a period: aggregates only, already suppressed by the
// caller (core/suppression.h) — nothing here ever sees a person. Rendered as CSV (one table per
// section), XLSX (a sheet per section, numbers as numbers, hidden cells as "<k"), and HTML with
// inline SVG charts (progress bars, time series, breakdowns), each chart followed by its data
// table, for reports/pdf_renderer to print.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace passerelle::reports {

struct ReportCell {
  std::string category;               // already a display label in the report's language
  std::optional<std::int64_t> value;  // nullopt: hidden (small cell)
};

struct ReportBreakdown {
  std::string dimension;  // display label ("Gender")
  std::vector<ReportCell> cells;
  std::optional<std::int64_t> total;
};

struct ReportIndicator {
  std::string name;
  std::string counts;  // display label of what is counted
  std::optional<std::int64_t> value, target;
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> by_month;  // "2025-03"
  std::vector<std::pair<std::string, std::int64_t>> milestones;             // date → value
  std::vector<ReportBreakdown> breakdowns;
};

struct ReportFunder {
  std::string name;
  std::int64_t amount_cents = 0;
  std::string currency = "EUR";
};

struct FunderReport {
  std::string language = "en";  // en, fr: the fixed labels of the report
  std::string organisation, project_name, project_code, aims;
  std::string period_from, period_to, generated_at;
  int k = 5;  // cells under k are hidden
  std::vector<ReportFunder> funders;
  std::vector<std::pair<std::string, std::string>> partners;  // name, country
  std::vector<std::pair<std::string, std::string>> narrative;  // heading, text
  std::vector<ReportIndicator> indicators;
};

std::string report_csv(const FunderReport& r);
std::string report_xlsx(const FunderReport& r);  // the .xlsx file's bytes
std::string report_html(const FunderReport& r);  // a complete, self-contained HTML document

}  // namespace passerelle::reports
