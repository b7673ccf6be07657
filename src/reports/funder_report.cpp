// Funder reports: the same aggregates as CSV, XLSX and HTML (printed to PDF). Every text comes
// from the organisation's records, so it is escaped for each format and never becomes a formula.
// Hidden cells read "c" (confidential) everywhere and are drawn as hatched bars: a cell hidden
// to protect a small one may itself be large, so the marker must not claim "fewer than k".
#include "reports/funder_report.h"

#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "reports/pdf_renderer.h"

namespace passerelle::reports {
namespace {
namespace fs = std::filesystem;
using Count = std::optional<std::int64_t>;

// --- Fixed labels in the report's language ----------------------------------------------------

struct Labels {
  std::string_view lang, report, organisation, project, code, period, period_from, period_to,
      generated, item, value, note, hidden_note, hidden_legend, funders, funder, amount, currency,
      partners, partner, country, aims, section, text, indicators, indicator, counts, target,
      progress, progress_percent, summary_sheet, over_time, month, cumulative, milestones,
      milestone, date, breakdowns, dimension, category, total, no_target, no_monthly, none,
      progress_chart, series_chart, breakdown_chart, data_below;
};

constexpr Labels kEnglish{
    .lang = "en",
    .report = "Funder report",
    .organisation = "Organisation",
    .project = "Project",
    .code = "Project code",
    .period = "Period",
    .period_from = "Period from",
    .period_to = "Period to",
    .generated = "Generated on",
    .item = "Item",
    .value = "Value",
    .note = "Note",
    .hidden_note = "Cells of fewer than {k} people, and the cells that would reveal them, are hidden",
    .hidden_legend = "c: confidential",
    .funders = "Funders",
    .funder = "Funder",
    .amount = "Amount",
    .currency = "Currency",
    .partners = "Partners",
    .partner = "Partner",
    .country = "Country",
    .aims = "Aims",
    .section = "Section",
    .text = "Text",
    .indicators = "Indicators",
    .indicator = "Indicator",
    .counts = "What is counted",
    .target = "Target",
    .progress = "Progress",
    .progress_percent = "Progress (%)",
    .summary_sheet = "Summary",
    .over_time = "Over time",
    .month = "Month",
    .cumulative = "Cumulative value at the end of each month",
    .milestones = "Milestones",
    .milestone = "Milestone",
    .date = "Date",
    .breakdowns = "Breakdowns",
    .dimension = "Dimension",
    .category = "Category",
    .total = "Total",
    .no_target = "No target",
    .no_monthly = "No monthly figures for this period",
    .none = "None",
    .progress_chart = "Progress towards the target",
    .series_chart = "Cumulative value by month",
    .breakdown_chart = "Breakdown by",
    .data_below = "the figures are in the table below",
};

constexpr Labels kFrench{
    .lang = "fr",
    .report = "Rapport aux financeurs",
    .organisation = "Organisation",
    .project = "Projet",
    .code = "Code du projet",
    .period = "Période",
    .period_from = "Début de la période",
    .period_to = "Fin de la période",
    .generated = "Établi le",
    .item = "Rubrique",
    .value = "Valeur",
    .note = "Remarque",
    .hidden_note = "Les cellules de moins de {k} personnes, et celles qui permettraient de les retrouver, sont masquées",
    .hidden_legend = "c\u00a0: confidentiel",
    .funders = "Financeurs",
    .funder = "Financeur",
    .amount = "Montant",
    .currency = "Devise",
    .partners = "Partenaires",
    .partner = "Partenaire",
    .country = "Pays",
    .aims = "Objectifs",
    .section = "Rubrique",
    .text = "Texte",
    .indicators = "Indicateurs",
    .indicator = "Indicateur",
    .counts = "Ce qui est compté",
    .target = "Cible",
    .progress = "Avancement",
    .progress_percent = "Avancement (%)",
    .summary_sheet = "Synthèse",
    .over_time = "Évolution",
    .month = "Mois",
    .cumulative = "Valeur cumulée à la fin de chaque mois",
    .milestones = "Jalons",
    .milestone = "Jalon",
    .date = "Date",
    .breakdowns = "Ventilations",
    .dimension = "Dimension",
    .category = "Catégorie",
    .total = "Total",
    .no_target = "Pas de cible",
    .no_monthly = "Aucun chiffre mensuel sur la période",
    .none = "Aucun",
    .progress_chart = "Avancement vers la cible",
    .series_chart = "Valeur cumulée par mois",
    .breakdown_chart = "Ventilation par",
    .data_below = "les chiffres sont dans le tableau ci-dessous",
};

const Labels& labels_for(const FunderReport& r) { return r.language == "fr" ? kFrench : kEnglish; }

// "{k}" in a label becomes the report's threshold.
std::string with_k(std::string_view label, int k) {
  std::string out(label);
  if (auto at = out.find("{k}"); at != std::string::npos) out.replace(at, 3, std::to_string(k));
  return out;
}

// --- Figures shared by the three formats -------------------------------------------------------

std::string hidden_text(int) { return "c"; }

// Progress as a fraction of the target; none without a published value or a positive target.
std::optional<double> progress_of(const ReportIndicator& i) {
  if (!i.value || !i.target || *i.target <= 0) return std::nullopt;
  return static_cast<double>(*i.value) / static_cast<double>(*i.target);
}

std::int64_t percent(double fraction) { return std::llround(fraction * 100.0); }

// Cents as "12500.00" (the sign in front), without grouping: for CSV.
std::string plain_amount(std::int64_t cents) {
  std::uint64_t magnitude = cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : cents;
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

// Every month any indicator has a figure for, in order ("YYYY-MM" sorts as dates do).
std::vector<std::string> months_of(const FunderReport& r) {
  std::set<std::string> months;
  for (const auto& i : r.indicators)
    for (const auto& [month, value] : i.by_month) months.insert(month);
  return {months.begin(), months.end()};
}

const std::pair<std::string, Count>* month_entry(const ReportIndicator& i, const std::string& month) {
  for (const auto& entry : i.by_month)
    if (entry.first == month) return &entry;
  return nullptr;
}

// Code points in a UTF-8 text (continuation bytes are not counted).
std::size_t code_points(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// At most `n` bytes of `s`, never cutting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// --- CSV (RFC 4180, UTF-8 with BOM, CRLF) -----------------------------------------------------

// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"),
// also behind apostrophes, as in the partner export.
bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

std::string csv_text(std::string_view text) {
  std::string s;
  std::size_t first = text.find_first_not_of('\'');
  if (first != std::string_view::npos && formula_start(text[first])) s = "'";
  s += text;
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Numbers are ours, not the user's: written as they are (a negative one stays a number).
std::string csv_count(const Count& v, int k) { return v ? std::to_string(*v) : hidden_text(k); }

class Csv {
 public:
  // A new section: an empty line before every section but the first, then its header row.
  void section(std::vector<std::string_view> header) {
    if (!out_.empty()) out_ += "\r\n";
    std::vector<std::string> cells;
    for (auto h : header) cells.push_back(csv_text(h));
    row(cells);
  }
  // Cells already encoded (csv_text, csv_count or a plain number).
  void row(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out_ += (i ? "," : "") + cells[i];
    out_ += "\r\n";
  }
  std::string bytes() const { return "\xEF\xBB\xBF" + out_; }  // BOM: spreadsheets then read UTF-8

 private:
  std::string out_;
};

}  // namespace

std::string report_csv(const FunderReport& r) {
  const Labels& l = labels_for(r);
  Csv csv;
  csv.section({l.item, l.value});
  csv.row({csv_text(l.organisation), csv_text(r.organisation)});
  csv.row({csv_text(l.project), csv_text(r.project_name)});
  csv.row({csv_text(l.code), csv_text(r.project_code)});
  csv.row({csv_text(l.aims), csv_text(r.aims)});
  csv.row({csv_text(l.period_from), csv_text(r.period_from)});
  csv.row({csv_text(l.period_to), csv_text(r.period_to)});
  csv.row({csv_text(l.generated), csv_text(r.generated_at)});
  csv.row({csv_text(l.note), csv_text(with_k(l.hidden_note, r.k))});

  csv.section({l.funder, l.amount, l.currency});
  for (const auto& f : r.funders) csv.row({csv_text(f.name), plain_amount(f.amount_cents), csv_text(f.currency)});

  csv.section({l.partner, l.country});
  for (const auto& [name, country] : r.partners) csv.row({csv_text(name), csv_text(country)});

  csv.section({l.section, l.text});
  for (const auto& [heading, text] : r.narrative) csv.row({csv_text(heading), csv_text(text)});

  csv.section({l.indicator, l.counts, l.value, l.target, l.progress_percent});
  for (const auto& i : r.indicators) {
    auto progress = progress_of(i);
    csv.row({csv_text(i.name), csv_text(i.counts), csv_count(i.value, r.k),
             i.target ? std::to_string(*i.target) : "", progress ? std::to_string(percent(*progress)) : ""});
  }

  std::vector<std::string_view> header = {l.month};
  for (const auto& i : r.indicators) header.push_back(i.name);
  csv.section(header);
  for (const auto& month : months_of(r)) {
    std::vector<std::string> cells = {csv_text(month)};
    for (const auto& i : r.indicators) {
      const auto* entry = month_entry(i, month);
      cells.push_back(entry ? csv_count(entry->second, r.k) : "");
    }
    csv.row(cells);
  }

  csv.section({l.indicator, l.date, l.milestone});
  for (const auto& i : r.indicators)
    for (const auto& [date, value] : i.milestones) csv.row({csv_text(i.name), csv_text(date), std::to_string(value)});

  csv.section({l.indicator, l.dimension, l.category, l.value});
  for (const auto& i : r.indicators)
    for (const auto& b : i.breakdowns) {
      for (const auto& c : b.cells)
        csv.row({csv_text(i.name), csv_text(b.dimension), csv_text(c.category), csv_count(c.value, r.k)});
      csv.row({csv_text(i.name), csv_text(b.dimension), csv_text(l.total), csv_count(b.total, r.k)});
    }
  return csv.bytes();
}

// --- XLSX (libxlsxwriter) ---------------------------------------------------------------------

namespace {

// libxlsxwriter writes to a path: a private temporary folder (mode 0700) under TMPDIR, removed
// with what it holds whatever happens, as pdf_renderer does for Chromium.
class PrivateDir {
 public:
  PrivateDir() {
    const char* env = std::getenv("TMPDIR");
    std::string base = env && *env ? env : "/tmp";
    std::string tmpl = (fs::path(base) / "passerelle-xlsx-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder for the spreadsheet");
    path_ = tmpl;
    ::chmod(path_.c_str(), 0700);
  }
  ~PrivateDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Formats {
  lxw_format *bold, *count, *money, *percent, *hidden, *wrap, *bold_top;
};

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.money = workbook_add_format(wb);
  format_set_num_format(f.money, "#,##0.00");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0%");
  f.hidden = workbook_add_format(wb);  // "<5" is text: aligned with the numbers of its column
  format_set_align(f.hidden, LXW_ALIGN_RIGHT);
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  f.bold_top = workbook_add_format(wb);
  format_set_bold(f.bold_top);
  format_set_align(f.bold_top, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// One worksheet: every text through worksheet_write_string (never a formula, never a link),
// column widths from what was written, header row bold and frozen.
class Sheet {
 public:
  Sheet(lxw_workbook* wb, std::string_view name, const Formats& formats, int k, bool& ok)
      : ws_(workbook_add_worksheet(wb, std::string(name).c_str())), f_(formats), k_(k), ok_(ok) {
    if (!ws_) ok_ = false;
  }

  void header(lxw_row_t row, const std::vector<std::string_view>& titles) {
    for (std::size_t c = 0; c < titles.size(); ++c) text(row, static_cast<lxw_col_t>(c), titles[c], f_.bold);
  }

  void text(lxw_row_t row, lxw_col_t col, std::string_view s, lxw_format* format = nullptr) {
    if (!ws_) return;
    // A cell holds at most 32,767 characters; longer narrative is cut rather than lost whole.
    std::string value(utf8_prefix(s, 32767));
    check(worksheet_write_string(ws_, row, col, value.c_str(), format));
    widen(col, code_points(value));
  }

  void number(lxw_row_t row, lxw_col_t col, double v, lxw_format* format) {
    if (!ws_) return;
    check(worksheet_write_number(ws_, row, col, v, format));
    std::ostringstream shown;
    shown << std::llround(v);
    widen(col, shown.str().size() + 3);
  }

  void count(lxw_row_t row, lxw_col_t col, const Count& v) {
    if (v)
      number(row, col, static_cast<double>(*v), f_.count);
    else
      text(row, col, hidden_text(k_), f_.hidden);
  }

  // Widths from the longest cell (in characters), within reason; long texts wrap instead.
  void finish(bool freeze_header = true) {
    if (!ws_) return;
    for (std::size_t c = 0; c < widths_.size(); ++c) {
      double width = std::clamp(static_cast<double>(widths_[c]) + 2.0, 8.0, 60.0);
      check(worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width,
                                 wrapped_.count(c) ? f_.wrap : nullptr));
    }
    if (freeze_header) worksheet_freeze_panes(ws_, 1, 0);
  }

  void wrap_column(lxw_col_t col) { wrapped_.insert(col); }

 private:
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR) ok_ = false;
  }
  void widen(lxw_col_t col, std::size_t chars) {
    if (widths_.size() <= col) widths_.resize(col + 1, 0);
    widths_[col] = std::max(widths_[col], chars);
  }

  lxw_worksheet* ws_;
  const Formats& f_;
  int k_;
  bool& ok_;
  std::vector<std::size_t> widths_;
  std::set<std::size_t> wrapped_;
};

void summary_sheet(Sheet& s, const FunderReport& r, const Labels& l, const Formats& f) {
  lxw_row_t row = 0;
  s.text(row, 0, l.report, f.bold);
  s.text(row++, 1, r.project_name, f.bold);
  auto item = [&](std::string_view label, std::string_view value) {
    s.text(row, 0, label, f.bold);
    s.text(row++, 1, value);
  };
  item(l.organisation, r.organisation);
  item(l.code, r.project_code);
  item(l.period_from, r.period_from);
  item(l.period_to, r.period_to);
  item(l.generated, r.generated_at);
  item(l.note, with_k(l.hidden_note, r.k));

  ++row;
  s.header(row++, {l.funder, l.amount, l.currency});
  for (const auto& fu : r.funders) {
    s.text(row, 0, fu.name);
    s.number(row, 1, static_cast<double>(fu.amount_cents) / 100.0, f.money);
    s.text(row++, 2, fu.currency);
  }

  ++row;
  s.header(row++, {l.partner, l.country});
  for (const auto& [name, country] : r.partners) {
    s.text(row, 0, name);
    s.text(row++, 1, country);
  }

  ++row;
  auto paragraph = [&](std::string_view heading, std::string_view text) {
    s.text(row, 0, heading, f.bold_top);
    s.text(row++, 1, text, f.wrap);
  };
  if (!r.aims.empty()) paragraph(l.aims, r.aims);
  for (const auto& [heading, text] : r.narrative) paragraph(heading, text);
  s.wrap_column(1);
  s.finish();
}

void indicators_sheet(Sheet& s, const FunderReport& r, const Labels& l, const Formats& f) {
  s.header(0, {l.indicator, l.counts, l.value, l.target, l.progress});
  lxw_row_t row = 1;
  for (const auto& i : r.indicators) {
    s.text(row, 0, i.name);
    s.text(row, 1, i.counts);
    s.count(row, 2, i.value);
    if (i.target) s.number(row, 3, static_cast<double>(*i.target), f.count);
    if (auto progress = progress_of(i)) s.number(row, 4, *progress, f.percent);
    ++row;
  }
  s.finish();
}

void over_time_sheet(Sheet& s, const FunderReport& r, const Labels& l) {
  std::vector<std::string_view> header = {l.month};
  for (const auto& i : r.indicators) header.push_back(i.name);
  s.header(0, header);
  lxw_row_t row = 1;
  for (const auto& month : months_of(r)) {
    s.text(row, 0, month);
    for (std::size_t c = 0; c < r.indicators.size(); ++c)
      if (const auto* entry = month_entry(r.indicators[c], month))
        s.count(row, static_cast<lxw_col_t>(c + 1), entry->second);
    ++row;
  }
  s.finish();
}

void breakdowns_sheet(Sheet& s, const FunderReport& r, const Labels& l, const Formats& f) {
  s.header(0, {l.indicator, l.dimension, l.category, l.value});
  lxw_row_t row = 1;
  for (const auto& i : r.indicators)
    for (const auto& b : i.breakdowns) {
      for (const auto& c : b.cells) {
        s.text(row, 0, i.name);
        s.text(row, 1, b.dimension);
        s.text(row, 2, c.category);
        s.count(row++, 3, c.value);
      }
      s.text(row, 0, i.name);
      s.text(row, 1, b.dimension);
      s.text(row, 2, l.total, f.bold);
      s.count(row++, 3, b.total);
    }
  s.finish();
}

void milestones_sheet(Sheet& s, const FunderReport& r, const Labels& l, const Formats& f) {
  s.header(0, {l.indicator, l.date, l.milestone});
  lxw_row_t row = 1;
  for (const auto& i : r.indicators)
    for (const auto& [date, value] : i.milestones) {
      s.text(row, 0, i.name);
      s.text(row, 1, date);
      s.number(row++, 2, static_cast<double>(value), f.count);
    }
  s.finish();
}

}  // namespace

std::string report_xlsx(const FunderReport& r) {
  const Labels& l = labels_for(r);
  PrivateDir dir;
  fs::path file = dir.path() / "report.xlsx";
  std::string tmpdir = dir.path().string();
  lxw_workbook_options options{};
  options.tmpdir = tmpdir.data();  // its own temporary files stay in the private folder too
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (!wb) throw std::runtime_error("cannot create the spreadsheet");
  bool ok = true;
  {
    Formats f = make_formats(wb);
    Sheet summary(wb, l.summary_sheet, f, r.k, ok);
    summary_sheet(summary, r, l, f);
    Sheet indicators(wb, l.indicators, f, r.k, ok);
    indicators_sheet(indicators, r, l, f);
    Sheet over_time(wb, l.over_time, f, r.k, ok);
    over_time_sheet(over_time, r, l);
    Sheet breakdowns(wb, l.breakdowns, f, r.k, ok);
    breakdowns_sheet(breakdowns, r, l, f);
    Sheet milestones(wb, l.milestones, f, r.k, ok);
    milestones_sheet(milestones, r, l, f);
  }
  // workbook_close writes the file and frees the workbook, also after an error above.
  if (workbook_close(wb) != LXW_NO_ERROR || !ok) throw std::runtime_error("cannot write the spreadsheet");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read the spreadsheet back");
  return bytes.str();
}

// --- HTML with inline SVG charts --------------------------------------------------------------

namespace {

// Numbers as a reader of the language writes them: 12,500 / 12 500 (narrow no-break space).
std::string grouped(std::int64_t n, const Labels& l) {
  std::string digits = std::to_string(n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n));
  std::string_view separator = l.lang == "fr" ? "\u202f" : ",";
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string money(std::int64_t cents, const std::string& currency, const Labels& l) {
  std::uint64_t magnitude = cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : cents;
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  std::string units = grouped(static_cast<std::int64_t>(magnitude / 100), l);
  return (cents < 0 ? "-" : "") + units + (l.lang == "fr" ? "," : ".") + fraction + "\u00a0" + currency;
}

std::string percent_text(double fraction, const Labels& l) {
  return grouped(percent(fraction), l) + (l.lang == "fr" ? "\u00a0%" : "%");
}

// Coordinates for SVG attributes: one decimal is plenty.
std::string px(double v) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(1);
  s << v;
  return s.str();
}

// A round step for an axis from 0 to `max` in about four steps, and the axis' end.
std::int64_t axis_step(std::int64_t max) {
  if (max <= 4) return 1;
  double raw = static_cast<double>(max) / 4.0;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) return std::max<std::int64_t>(1, std::llround(m * magnitude));
  return std::llround(10 * magnitude);
}

// A label cut to `n` characters for a chart (the table below has it whole).
std::string short_label(std::string_view s, std::size_t n) {
  if (code_points(s) <= n) return std::string(s);
  std::size_t bytes = 0, seen = 0;
  while (bytes < s.size()) {
    if ((static_cast<unsigned char>(s[bytes]) & 0xC0) != 0x80 && seen++ == n - 1) break;
    ++bytes;
  }
  return std::string(s.substr(0, bytes)) + "…";
}

constexpr std::string_view kStyle =
    "@page{size:A4;margin:16mm 15mm}"
    "body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;font-size:10pt;color:#1a1a1a;"
    "line-height:1.4;margin:0}"
    "h1{font-size:22pt;margin:.2em 0}h2{font-size:15pt;margin:1.2em 0 .4em;border-bottom:1px solid #999}"
    "h3{font-size:12.5pt;margin:1.4em 0 .3em}h4{font-size:10.5pt;margin:1em 0 .3em}"
    ".title-page{break-after:page;padding-top:30mm}.title-page .organisation{font-size:13pt;color:#444}"
    ".title-page .subtitle{font-size:15pt;margin:0 0 2em}"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}dl.facts dt{font-weight:bold}"
    "dl.facts dd{margin:0}"
    "table{border-collapse:collapse;margin:.3em 0 1.2em;font-size:9pt;break-inside:avoid;min-width:50%}"
    "caption{caption-side:top;text-align:left;font-weight:bold;padding-bottom:.2em}"
    "th,td{border:1px solid #aaa;padding:2px 8px;text-align:left;vertical-align:top}"
    "th{background:#eee}.num{text-align:right;font-variant-numeric:tabular-nums}"
    "tfoot td,tfoot th{font-weight:bold}"
    ".hidden-cell{font-style:italic}"
    ".note{border:1px solid #aaa;padding:.5em .8em;margin-top:2em}"
    ".legend svg{vertical-align:middle;margin-right:.4em}"
    ".indicator{break-before:page}.chart{break-inside:avoid;margin:.6em 0 .2em}"
    ".chart svg{max-width:100%;height:auto}svg text{font-family:inherit}"
    ".counts{color:#444;margin:0 0 .6em}";

constexpr std::string_view kBarColour = "#2b6cb0", kLineColour = "#1f5f99", kMilestoneColour = "#c05621",
                           kTargetColour = "#555";

class Html {
 public:
  Html(const FunderReport& r) : r_(r), l_(labels_for(r)) {}

  std::string document() {
    std::string lang(l_.lang);
    out_ += "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" +
            esc(std::string(l_.report) + " — " + r_.project_name) + "</title><style>" + std::string(kStyle) +
            "</style></head><body>";
    title_page();
    narrative();
    indicators();
    out_ += "</body></html>";
    return std::move(out_);
  }

 private:
  static std::string esc(std::string_view s) { return html_escape(s); }

  std::string count_html(const Count& v) const {
    return v ? grouped(*v, l_) : esc(hidden_text(r_.k));
  }
  // A table cell for a count: hidden ones are marked so that they read differently.
  std::string count_cell(const Count& v) const {
    return v ? "<td class=\"num\">" + grouped(*v, l_) + "</td>"
             : "<td class=\"num hidden-cell\">" + esc(hidden_text(r_.k)) + "</td>";
  }

  // Every chart has its own hatch pattern (ids are unique in the document).
  std::string hatch_pattern(std::string& id) {
    id = "hatch-" + std::to_string(++next_id_);
    return "<defs><pattern id=\"" + id +
           "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
           "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
           "stroke=\"#666\" stroke-width=\"2.5\"/></pattern></defs>";
  }

  std::string svg_open(int width, int height, const std::string& label) {
    return "<figure class=\"chart\"><svg viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
           "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
           "\" role=\"img\" aria-label=\"" + esc(label + " (" + std::string(l_.data_below) + ")") + "\">";
  }
  static std::string svg_close() { return "</svg></figure>"; }

  std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                   std::string_view extra = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + std::string(anchor) +
           "\" font-size=\"11\"" + (extra.empty() ? "" : " " + std::string(extra)) + ">" + std::string(content) +
           "</text>";
  }

  // The legend of hidden cells: a hatched swatch and the words.
  std::string hidden_legend_svg(double x, double y, const std::string& hatch) {
    return "<rect x=\"" + px(x) + "\" y=\"" + px(y - 9) + "\" width=\"14\" height=\"10\" fill=\"url(#" + hatch +
           ")\" stroke=\"#666\"/>" + text(x + 20, y, esc(with_k(l_.hidden_legend, r_.k)));
  }

  void title_page() {
    out_ += "<section class=\"title-page\"><p class=\"organisation\">" + esc(r_.organisation) + "</p><h1>" +
            esc(r_.project_name) + "</h1><p class=\"subtitle\">" + esc(l_.report) + "</p><dl class=\"facts\">";
    auto fact = [&](std::string_view term, const std::string& value) {
      if (!value.empty()) out_ += "<dt>" + esc(term) + "</dt><dd>" + esc(value) + "</dd>";
    };
    fact(l_.code, r_.project_code);
    fact(l_.period, r_.period_from + " – " + r_.period_to);
    fact(l_.generated, r_.generated_at);
    out_ += "</dl><h2>" + esc(l_.funders) + "</h2>";
    if (r_.funders.empty()) {
      out_ += "<p>" + esc(l_.none) + "</p>";
    } else {
      out_ += "<table><thead><tr><th scope=\"col\">" + esc(l_.funder) + "</th><th scope=\"col\" class=\"num\">" +
              esc(l_.amount) + "</th></tr></thead><tbody>";
      for (const auto& f : r_.funders)
        out_ += "<tr><td>" + esc(f.name) + "</td><td class=\"num\">" + esc(money(f.amount_cents, f.currency, l_)) +
                "</td></tr>";
      out_ += "</tbody></table>";
    }
    out_ += "<h2>" + esc(l_.partners) + "</h2>";
    if (r_.partners.empty()) {
      out_ += "<p>" + esc(l_.none) + "</p>";
    } else {
      out_ += "<table><thead><tr><th scope=\"col\">" + esc(l_.partner) + "</th><th scope=\"col\">" +
              esc(l_.country) + "</th></tr></thead><tbody>";
      for (const auto& [name, country] : r_.partners)
        out_ += "<tr><td>" + esc(name) + "</td><td>" + esc(country) + "</td></tr>";
      out_ += "</tbody></table>";
    }
    std::string hatch;
    out_ += "<p class=\"note legend\"><svg viewBox=\"0 0 16 12\" width=\"16\" height=\"12\" aria-hidden=\"true\">" +
            hatch_pattern(hatch) + "<rect x=\"1\" y=\"1\" width=\"14\" height=\"10\" fill=\"url(#" + hatch +
            ")\" stroke=\"#666\"/></svg>" + esc(with_k(l_.hidden_note, r_.k)) + " (" +
            esc(hidden_text(r_.k)) + ").</p></section>";
  }

  // Paragraphs on blank lines, line breaks kept.
  void paragraphs(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find("\n\n", start);
      std::string_view para = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      std::string html;
      std::size_t line_start = 0;
      while (true) {
        std::size_t nl = para.find('\n', line_start);
        std::string_view line = para.substr(line_start, nl == std::string_view::npos ? std::string_view::npos : nl - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        html += esc(line);
        if (nl == std::string_view::npos) break;
        html += "<br>";
        line_start = nl + 1;
      }
      if (para.find_first_not_of(" \r\n\t") != std::string_view::npos) out_ += "<p>" + html + "</p>";
      if (end == std::string_view::npos) break;
      start = end + 2;
    }
  }

  void narrative() {
    if (!r_.aims.empty()) {
      out_ += "<section><h2>" + esc(l_.aims) + "</h2>";
      paragraphs(r_.aims);
      out_ += "</section>";
    }
    for (const auto& [heading, text] : r_.narrative) {
      out_ += "<section><h2>" + esc(heading) + "</h2>";
      paragraphs(text);
      out_ += "</section>";
    }
  }

  void indicators() {
    out_ += "<section><h2>" + esc(l_.indicators) + "</h2><table><thead><tr><th scope=\"col\">" + esc(l_.indicator) +
            "</th><th scope=\"col\">" + esc(l_.counts) + "</th><th scope=\"col\" class=\"num\">" + esc(l_.value) +
            "</th><th scope=\"col\" class=\"num\">" + esc(l_.target) + "</th><th scope=\"col\" class=\"num\">" +
            esc(l_.progress) + "</th></tr></thead><tbody>";
    for (const auto& i : r_.indicators) out_ += "<tr><td>" + esc(i.name) + "</td><td>" + esc(i.counts) + "</td>" +
                                              count_cell(i.value) + figures_cells(i) + "</tr>";
    out_ += "</tbody></table></section>";
    for (const auto& i : r_.indicators) indicator(i);
  }

  // Target and progress cells of an indicator's row.
  std::string figures_cells(const ReportIndicator& i) const {
    auto progress = progress_of(i);
    return "<td class=\"num\">" + (i.target ? grouped(*i.target, l_) : esc(l_.no_target)) + "</td><td class=\"num\">" +
           (progress ? esc(percent_text(*progress, l_)) : std::string()) + "</td>";
  }

  void indicator(const ReportIndicator& i) {
    out_ += "<section class=\"indicator\"><h3>" + esc(i.name) + "</h3><p class=\"counts\">" + esc(l_.counts) + ": " +
            esc(i.counts) + "</p>";
    progress_bar(i);
    series(i);
    for (const auto& b : i.breakdowns) breakdown(i, b);
    out_ += "</section>";
  }

  // Value against target: a bar filled to the progress (full past the target).
  void progress_bar(const ReportIndicator& i) {
    out_ += "<h4>" + esc(l_.progress) + "</h4>";
    if (i.target && *i.target > 0) {
      constexpr double track = 500, bar_y = 8, bar_h = 22;
      std::string hatch;
      std::string svg = svg_open(640, i.value ? 52 : 70, std::string(l_.progress_chart) + ": " + i.name) +
                        hatch_pattern(hatch) + "<rect x=\"0\" y=\"" + px(bar_y) + "\" width=\"" + px(track) +
                        "\" height=\"" + px(bar_h) + "\" fill=\"#e8e8e8\" stroke=\"#999\"/>";
      std::string label;
      if (auto progress = progress_of(i)) {
        double filled = std::clamp(*progress, 0.0, 1.0) * track;
        svg += "<rect x=\"0\" y=\"" + px(bar_y) + "\" width=\"" + px(filled) + "\" height=\"" + px(bar_h) +
               "\" fill=\"" + std::string(kBarColour) + "\"/>";
        label = esc(percent_text(*progress, l_)) + " (" + count_html(i.value) + ")";
      } else {
        // Hidden: a hatched stub up to k, not a length that would tell the count.
        double stub = std::max(6.0, std::min(1.0, static_cast<double>(r_.k) / static_cast<double>(*i.target)) * track);
        svg += "<rect x=\"0\" y=\"" + px(bar_y) + "\" width=\"" + px(stub) + "\" height=\"" + px(bar_h) +
               "\" fill=\"url(#" + hatch + ")\" stroke=\"#666\"/>";
        label = count_html(i.value);
      }
      svg += text(track + 10, bar_y + bar_h - 6, label, "start", "font-weight=\"bold\"");
      svg += text(0, bar_y + bar_h + 16, "0") +
             text(track, bar_y + bar_h + 16, esc(l_.target) + " " + grouped(*i.target, l_), "end");
      if (!i.value) svg += hidden_legend_svg(0, 66, hatch);
      out_ += svg + svg_close();
    } else {
      out_ += "<p>" + esc(l_.no_target) + "</p>";
    }
    out_ += "<table><caption>" + esc(l_.progress) + "</caption><thead><tr><th scope=\"col\" class=\"num\">" +
            esc(l_.value) + "</th><th scope=\"col\" class=\"num\">" + esc(l_.target) +
            "</th><th scope=\"col\" class=\"num\">" + esc(l_.progress) + "</th></tr></thead><tbody><tr>" +
            count_cell(i.value) + figures_cells(i) + "</tr></tbody></table>";
  }

  // The cumulative value at the end of each month as a line, with the target (dashed) and the
  // milestones (diamonds); hidden months break the line and show a hatched mark on the axis.
  void series(const ReportIndicator& i) {
    out_ += "<h4>" + esc(l_.over_time) + "</h4>";
    if (i.by_month.empty()) {
      out_ += "<p>" + esc(l_.no_monthly) + "</p>";
    } else {
      series_chart(i);
      out_ += "<table><caption>" + esc(l_.cumulative) + "</caption><thead><tr><th scope=\"col\">" + esc(l_.month) +
              "</th><th scope=\"col\" class=\"num\">" + esc(l_.value) + "</th></tr></thead><tbody>";
      for (const auto& [month, value] : i.by_month)
        out_ += "<tr><th scope=\"row\">" + esc(month) + "</th>" + count_cell(value) + "</tr>";
      out_ += "</tbody></table>";
    }
    if (!i.milestones.empty()) {
      out_ += "<table><caption>" + esc(l_.milestones) + "</caption><thead><tr><th scope=\"col\">" + esc(l_.date) +
              "</th><th scope=\"col\" class=\"num\">" + esc(l_.milestone) + "</th></tr></thead><tbody>";
      for (const auto& [date, value] : i.milestones)
        out_ += "<tr><th scope=\"row\">" + esc(date) + "</th><td class=\"num\">" + grouped(value, l_) + "</td></tr>";
      out_ += "</tbody></table>";
    }
  }

  void series_chart(const ReportIndicator& i) {
    constexpr double width = 640, height = 300, left = 64, right = 20, top = 34, bottom = 72;
    const double plot_w = width - left - right, plot_h = height - top - bottom, base = top + plot_h;
    const std::size_t n = i.by_month.size();
    bool any_hidden = false;
    std::int64_t max = 1;
    for (const auto& [month, value] : i.by_month) {
      if (value) max = std::max(max, *value);
      else any_hidden = true;
    }
    if (i.target) max = std::max(max, *i.target);
    for (const auto& [date, value] : i.milestones) max = std::max(max, value);
    std::int64_t step = axis_step(max), top_value = (max + step - 1) / step * step;
    // Each month in the middle of its band: no point sits on the axis, no label runs off the edge.
    auto x_of = [&](std::size_t idx) {
      return left + plot_w * (static_cast<double>(idx) + 0.5) / static_cast<double>(n);
    };
    auto y_of = [&](std::int64_t v) {
      return base - plot_h * static_cast<double>(v) / static_cast<double>(top_value);
    };

    std::string hatch;
    std::string svg = svg_open(static_cast<int>(width), static_cast<int>(height),
                               std::string(l_.series_chart) + ": " + i.name) +
                      hatch_pattern(hatch);
    // Grid and the value axis.
    for (std::int64_t v = 0; v <= top_value; v += step) {
      svg += "<line x1=\"" + px(left) + "\" x2=\"" + px(left + plot_w) + "\" y1=\"" + px(y_of(v)) + "\" y2=\"" +
             px(y_of(v)) + "\" stroke=\"" + (v == 0 ? "#333" : "#ddd") + "\"/>";
      svg += text(left - 6, y_of(v) + 4, grouped(v, l_), "end");
    }
    svg += "<line x1=\"" + px(left) + "\" x2=\"" + px(left) + "\" y1=\"" + px(top) + "\" y2=\"" + px(base) +
           "\" stroke=\"#333\"/>";
    // Month labels slanted so that a year fits, thinned out past two years.
    std::size_t every = (n + 23) / 24;
    for (std::size_t idx = 0; idx < n; idx += every) {
      double x = x_of(idx) + 4, y = base + 12;
      svg += text(x, y, esc(i.by_month[idx].first), "end",
                  "font-size=\"10\" transform=\"rotate(-40 " + px(x) + " " + px(y) + ")\"");
    }
    svg += text(left + plot_w / 2, height - 6, esc(l_.month), "middle", "font-weight=\"bold\"");
    svg += text(14, top + plot_h / 2, esc(short_label(i.counts, 40)), "middle",
                "font-weight=\"bold\" transform=\"rotate(-90 14 " + px(top + plot_h / 2) + ")\"");
    if (i.target)
      svg += "<line x1=\"" + px(left) + "\" x2=\"" + px(left + plot_w) + "\" y1=\"" + px(y_of(*i.target)) +
             "\" y2=\"" + px(y_of(*i.target)) + "\" stroke=\"" + std::string(kTargetColour) +
             "\" stroke-dasharray=\"6 4\"/>" +
             text(left + 4, y_of(*i.target) - 5, esc(l_.target) + " " + grouped(*i.target, l_));
    // The line, broken at hidden months.
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + std::string(kLineColour) +
               "\" stroke-width=\"2\"/>";
      points.clear();
    };
    for (std::size_t idx = 0; idx < n; ++idx) {
      const Count& v = i.by_month[idx].second;
      if (!v) {
        flush();
        continue;
      }
      points += (points.empty() ? "" : " ") + px(x_of(idx)) + "," + px(y_of(*v));
    }
    flush();
    for (std::size_t idx = 0; idx < n; ++idx) {
      const Count& v = i.by_month[idx].second;
      if (v)
        svg += "<circle cx=\"" + px(x_of(idx)) + "\" cy=\"" + px(y_of(*v)) + "\" r=\"3\" fill=\"" +
               std::string(kLineColour) + "\"/>";
      else
        svg += "<rect x=\"" + px(x_of(idx) - 5) + "\" y=\"" + px(base - 10) + "\" width=\"10\" height=\"10\" fill=\"url(#" +
               hatch + ")\" stroke=\"#666\"/>";
    }
    // Milestones in the months shown.
    bool any_milestone = false;
    for (const auto& [date, value] : i.milestones) {
      for (std::size_t idx = 0; idx < n; ++idx) {
        if (date.compare(0, 7, i.by_month[idx].first) != 0) continue;
        double x = x_of(idx), y = y_of(value);
        svg += "<path d=\"M" + px(x) + " " + px(y - 6) + " L" + px(x + 6) + " " + px(y) + " L" + px(x) + " " +
               px(y + 6) + " L" + px(x - 6) + " " + px(y) + " Z\" fill=\"" + std::string(kMilestoneColour) + "\"/>";
        any_milestone = true;
      }
    }
    // Legend along the top.
    double lx = left;
    svg += "<line x1=\"" + px(lx) + "\" x2=\"" + px(lx + 18) + "\" y1=\"12\" y2=\"12\" stroke=\"" +
           std::string(kLineColour) + "\" stroke-width=\"2\"/>" + text(lx + 24, 16, esc(l_.value));
    lx += 110;
    if (i.target) {
      svg += "<line x1=\"" + px(lx) + "\" x2=\"" + px(lx + 18) + "\" y1=\"12\" y2=\"12\" stroke=\"" +
             std::string(kTargetColour) + "\" stroke-dasharray=\"6 4\"/>" + text(lx + 24, 16, esc(l_.target));
      lx += 110;
    }
    if (any_milestone) {
      svg += "<path d=\"M" + px(lx + 9) + " 6 L" + px(lx + 15) + " 12 L" + px(lx + 9) + " 18 L" + px(lx + 3) +
             " 12 Z\" fill=\"" + std::string(kMilestoneColour) + "\"/>" + text(lx + 24, 16, esc(l_.milestone));
      lx += 110;
    }
    if (any_hidden) svg += hidden_legend_svg(lx, 16, hatch);
    out_ += svg + svg_close();
  }

  // One horizontal bar per category, the value at its end; hidden cells as hatched stubs.
  void breakdown(const ReportIndicator& i, const ReportBreakdown& b) {
    out_ += "<h4>" + esc(b.dimension) + "</h4>";
    constexpr double width = 640, label_w = 200, bar_w = 340, row_h = 24, top = 6;
    bool any_hidden = !b.total;
    std::int64_t max = 0;
    for (const auto& c : b.cells) {
      if (c.value) max = std::max(max, *c.value);
      else any_hidden = true;
    }
    bool hidden_cells = std::any_of(b.cells.begin(), b.cells.end(), [](const ReportCell& c) { return !c.value; });
    double scale = static_cast<double>(std::max<std::int64_t>({max, hidden_cells ? r_.k : 0, 1}));
    double height = top + row_h * static_cast<double>(b.cells.size()) + (any_hidden ? 26 : 6);
    if (!b.cells.empty()) {
      std::string hatch;
      std::string svg = svg_open(static_cast<int>(width), static_cast<int>(height),
                                 std::string(l_.breakdown_chart) + " " + b.dimension + ": " + i.name) +
                        hatch_pattern(hatch);
      for (std::size_t idx = 0; idx < b.cells.size(); ++idx) {
        const ReportCell& c = b.cells[idx];
        double y = top + row_h * static_cast<double>(idx);
        svg += text(label_w - 8, y + 16, esc(short_label(c.category, 30)), "end");
        double w;
        if (c.value) {
          w = bar_w * static_cast<double>(std::max<std::int64_t>(*c.value, 0)) / scale;
          svg += "<rect x=\"" + px(label_w) + "\" y=\"" + px(y + 3) + "\" width=\"" + px(w) + "\" height=\"" +
                 px(row_h - 6) + "\" fill=\"" + std::string(kBarColour) + "\"/>";
        } else {
          w = std::max(6.0, bar_w * static_cast<double>(r_.k) / scale);
          svg += "<rect x=\"" + px(label_w) + "\" y=\"" + px(y + 3) + "\" width=\"" + px(w) + "\" height=\"" +
                 px(row_h - 6) + "\" fill=\"url(#" + hatch + ")\" stroke=\"#666\"/>";
        }
        svg += text(label_w + w + 6, y + 16, count_html(c.value));
      }
      svg += "<line x1=\"" + px(label_w) + "\" x2=\"" + px(label_w) + "\" y1=\"" + px(top) + "\" y2=\"" +
             px(top + row_h * static_cast<double>(b.cells.size())) + "\" stroke=\"#333\"/>";
      if (any_hidden) svg += hidden_legend_svg(label_w, height - 8, hatch);
      out_ += svg + svg_close();
    }
    out_ += "<table><caption>" + esc(b.dimension) + "</caption><thead><tr><th scope=\"col\">" + esc(l_.category) +
            "</th><th scope=\"col\" class=\"num\">" + esc(l_.value) + "</th></tr></thead><tbody>";
    for (const auto& c : b.cells) out_ += "<tr><th scope=\"row\">" + esc(c.category) + "</th>" + count_cell(c.value) + "</tr>";
    out_ += "</tbody><tfoot><tr><th scope=\"row\">" + esc(l_.total) + "</th>" + count_cell(b.total) +
            "</tr></tfoot></table>";
  }

  const FunderReport& r_;
  const Labels& l_;
  std::string out_;
  int next_id_ = 0;
};

}  // namespace

std::string report_html(const FunderReport& r) { return Html(r).document(); }

}  // namespace passerelle::reports
