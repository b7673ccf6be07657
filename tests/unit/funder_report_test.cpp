#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "reports/funder_report.h"
#include "reports/pdf_renderer.h"

using namespace passerelle::reports;
namespace fs = std::filesystem;

namespace {

// A small report touching every section: a hidden headline value, hidden months and cells, a
// milestone, and texts that a spreadsheet would take for formulas.
FunderReport small_report() {
  FunderReport r;
  r.organisation = "Passerelle, Lyon";
  r.project_name = "Safe \"Homes\"";
  r.project_code = "SH-25";
  r.aims = "Shelter\nand support";
  r.period_from = "2025-01-01";
  r.period_to = "2025-03-31";
  r.generated_at = "2025-04-02";
  r.k = 5;
  r.funders = {{"=HYPERLINK(\"x\")", 1250050, "EUR"}, {"City", 99, "EUR"}};
  r.partners = {{"-1+1 Association", "FR"}, {"@home", ""}};
  r.narrative = {{"Context", "+33 is France"}, {"Quote", "'=already"}};
  ReportIndicator people;
  people.name = "People reached";
  people.counts = "People";
  people.value = 42;
  people.target = 100;
  people.by_month = {{"2025-01", 12}, {"2025-02", std::nullopt}, {"2025-03", 42}};
  people.milestones = {{"2025-02-28", 20}};
  people.breakdowns = {{"Gender", {{"Woman", 30}, {"Man", std::nullopt}, {"Non-binary", std::nullopt}}, 42}};
  ReportIndicator workshops;
  workshops.name = "Workshops";
  workshops.counts = "Sessions";
  workshops.value = std::nullopt;
  workshops.by_month = {{"2025-03", 7}};
  r.indicators = {people, workshops};
  return r;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// --- Reading an .xlsx back: its zip central directory, entries inflated with zlib -------------

std::uint32_t le(const std::string& z, std::size_t at, int bytes) {
  if (at + bytes > z.size()) throw std::runtime_error("zip: out of bounds");
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(z[at + i]);
  return v;
}

std::string inflate_raw(const std::string& data, std::size_t size) {
  if (size == 0) return "";
  std::string out(size, '\0');
  z_stream s{};
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK) throw std::runtime_error("zip: inflateInit2");
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&s, Z_FINISH);
  inflateEnd(&s);
  if (rc != Z_STREAM_END || s.total_out != size) throw std::runtime_error("zip: inflate");
  return out;
}

// Every entry of the zip by name; throws on anything malformed, including a bad CRC.
std::map<std::string, std::string> unzip(const std::string& z) {
  std::size_t end = z.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) throw std::runtime_error("zip: no end of central directory");
  std::size_t entries = le(z, end + 10, 2), at = le(z, end + 16, 4);
  std::map<std::string, std::string> files;
  for (std::size_t i = 0; i < entries; ++i) {
    if (le(z, at, 4) != 0x02014b50) throw std::runtime_error("zip: bad central entry");
    std::uint32_t method = le(z, at + 10, 2), crc = le(z, at + 16, 4), packed = le(z, at + 20, 4),
                  size = le(z, at + 24, 4), name_len = le(z, at + 28, 2), extra_len = le(z, at + 30, 2),
                  comment_len = le(z, at + 32, 2), local = le(z, at + 42, 4);
    std::string name = z.substr(at + 46, name_len);
    if (le(z, local, 4) != 0x04034b50) throw std::runtime_error("zip: bad local header");
    std::size_t data_at = local + 30 + le(z, local + 26, 2) + le(z, local + 28, 2);
    if (data_at + packed > z.size()) throw std::runtime_error("zip: truncated");
    std::string data = z.substr(data_at, packed);
    std::string content = method == 0 ? data : method == 8 ? inflate_raw(data, size) : throw std::runtime_error("zip: method");
    if (crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())) != crc)
      throw std::runtime_error("zip: CRC");
    files[name] = content;
    at += 46 + name_len + extra_len + comment_len;
  }
  return files;
}

std::string xml_unescape(std::string s) {
  for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    std::string f = from;
    for (std::size_t at = s.find(f); at != std::string::npos; at = s.find(f, at + 1)) s.replace(at, f.size(), to);
  }
  return s;
}

// A workbook read back: shared strings resolved, a cell's shown value by reference ("C2").
struct Workbook {
  std::map<std::string, std::string> files;
  std::vector<std::string> shared;

  explicit Workbook(const std::string& bytes) : files(unzip(bytes)) {
    const std::string& sst = files["xl/sharedStrings.xml"];
    for (std::size_t at = sst.find("<si>"); at != std::string::npos; at = sst.find("<si>", at + 1)) {
      std::size_t t = sst.find("<t", at), open = sst.find('>', t), close = sst.find("</t>", open);
      shared.push_back(xml_unescape(sst.substr(open + 1, close - open - 1)));
    }
  }

  const std::string& sheet(int n) { return files["xl/worksheets/sheet" + std::to_string(n) + ".xml"]; }

  // The cell's value (a string for shared strings), "" for an empty or missing cell;
  // `type` gets "s" for a string cell, "n" for a number.
  std::string cell(int n, const std::string& ref, std::string* type = nullptr) {
    const std::string& xml = sheet(n);
    std::size_t at = xml.find("<c r=\"" + ref + "\"");
    if (type) *type = "";
    if (at == std::string::npos) return "";
    std::size_t tag_end = xml.find('>', at);
    std::string tag = xml.substr(at, tag_end - at);
    if (!tag.empty() && tag.back() == '/') return "";
    std::size_t close = xml.find("</c>", tag_end);
    std::string inner = xml.substr(tag_end + 1, close - tag_end - 1);
    std::size_t v = inner.find("<v>");
    if (v == std::string::npos) return "";
    std::string value = inner.substr(v + 3, inner.find("</v>") - v - 3);
    bool is_string = tag.find("t=\"s\"") != std::string::npos;
    if (type) *type = is_string ? "s" : "n";
    return is_string ? shared.at(std::stoul(value)) : value;
  }
};

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "funder-report-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

// --- CSV ---------------------------------------------------------------------------------------

TEST(FunderReportCsv, ExactOutput) {
  std::string expected =
      "\xEF\xBB\xBF"
      "Item,Value\r\n"
      "Organisation,\"Passerelle, Lyon\"\r\n"
      "Project,\"Safe \"\"Homes\"\"\"\r\n"
      "Project code,SH-25\r\n"
      "Aims,\"Shelter\nand support\"\r\n"
      "Period from,2025-01-01\r\n"
      "Period to,2025-03-31\r\n"
      "Generated on,2025-04-02\r\n"
      "Note,\"Cells of fewer than 5 people, and the cells that would reveal them, are hidden\"\r\n"
      "\r\n"
      "Funder,Amount,Currency\r\n"
      "\"'=HYPERLINK(\"\"x\"\")\",12500.50,EUR\r\n"
      "City,0.99,EUR\r\n"
      "\r\n"
      "Partner,Country\r\n"
      "'-1+1 Association,FR\r\n"
      "'@home,\r\n"
      "\r\n"
      "Section,Text\r\n"
      "Context,'+33 is France\r\n"
      "Quote,''=already\r\n"
      "\r\n"
      "Indicator,What is counted,Value,Target,Progress (%)\r\n"
      "People reached,People,42,100,42\r\n"
      "Workshops,Sessions,c,,\r\n"
      "\r\n"
      "Month,People reached,Workshops\r\n"
      "2025-01,12,\r\n"
      "2025-02,c,\r\n"
      "2025-03,42,7\r\n"
      "\r\n"
      "Indicator,Date,Milestone\r\n"
      "People reached,2025-02-28,20\r\n"
      "\r\n"
      "Indicator,Dimension,Category,Value\r\n"
      "People reached,Gender,Woman,30\r\n"
      "People reached,Gender,Man,c\r\n"
      "People reached,Gender,Non-binary,c\r\n"
      "People reached,Gender,Total,42\r\n";
  EXPECT_EQ(report_csv(small_report()), expected);
}

TEST(FunderReportCsv, InjectionAndQuotingOfEveryFormulaStart) {
  FunderReport r;
  for (std::string name : {"=1+2", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd", "a,b", " padded "})
    r.partners.push_back({name, ""});
  std::string csv = report_csv(r);
  std::size_t at = csv.find("Partner,Country\r\n");
  ASSERT_NE(at, std::string::npos);
  std::string section = csv.substr(at, csv.find("\r\n\r\n", at) - at);
  EXPECT_EQ(section,
            "Partner,Country\r\n'=1+2,\r\n'+1,\r\n'-1,\r\n'@SUM(A1),\r\n'\tcmd,\r\n\"'\rcmd\",\r\n\"a,b\",\r\n"
            "\" padded \",");
}

TEST(FunderReportCsv, FrenchLabelsAndThreshold) {
  FunderReport r = small_report();
  r.language = "fr";
  r.k = 10;
  r.indicators[0].value = std::nullopt;
  std::string csv = report_csv(r);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFRubrique,Valeur\r\n", 0), 0u);
  EXPECT_NE(csv.find("Remarque,\"Les cellules de moins de 10 personnes, et celles qui permettraient de les retrouver, sont masquées\"\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Indicateur,Ce qui est compté,Valeur,Cible,Avancement (%)\r\n"), std::string::npos);
  // A hidden value has no progress either: the percentage would give it away.
  EXPECT_NE(csv.find("People reached,People,c,100,\r\n"), std::string::npos);
  EXPECT_EQ(csv.find("Item,Value"), std::string::npos);
}

// --- XLSX --------------------------------------------------------------------------------------

TEST(FunderReportXlsx, SheetsHoldNumbersAsNumbersAndHiddenCellsAsText) {
  Workbook wb(report_xlsx(small_report()));
  const std::string& workbook = wb.files["xl/workbook.xml"];
  for (std::string name : {"Summary", "Indicators", "Over time", "Breakdowns", "Milestones"})
    EXPECT_NE(workbook.find("name=\"" + name + "\""), std::string::npos) << name;
  std::string type;

  // Summary.
  EXPECT_EQ(wb.cell(1, "A1"), "Funder report");
  EXPECT_EQ(wb.cell(1, "B1"), "Safe \"Homes\"");
  EXPECT_EQ(wb.cell(1, "B2"), "Passerelle, Lyon");
  EXPECT_EQ(wb.cell(1, "B7"), "Cells of fewer than 5 people, and the cells that would reveal them, are hidden");
  EXPECT_EQ(wb.cell(1, "A9"), "Funder");
  EXPECT_EQ(wb.cell(1, "A10", &type), "=HYPERLINK(\"x\")");
  EXPECT_EQ(type, "s");  // text, not a formula
  EXPECT_EQ(wb.cell(1, "B10", &type), "12500.5");
  EXPECT_EQ(type, "n");
  EXPECT_EQ(wb.cell(1, "C10"), "EUR");
  EXPECT_EQ(wb.cell(1, "A14"), "-1+1 Association");

  // Indicators.
  EXPECT_EQ(wb.cell(2, "A2"), "People reached");
  EXPECT_EQ(wb.cell(2, "C2", &type), "42");
  EXPECT_EQ(type, "n");
  EXPECT_EQ(wb.cell(2, "D2"), "100");
  EXPECT_EQ(wb.cell(2, "E2"), "0.42");
  EXPECT_EQ(wb.cell(2, "C3", &type), "c");
  EXPECT_EQ(type, "s");
  EXPECT_EQ(wb.cell(2, "D3"), "");
  EXPECT_EQ(wb.cell(2, "E3"), "");

  // Over time: month × indicator.
  EXPECT_EQ(wb.cell(3, "B1"), "People reached");
  EXPECT_EQ(wb.cell(3, "C1"), "Workshops");
  EXPECT_EQ(wb.cell(3, "A2"), "2025-01");
  EXPECT_EQ(wb.cell(3, "B2"), "12");
  EXPECT_EQ(wb.cell(3, "B3"), "c");
  EXPECT_EQ(wb.cell(3, "C2"), "");
  EXPECT_EQ(wb.cell(3, "C4"), "7");

  // Breakdowns.
  EXPECT_EQ(wb.cell(4, "B2"), "Gender");
  EXPECT_EQ(wb.cell(4, "C2"), "Woman");
  EXPECT_EQ(wb.cell(4, "D2"), "30");
  EXPECT_EQ(wb.cell(4, "D3"), "c");
  EXPECT_EQ(wb.cell(4, "C5"), "Total");
  EXPECT_EQ(wb.cell(4, "D5"), "42");

  // Milestones.
  EXPECT_EQ(wb.cell(5, "B2"), "2025-02-28");
  EXPECT_EQ(wb.cell(5, "C2"), "20");

  for (int n = 1; n <= 5; ++n) {
    const std::string& xml = wb.sheet(n);
    ASSERT_FALSE(xml.empty()) << n;
    EXPECT_EQ(xml.find("<f>"), std::string::npos) << "no formulas, sheet " << n;
    EXPECT_NE(xml.find("<pane ySplit=\"1\""), std::string::npos) << "frozen header, sheet " << n;
    EXPECT_NE(xml.find("<col "), std::string::npos) << "column widths, sheet " << n;
  }
  EXPECT_NE(wb.files["xl/styles.xml"].find("<b/>"), std::string::npos);
  EXPECT_EQ(wb.files.count("xl/worksheets/_rels/sheet1.xml.rels"), 0u) << "no hyperlinks";
}

TEST(FunderReportXlsx, FrenchSheetNames) {
  FunderReport r = small_report();
  r.language = "fr";
  Workbook wb(report_xlsx(r));
  const std::string& workbook = wb.files["xl/workbook.xml"];
  for (std::string name : {"Synthèse", "Indicateurs", "Évolution", "Ventilations", "Jalons"})
    EXPECT_NE(workbook.find("name=\"" + name + "\""), std::string::npos) << name;
  EXPECT_EQ(wb.cell(1, "A1"), "Rapport aux financeurs");
  EXPECT_EQ(wb.cell(1, "B7"), "Les cellules de moins de 5 personnes, et celles qui permettraient de les retrouver, sont masquées");
}

TEST(FunderReportXlsx, LongTextIsCutAtACellsLimit) {
  FunderReport r;
  r.narrative = {{"Long", std::string(40000, 'a')}};
  Workbook wb(report_xlsx(r));
  std::string text;
  for (const auto& s : wb.shared) text = s.size() > text.size() ? s : text;
  EXPECT_EQ(text.size(), 32767u);
}

TEST(FunderReportXlsx, LeavesNoTemporaryFiles) {
  TempDir tmp;
  const char* before = std::getenv("TMPDIR");
  std::string saved = before ? before : "";
  ::setenv("TMPDIR", tmp.path.c_str(), 1);
  std::string bytes = report_xlsx(small_report());
  if (before)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  EXPECT_EQ(bytes.rfind("PK\x03\x04", 0), 0u);
  EXPECT_TRUE(fs::is_empty(tmp.path));
}

// --- HTML --------------------------------------------------------------------------------------

TEST(FunderReportHtml, HoldsEveryValueAndEachChartIsFollowedByItsTable) {
  std::string html = report_html(small_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html><html lang=\"en\">", 0), 0u);
  EXPECT_EQ(html.substr(html.size() - 7), "</html>");
  EXPECT_NE(html.find("<h1>Safe &quot;Homes&quot;</h1>"), std::string::npos);
  EXPECT_NE(html.find("Passerelle, Lyon"), std::string::npos);
  EXPECT_NE(html.find("12,500.50"), std::string::npos);
  EXPECT_NE(html.find("-1+1 Association"), std::string::npos);
  EXPECT_NE(html.find("<p>Shelter<br>and support</p>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Context</h2><p>+33 is France</p>"), std::string::npos);
  // The overview table and each indicator's tables.
  EXPECT_NE(html.find("<tr><td>People reached</td><td>People</td><td class=\"num\">42</td><td class=\"num\">100</td>"
                      "<td class=\"num\">42%</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>Workshops</td><td>Sessions</td><td class=\"num hidden-cell\">c</td>"
                      "<td class=\"num\">No target</td>"),
            std::string::npos);
  for (std::string row : {"<tr><th scope=\"row\">2025-01</th><td class=\"num\">12</td></tr>",
                          "<tr><th scope=\"row\">2025-02</th><td class=\"num hidden-cell\">c</td></tr>",
                          "<tr><th scope=\"row\">2025-03</th><td class=\"num\">42</td></tr>",
                          "<tr><th scope=\"row\">2025-03</th><td class=\"num\">7</td></tr>",
                          "<tr><th scope=\"row\">2025-02-28</th><td class=\"num\">20</td></tr>",
                          "<tr><th scope=\"row\">Woman</th><td class=\"num\">30</td></tr>",
                          "<tr><th scope=\"row\">Man</th><td class=\"num hidden-cell\">c</td></tr>",
                          "<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">42</td></tr></tfoot>"})
    EXPECT_NE(html.find(row), std::string::npos) << row;
  // Charts: People reached has progress, series and one breakdown; Workshops (no target) a series.
  EXPECT_EQ(occurrences(html, "<figure class=\"chart\">"), 4u);
  EXPECT_EQ(occurrences(html, "<svg"), occurrences(html, "</svg>"));
  for (std::size_t at = html.find("</figure>"); at != std::string::npos; at = html.find("</figure>", at + 1))
    EXPECT_EQ(html.compare(at + 9, 6, "<table"), 0) << "a chart without its table at " << at;
  // The series chart has month labels on its axis and the value in the bar chart's label.
  EXPECT_NE(html.find(">2025-01</text>"), std::string::npos);
  EXPECT_NE(html.find(">Month</text>"), std::string::npos);
  EXPECT_NE(html.find(">30</text>"), std::string::npos);
  EXPECT_NE(html.find(">42% (42)</text>"), std::string::npos);
}

TEST(FunderReportHtml, HiddenCellsAreHatchedWithALegend) {
  std::string html = report_html(small_report());
  EXPECT_NE(html.find("<pattern id=\"hatch-"), std::string::npos);
  EXPECT_NE(html.find("fill=\"url(#hatch-"), std::string::npos);
  EXPECT_NE(html.find("c: confidential</text>"), std::string::npos);
  EXPECT_NE(html.find("Cells of fewer than 5 people, and the cells that would reveal them, are hidden"), std::string::npos);
  // No pattern id used twice.
  for (int n = 1; n < 10; ++n)
    EXPECT_LE(occurrences(html, "id=\"hatch-" + std::to_string(n) + "\""), 1u);
  // A report without any hidden cell draws no hatched bar in its charts.
  FunderReport open = small_report();
  open.indicators[0].by_month[1].second = 20;
  open.indicators[0].breakdowns[0].cells = {{"Woman", 30}, {"Man", 12}};
  open.indicators[1].value = 7;
  std::string clear = report_html(open);
  EXPECT_EQ(occurrences(clear, "fill=\"url(#hatch-"), 1u) << "only the title page legend";
}

TEST(FunderReportHtml, EscapesHostileText) {
  FunderReport r = small_report();
  r.project_name = "<script>alert('x')</script>";
  r.narrative = {{"A & B <b>", "<img src=x onerror=alert(1)>"}};
  r.indicators[0].breakdowns[0].cells[0].category = "\"><svg onload=alert(1)>";
  r.indicators[0].name = "</text><script>";
  std::string html = report_html(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("<h2>A &amp; B &lt;b&gt;</h2>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/text&gt;&lt;script&gt;"), std::string::npos);
}

TEST(FunderReportHtml, HasNoExternalResourcesNorScripts) {
  std::string html = report_html(small_report());
  std::string lower = html;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (std::string banned : {"http", "<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "href=",
                             "@import", "javascript:", "onload="})
    EXPECT_EQ(lower.find(banned), std::string::npos) << banned;
  for (std::size_t at = lower.find("url("); at != std::string::npos; at = lower.find("url(", at + 1))
    EXPECT_EQ(lower[at + 4], '#') << "only references inside the document";
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(FunderReportHtml, LabelsSwitchWithLanguage) {
  FunderReport r = small_report();
  r.funders[1].amount_cents = 123456789;
  std::string en = report_html(r);
  r.language = "fr";
  std::string fr = report_html(r);
  EXPECT_NE(en.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(fr.find("lang=\"fr\""), std::string::npos);
  for (std::string label : {"Funder report", "Funders", "Partners", "Progress", "Over time", "What is counted",
                            "No target", "Cells of fewer than 5 people, and the cells that would reveal them, are hidden", "1,234,567.89"}) {
    EXPECT_NE(en.find(label), std::string::npos) << label;
    EXPECT_EQ(fr.find(label), std::string::npos) << label;
  }
  for (std::string label : {"Rapport aux financeurs", "Financeurs", "Partenaires", "Avancement", "Évolution",
                            "Ce qui est compté", "Pas de cible", "Les cellules de moins de 5 personnes, et celles qui permettraient de les retrouver, sont masquées",
                            "1\u202f234\u202f567,89", "42\u00a0%"}) {
    EXPECT_NE(fr.find(label), std::string::npos) << label;
    EXPECT_EQ(en.find(label), std::string::npos) << label;
  }
}

TEST(FunderReportHtml, PrintsToPdfThroughChromium) {
  if (::access("/usr/bin/chromium", X_OK) != 0) GTEST_SKIP() << "/usr/bin/chromium is not installed";
  FunderReport r = small_report();
  r.project_name = "Safe Homes Lyon";
  auto pdf = html_to_pdf(report_html(r));
  ASSERT_TRUE(pdf.pdf) << pdf.error;
  TempDir tmp;
  fs::path file = tmp.path / "report.pdf", text = tmp.path / "report.txt";
  std::ofstream(file, std::ios::binary) << *pdf.pdf;
  std::string command = "pdftotext -enc UTF-8 '" + file.string() + "' '" + text.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << "pdftotext (poppler-utils) failed";
  std::ifstream in(text);
  std::stringstream content;
  content << in.rdbuf();
  std::string s = content.str();
  EXPECT_NE(s.find("Safe Homes Lyon"), std::string::npos);
  EXPECT_NE(s.find("People reached"), std::string::npos);
  EXPECT_NE(s.find("42%"), std::string::npos);
  EXPECT_NE(s.find("2025-02-28"), std::string::npos);
}
