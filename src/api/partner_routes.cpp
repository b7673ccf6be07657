// The directory of partner organisations and national mechanisms: list with filters, read,
// create, correct with a version check, and export / import as CSV or GeoJSON. A confidential
// address (a shelter, an Ac.Sé safe house) and its coordinates are shown only to those who need
// them (access.md, "shelter addresses"): in reads, lists and exports alike.
//
// A JSON body, a CSV row and a GeoJSON feature all become the same JSON object and go through
// the same validation (apply_partner), so the three ways in cannot drift apart.
#include <algorithm>
#include <charconv>
#include <set>

#include "api/json_input.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/permissions.h"
#include "core/person.h"
#include "core/procedures.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

constexpr int kListMax = 1000;  // the directory is hundreds of organisations, not more
constexpr std::size_t kImportRowsMax = 1000;  // an import never makes the export incomplete
constexpr std::size_t kListItemsMax = 30;

// The members a client may send; id, dates, version and address_hidden are the server's.
constexpr std::string_view kWritable[] = {
    "name",    "kind",  "mechanism", "services", "languages", "country", "region",
    "city",    "address", "latitude", "longitude", "address_confidential", "phone",
    "email",   "website", "contact_name", "notes", "active"};

// Export columns, in order; an import accepts the same (created_at, updated_at and version are
// informative and ignored; address_hidden marks a location the exporter could not see).
constexpr std::string_view kColumns[] = {
    "id",      "name",    "kind",    "mechanism", "services", "languages", "country", "region",
    "city",    "address", "latitude", "longitude", "address_confidential", "address_hidden",
    "phone",   "email",   "website", "contact_name", "notes", "active", "created_at",
    "updated_at", "version"};

bool is_writable(std::string_view name) {
  return std::find(std::begin(kWritable), std::end(kWritable), name) != std::end(kWritable);
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    // Continuation bytes that follow the lead byte (9: not a lead byte).
    std::size_t more = c < 0x80                ? 0
                       : c >= 0xc2 && c < 0xe0 ? 1
                       : c >= 0xe0 && c < 0xf0 ? 2
                       : c >= 0xf0 && c < 0xf5 ? 3
                                               : 9;
    if (more == 9 || (more > 0 && i + more >= s.size())) return false;
    for (std::size_t k = 1; k <= more; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    auto c1 = more ? static_cast<unsigned char>(s[i + 1]) : 0;
    // No overlong forms, no UTF-16 surrogates, nothing above U+10FFFF.
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
        (c == 0xf4 && c1 >= 0x90))
      return false;
    i += more + 1;
  }
  return true;
}

// --- Who sees a confidential address -------------------------------------------------------

// Coordinators (perm places.secret), social workers an administrator has granted "shelter
// addresses", and the partner's own users.
bool may_see_location(const Context& ctx, const store::Partner& p) {
  if (!p.address_confidential) return true;
  const core::User& u = *ctx.user;
  if (core::role_has(u.role, core::perm::places_secret)) return true;
  if (u.role == "social_worker" && u.secret_places) return true;
  return u.role == "partner" && u.partner_id && *u.partner_id == p.id;
}

json::object partner_json(const Context& ctx, const store::Partner& p) {
  bool visible = may_see_location(ctx, p);
  auto number = [](const std::optional<double>& d) { return d ? json::value(*d) : json::value(nullptr); };
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["kind"] = p.kind;
  o["mechanism"] = nullable(p.mechanism);
  o["services"] = json::value_from(p.services);
  o["languages"] = json::value_from(p.languages);
  o["country"] = nullable(p.country);
  o["region"] = nullable(p.region);
  o["city"] = nullable(p.city);
  o["address"] = visible && !p.address.empty() ? json::value(p.address) : json::value(nullptr);
  o["latitude"] = visible ? number(p.latitude) : json::value(nullptr);
  o["longitude"] = visible ? number(p.longitude) : json::value(nullptr);
  o["address_confidential"] = p.address_confidential;
  o["address_hidden"] = !visible;
  o["phone"] = nullable(p.phone);
  o["email"] = nullable(p.email);
  o["website"] = nullable(p.website);
  o["contact_name"] = nullable(p.contact_name);
  o["notes"] = nullable(p.notes);
  o["active"] = p.active;
  o["created_at"] = p.created_at;
  o["updated_at"] = p.updated_at;
  o["version"] = p.version;
  return o;
}

// Same content (what an import would change), ignoring dates and version.
bool same_content(const store::Partner& a, const store::Partner& b) {
  return a.name == b.name && a.kind == b.kind && a.mechanism == b.mechanism &&
         a.services == b.services && a.languages == b.languages && a.country == b.country &&
         a.region == b.region && a.city == b.city && a.address == b.address &&
         a.latitude == b.latitude && a.longitude == b.longitude &&
         a.address_confidential == b.address_confidential && a.phone == b.phone &&
         a.email == b.email && a.website == b.website && a.contact_name == b.contact_name &&
         a.notes == b.notes && a.active == b.active;
}

// --- Validation: one path for JSON bodies, CSV rows and GeoJSON features ---------------------

// Reads members of `o` into a partner, collecting errors under `prefix` ("" for a body,
// "row.3." for an import) instead of stopping at the first.
class Reader {
 public:
  Reader(const json::object& o, std::string prefix, FieldErrors& errors)
      : o_(o), prefix_(std::move(prefix)), errors_(errors) {}

  bool has(std::string_view name) const { return o_.contains(name); }
  void error(std::string_view name, std::string code) {
    errors_.add(prefix_ + std::string(name), std::move(code));
    failed_.emplace(name);
  }
  // Already refused: one message per field is enough.
  bool failed(std::string_view name) const { return failed_.count(std::string(name)) > 0; }

  // A text member: null or "" clears (nullopt); otherwise at most `max` code points.
  std::optional<std::string> text(std::string_view name, std::size_t max) {
    const json::value& v = o_.at(name);
    if (v.is_null()) return std::nullopt;
    if (!v.is_string()) {
      error(name, "field.not_string");
      return std::nullopt;
    }
    std::string_view s = v.as_string();
    if (code_points(s) > max) {
      error(name, "field.too_long");
      return std::nullopt;
    }
    if (s.empty()) return std::nullopt;
    return std::string(s);
  }

  std::optional<std::string> code(std::string_view name, bool (*valid)(std::string_view)) {
    auto s = text(name, 64);
    if (s && !valid(*s)) {
      error(name, "field.invalid");
      return std::nullopt;
    }
    return s;
  }

  std::vector<std::string> codes(std::string_view name, bool (*valid)(std::string_view)) {
    const json::value& v = o_.at(name);
    std::vector<std::string> out;
    if (v.is_null()) return out;
    if (!v.is_array() || v.as_array().size() > kListItemsMax) {
      error(name, "field.invalid");
      return out;
    }
    for (const auto& item : v.as_array()) {
      if (!item.is_string() || !valid(item.as_string())) {
        error(name, "field.invalid");
        return {};
      }
      std::string s(item.as_string());
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
    return out;
  }

  std::optional<double> number(std::string_view name, double min, double max) {
    const json::value& v = o_.at(name);
    if (v.is_null()) return std::nullopt;
    if (!v.is_number()) {
      error(name, "field.invalid");
      return std::nullopt;
    }
    double d = v.to_number<double>();
    if (!(d >= min && d <= max)) {
      error(name, "field.invalid");
      return std::nullopt;
    }
    return d;
  }

  std::optional<bool> boolean(std::string_view name) {
    const json::value& v = o_.at(name);
    if (v.is_null()) return std::nullopt;
    if (!v.is_bool()) {
      error(name, "field.not_boolean");
      return std::nullopt;
    }
    return v.as_bool();
  }

 private:
  const json::object& o_;
  std::string prefix_;
  FieldErrors& errors_;
  std::set<std::string> failed_;
};

bool any_language(std::string_view s) { return core::is_language_code(s); }
bool any_country(std::string_view s) { return core::is_country_code(s); }
bool any_kind(std::string_view s) { return core::is_partner_kind(s); }
bool any_service(std::string_view s) { return core::is_partner_service(s); }
bool any_mechanism(std::string_view s) { return core::is_mechanism(s); }

// Applies the members present in `o` to `p` (absent ones stay as they are). `may_see` says
// whether the writer may see the record's current location: one who may not can replace it but
// not make a confidential address public.
void apply_partner(const json::object& o, store::Partner& p, const std::string& prefix,
                   bool may_see, FieldErrors& errors) {
  Reader r(o, prefix, errors);
  for (const auto& member : o)
    if (!is_writable(member.key())) r.error(std::string(member.key().substr(0, 64)), "field.unknown");
  if (r.has("name")) {
    auto v = r.text("name", 200);
    p.name = v.value_or("");
  }
  if (r.has("kind")) p.kind = r.code("kind", any_kind).value_or("");
  if (r.has("mechanism")) p.mechanism = r.code("mechanism", any_mechanism);
  if (r.has("services")) p.services = r.codes("services", any_service);
  if (r.has("languages")) p.languages = r.codes("languages", any_language);
  if (r.has("country")) p.country = r.code("country", any_country);
  if (r.has("region")) p.region = r.text("region", 100);
  if (r.has("city")) p.city = r.text("city", 100);
  if (r.has("address")) p.address = r.text("address", 500).value_or("");
  if (r.has("latitude")) p.latitude = r.number("latitude", -90, 90);
  if (r.has("longitude")) p.longitude = r.number("longitude", -180, 180);
  if (r.has("address_confidential")) {
    bool was = p.address_confidential;
    p.address_confidential = r.boolean("address_confidential").value_or(false);
    if (was && !p.address_confidential && !may_see)
      r.error("address_confidential", "partner.address_secret");
  }
  if (r.has("phone")) p.phone = r.text("phone", 40);
  if (r.has("email")) {
    p.email = r.text("email", 200);
    if (p.email && p.email->find('@') == std::string::npos) r.error("email", "field.invalid");
  }
  if (r.has("website")) {
    // Shown as a link by the web app: only web addresses, never javascript: or data:.
    p.website = r.text("website", 300);
    if (p.website && !p.website->starts_with("https://") && !p.website->starts_with("http://"))
      r.error("website", "field.invalid");
  }
  if (r.has("contact_name")) p.contact_name = r.text("contact_name", 200);
  if (r.has("notes")) p.notes = r.text("notes", 2000);
  if (r.has("active")) p.active = r.boolean("active").value_or(true);

  if (p.name.empty() && (r.has("name") || p.id.empty()) && !r.failed("name"))
    r.error("name", "field.required");
  if (p.kind.empty() && (r.has("kind") || p.id.empty()) && !r.failed("kind"))
    r.error("kind", "field.required");
  // A point needs both coordinates.
  if (p.latitude.has_value() != p.longitude.has_value() && !r.failed("latitude") &&
      !r.failed("longitude"))
    r.error(p.latitude ? "longitude" : "latitude", "field.required");
}

// --- CSV (RFC 4180) --------------------------------------------------------------------------

// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection");
// the import takes it off again.
bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// A cell that starts like a formula, perhaps behind apostrophes: one more apostrophe on export,
// one less on import, so that a text really starting with "'=" survives the round trip too.
bool needs_apostrophe(std::string_view s) {
  std::size_t quotes = s.find_first_not_of('\'');
  return quotes != std::string_view::npos && formula_start(s[quotes]);
}

std::string csv_cell(std::string_view text) {
  std::string s;
  if (needs_apostrophe(text)) s = "'";
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

std::string number_text(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "|") + i;
  return out;
}

std::string to_csv(const Context& ctx, const std::vector<store::Partner>& partners) {
  std::string out = "\xEF\xBB\xBF";  // BOM: spreadsheets then read the file as UTF-8
  for (std::size_t i = 0; i < std::size(kColumns); ++i)
    out += (i ? "," : "") + std::string(kColumns[i]);
  out += "\r\n";
  for (const auto& p : partners) {
    bool visible = may_see_location(ctx, p);
    auto opt = [](const std::optional<std::string>& v) { return csv_cell(v.value_or("")); };
    auto num = [&](const std::optional<double>& d) {
      return visible && d ? number_text(*d) : std::string();
    };
    std::vector<std::string> cells = {
        csv_cell(p.id),
        csv_cell(p.name),
        csv_cell(p.kind),
        opt(p.mechanism),
        csv_cell(joined(p.services)),
        csv_cell(joined(p.languages)),
        opt(p.country),
        opt(p.region),
        opt(p.city),
        csv_cell(visible ? p.address : ""),
        num(p.latitude),
        num(p.longitude),
        p.address_confidential ? "true" : "false",
        visible ? "false" : "true",
        opt(p.phone),
        opt(p.email),
        opt(p.website),
        opt(p.contact_name),
        opt(p.notes),
        p.active ? "true" : "false",
        csv_cell(p.created_at),
        csv_cell(p.updated_at),
        std::to_string(p.version)};
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += "\r\n";
  }
  return out;
}

// Records of an RFC 4180 text (quotes, doubled quotes, CRLF or LF, line breaks inside quotes).
// nullopt when a quote is left open or stray text follows a closing quote.
std::optional<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  std::size_t i = 0;
  bool at_record_start = true;
  while (i < text.size()) {
    char c = text[i];
    at_record_start = false;
    if (c == '"' && cell.empty()) {
      // A quoted cell: up to the closing quote, then a separator or the end of the record.
      ++i;
      for (;;) {
        if (i >= text.size()) return std::nullopt;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') return std::nullopt;
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(cell));
      cell.clear();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      record.push_back(std::move(cell));
      cell.clear();
      records.push_back(std::move(record));
      record.clear();
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      at_record_start = true;
      continue;
    }
    if (c == '"') return std::nullopt;  // a quote in the middle of an unquoted cell
    cell += c;
    ++i;
  }
  if (!at_record_start || !cell.empty() || !record.empty()) {
    record.push_back(std::move(cell));
    records.push_back(std::move(record));
  }
  return records;
}

std::string unsanitised(std::string cell) {
  if (cell.starts_with('\'') && needs_apostrophe(cell)) cell.erase(0, 1);
  return cell;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto bar = s.find('|');
    std::string_view item = s.substr(0, bar);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}

// One row of an import, as the JSON a client would send, plus what only an import carries.
struct ImportRow {
  int number = 0;  // 1-based data row or feature index
  std::optional<std::string> id;
  bool location_hidden = false;  // exported without its location: keep the stored one
  json::object fields;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<ImportRow> rows_from_csv(std::string_view text, FieldErrors& errors) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  auto records = parse_csv(text);
  if (!records || records->empty()) {
    errors.add("file", "field.invalid");
    return {};
  }
  const auto& header = records->front();
  std::vector<std::string> columns;
  for (const auto& raw : header) {
    std::string name = lower(raw);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    if (std::find(std::begin(kColumns), std::end(kColumns), name) == std::end(kColumns))
      errors.add("header." + name.substr(0, 64), "field.unknown");
    else if (std::find(columns.begin(), columns.end(), name) != columns.end())
      errors.add("header." + name, "field.invalid");
    columns.push_back(name);
  }
  if (!errors.empty()) return {};
  if (records->size() - 1 > kImportRowsMax) {
    errors.add("file", "import.too_many_rows");
    return {};
  }
  std::vector<ImportRow> rows;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const auto& record = (*records)[r];
    int number = static_cast<int>(r);
    std::string prefix = "row." + std::to_string(number) + ".";
    if (record.size() == 1 && record[0].empty()) continue;  // a blank line
    if (record.size() != columns.size()) {
      errors.add("row." + std::to_string(number), "import.row_shape");
      continue;
    }
    ImportRow row;
    row.number = number;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c];
      std::string cell = unsanitised(record[c]);
      if (name == "created_at" || name == "updated_at" || name == "version") continue;
      if (name == "id") {
        if (cell.empty()) continue;
        if (!core::is_id(cell)) errors.add(prefix + "id", "field.invalid");
        else row.id = cell;
      } else if (name == "address_hidden") {
        row.location_hidden = lower(cell) == "true";
      } else if (name == "services" || name == "languages") {
        row.fields[name] = json::value_from(split_list(cell));
      } else if (name == "latitude" || name == "longitude") {
        if (cell.empty()) {
          row.fields[name] = nullptr;
          continue;
        }
        double d = 0;
        auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
        if (ec != std::errc{} || ptr != cell.data() + cell.size()) errors.add(prefix + name, "field.invalid");
        else row.fields[name] = d;
      } else if (name == "address_confidential" || name == "active") {
        std::string v = lower(cell);
        if (v.empty()) continue;  // the default on creation, unchanged on update
        if (v != "true" && v != "false") errors.add(prefix + name, "field.not_boolean");
        else row.fields[name] = v == "true";
      } else {
        row.fields[name] = cell.empty() ? json::value(nullptr) : json::value(cell);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

json::object geojson(const Context& ctx, const std::vector<store::Partner>& partners) {
  json::array features;
  for (const auto& p : partners) {
    json::object properties = partner_json(ctx, p);
    json::value geometry = nullptr;
    if (!properties["address_hidden"].as_bool() && p.latitude && p.longitude)
      geometry = json::object{{"type", "Point"}, {"coordinates", json::array{*p.longitude, *p.latitude}}};
    properties.erase("latitude");
    properties.erase("longitude");
    features.push_back(json::object{{"type", "Feature"},
                                    {"id", p.id},
                                    {"geometry", std::move(geometry)},
                                    {"properties", std::move(properties)}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

std::vector<ImportRow> rows_from_geojson(std::string_view text, FieldErrors& errors) {
  json::parse_options options;
  options.max_depth = 32;
  json::error_code ec;
  json::value doc = json::parse(text, ec, {}, options);
  const json::array* features = nullptr;
  if (!ec && doc.is_object()) {
    const auto& o = doc.as_object();
    auto type = o.find("type");
    auto list = o.find("features");
    if (type != o.end() && type->value() == "FeatureCollection" && list != o.end() &&
        list->value().is_array())
      features = &list->value().as_array();
  }
  if (!features) {
    errors.add("file", "field.invalid");
    return {};
  }
  if (features->size() > kImportRowsMax) {
    errors.add("file", "import.too_many_rows");
    return {};
  }
  std::vector<ImportRow> rows;
  int number = 0;
  for (const auto& f : *features) {
    ++number;
    std::string prefix = "row." + std::to_string(number) + ".";
    if (!f.is_object() || f.as_object().find("type") == f.as_object().end() ||
        f.as_object().at("type") != "Feature") {
      errors.add("row." + std::to_string(number), "field.invalid");
      continue;
    }
    const auto& feature = f.as_object();
    ImportRow row;
    row.number = number;
    if (auto it = feature.find("properties"); it != feature.end() && !it->value().is_null()) {
      if (!it->value().is_object()) {
        errors.add(prefix + "properties", "field.invalid");
        continue;
      }
      row.fields = it->value().as_object();
    }
    // What the export adds beside the writable fields.
    auto take = [&](std::string_view name) -> std::optional<json::value> {
      auto it = row.fields.find(name);
      if (it == row.fields.end()) return std::nullopt;
      json::value v = it->value();
      row.fields.erase(it);
      return v;
    };
    std::optional<json::value> id = take("id");
    if (!id || id->is_null())
      if (auto it = feature.find("id"); it != feature.end()) id = it->value();
    if (id && !id->is_null()) {
      if (!id->is_string() || !core::is_id(id->as_string())) errors.add(prefix + "id", "field.invalid");
      else row.id = std::string(id->as_string());
    }
    if (auto hidden = take("address_hidden"); hidden && hidden->is_bool()) row.location_hidden = hidden->as_bool();
    for (auto name : {"created_at", "updated_at", "version"}) take(name);
    // Coordinates travel in the geometry only.
    for (auto name : {"latitude", "longitude"})
      if (row.fields.contains(name)) errors.add(prefix + name, "field.unknown");
    if (auto it = feature.find("geometry"); it != feature.end()) {
      const json::value& g = it->value();
      if (g.is_null()) {
        row.fields["latitude"] = nullptr;
        row.fields["longitude"] = nullptr;
      } else {
        const json::array* c = nullptr;
        if (g.is_object() && g.as_object().contains("type") && g.as_object().at("type") == "Point" &&
            g.as_object().contains("coordinates") && g.as_object().at("coordinates").is_array())
          c = &g.as_object().at("coordinates").as_array();
        if (!c || c->size() < 2 || !(*c)[0].is_number() || !(*c)[1].is_number()) {
          errors.add(prefix + "geometry", "field.invalid");
        } else {
          row.fields["longitude"] = (*c)[0];
          row.fields["latitude"] = (*c)[1];
        }
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// --- Requests ----------------------------------------------------------------------------------

store::PartnerFilter filter_from_query(const Context& ctx) {
  store::PartnerFilter f;
  FieldErrors errors;
  f.text = query_param(ctx.req, "q", 200).value_or("");
  auto vocab = [&](const char* name, bool (*valid)(std::string_view)) {
    auto v = query_param(ctx.req, name, 64).value_or("");
    if (!v.empty() && !valid(v)) errors.add(name, "field.invalid");
    return v;
  };
  f.kind = vocab("kind", any_kind);
  f.service = vocab("service", any_service);
  f.language = vocab("language", any_language);
  f.country = vocab("country", any_country);
  f.mechanism = vocab("mechanism", any_mechanism);
  auto inactive = query_param(ctx.req, "include_inactive", 5).value_or("false");
  if (inactive != "true" && inactive != "false") errors.add("include_inactive", "field.invalid");
  f.include_inactive = inactive == "true";
  errors.throw_if_any(400);
  return f;
}

void check_mechanism_free(Context& ctx, store::Tx& tx, const store::Partner& p) {
  if (!p.mechanism) return;
  auto holder = ctx.store().partners().find_by_mechanism(tx, *p.mechanism);
  if (holder && holder->id != p.id)
    throw Problem(409, "conflict", {{"mechanism", "partner.mechanism_taken"}});
}

std::string format_param(const Context& ctx) {
  auto format = query_param(ctx.req, "format", 10).value_or("");
  if (format != "csv" && format != "geojson") throw Problem(400, "validation", {{"format", "field.invalid"}});
  return format;
}

}  // namespace

Response partners_list(Context& ctx) {
  store::PartnerFilter filter = filter_from_query(ctx);
  json::array items;
  ctx.store().db().read([&](store::Tx& tx) {
    for (const auto& p : ctx.store().partners().list(tx, filter, kListMax))
      items.push_back(partner_json(ctx, p));
  });
  return json_response(200, json::object{{"items", std::move(items)}});
}

Response partners_create(Context& ctx) {
  auto body = parse_object(ctx.req);
  store::Partner p;
  FieldErrors errors;
  apply_partner(body, p, "", true, errors);
  errors.throw_if_any();
  p.id = core::new_id();
  p.created_at = p.updated_at = core::now_iso8601();
  store::Store& s = ctx.store();
  s.db().write([&](store::Tx& tx) {
    check_mechanism_free(ctx, tx, p);
    s.partners().create(tx, p);
    auto event = ctx.audit("partner.create", "partner", p.id);
    event.details = json::serialize(json::object{{"kind", p.kind}});
    s.audit().append(tx, event);
  });
  Response r = with_etag(json_response(201, partner_json(ctx, p)), p.version);
  r.headers["location"] = "/api/v1/partners/" + p.id;
  return r;
}

Response partners_get(Context& ctx) {
  std::optional<store::Partner> p;
  ctx.store().db().read([&](store::Tx& tx) { p = ctx.store().partners().find(tx, ctx.param("id")); });
  if (!p) throw Problem(404, "not-found");
  return with_etag(json_response(200, partner_json(ctx, *p)), p->version);
}

Response partners_patch(Context& ctx) {
  auto body = parse_object(ctx.req);
  std::int64_t version = if_match_version(ctx.req);
  store::Store& s = ctx.store();
  std::optional<store::Partner> current, stored;
  store::UpdateOutcome outcome = store::UpdateOutcome::not_found;
  std::vector<std::string> changed;
  for (const auto& [k, v] : body) changed.emplace_back(k);
  s.db().write([&](store::Tx& tx) {
    current = s.partners().find(tx, ctx.param("id"));
    if (!current) return;
    store::Partner next = *current;
    FieldErrors errors;
    apply_partner(body, next, "", may_see_location(ctx, *current), errors);
    errors.throw_if_any();
    if (current->version != version) {
      outcome = store::UpdateOutcome::version_conflict;
      return;
    }
    check_mechanism_free(ctx, tx, next);
    next.updated_at = core::now_iso8601();
    outcome = s.partners().update(tx, next, version);
    if (outcome != store::UpdateOutcome::updated) return;
    auto event = ctx.audit("partner.update", "partner", next.id);
    event.details = json::serialize(json::object{{"fields", json::value_from(changed)}});
    s.audit().append(tx, event);
    stored = s.partners().find(tx, next.id);
  });
  if (outcome == store::UpdateOutcome::not_found) throw Problem(404, "not-found");
  if (outcome == store::UpdateOutcome::version_conflict) {
    throw_version_conflict(current->version, partner_json(ctx, *current), json::value_from(changed));
  }
  return with_etag(json_response(200, partner_json(ctx, *stored)), stored->version);
}

Response partners_export(Context& ctx) {
  std::string format = format_param(ctx);
  store::PartnerFilter all;
  all.include_inactive = true;
  store::Store& s = ctx.store();
  std::vector<store::Partner> partners;
  s.db().read([&](store::Tx& tx) { partners = s.partners().list(tx, all, kListMax); });
  auto event = ctx.audit("partner.export");
  event.details = json::serialize(json::object{{"format", format}, {"count", partners.size()}});
  s.db().write([&](store::Tx& tx) { s.audit().append(tx, event); });
  Response r;
  r.status = 200;
  if (format == "csv") {
    r.headers["content-type"] = "text/csv; charset=utf-8";
    r.headers["content-disposition"] = "attachment; filename=\"partners.csv\"";
    r.body = to_csv(ctx, partners);
  } else {
    r.headers["content-type"] = "application/geo+json";
    r.headers["content-disposition"] = "attachment; filename=\"partners.geojson\"";
    r.body = json::serialize(geojson(ctx, partners));
  }
  return r;
}

Response partners_import(Context& ctx) {
  std::string format = format_param(ctx);
  std::string_view type = ctx.req.header("content-type");
  type = type.substr(0, type.find(';'));
  bool type_ok = format == "csv" ? (type == "text/csv" || type == "text/plain")
                                 : (type == "application/geo+json" || type == "application/json");
  if (!type_ok) throw Problem(415, "unsupported-media-type");
  if (!valid_utf8(ctx.req.body)) throw Problem(422, "validation", {{"file", "field.invalid"}});

  FieldErrors errors;
  std::vector<ImportRow> rows =
      format == "csv" ? rows_from_csv(ctx.req.body, errors) : rows_from_geojson(ctx.req.body, errors);
  // A file that cannot be read at all stops here; otherwise every row is checked below, so that
  // one answer lists everything to correct.
  if (rows.empty()) errors.throw_if_any();

  store::Store& s = ctx.store();
  int created = 0, updated = 0, unchanged = 0;
  std::string now = core::now_iso8601();
  s.db().write([&](store::Tx& tx) {
    // First every row is matched and checked; nothing is written unless all of them pass.
    struct Planned {
      store::Partner partner;
      std::optional<store::Partner> before;
    };
    std::vector<Planned> plan;
    std::set<std::string> targets, mechanisms, new_names;
    for (const auto& row : rows) {
      std::string prefix = "row." + std::to_string(row.number) + ".";
      std::optional<store::Partner> existing;
      if (row.id) existing = s.partners().find(tx, *row.id);
      auto text_of = [&](const char* name) -> std::string {
        auto it = row.fields.find(name);
        return it != row.fields.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                                 : std::string();
      };
      if (!existing && !text_of("mechanism").empty() && core::is_mechanism(text_of("mechanism")))
        existing = s.partners().find_by_mechanism(tx, text_of("mechanism"));
      if (!existing && !text_of("name").empty()) existing = s.partners().find_by_name(tx, text_of("name"));

      store::Partner next = existing.value_or(store::Partner{});
      json::object fields = row.fields;
      bool may_see = !existing || may_see_location(ctx, *existing);
      if (row.location_hidden) {
        // Exported without its location: the stored one stays as it is.
        for (auto name : {"address", "latitude", "longitude"}) fields.erase(name);
      }
      apply_partner(fields, next, prefix, may_see, errors);
      if (existing && !targets.insert(existing->id).second) errors.add(prefix + "name", "import.duplicate_row");
      if (!existing && !next.name.empty() && !new_names.insert(lower(next.name)).second)
        errors.add(prefix + "name", "import.duplicate_row");
      if (next.mechanism) {
        auto holder = s.partners().find_by_mechanism(tx, *next.mechanism);
        if ((holder && (!existing || holder->id != existing->id)) ||
            !mechanisms.insert(*next.mechanism).second)
          errors.add(prefix + "mechanism", "partner.mechanism_taken");
      }
      plan.push_back({std::move(next), std::move(existing)});
    }
    errors.throw_if_any();
    for (auto& [p, before] : plan) {
      if (!before) {
        p.id = core::new_id();
        p.created_at = p.updated_at = now;
        s.partners().create(tx, p);
        ++created;
      } else if (same_content(p, *before)) {
        ++unchanged;
      } else {
        p.updated_at = now;
        if (s.partners().update(tx, p, before->version) != store::UpdateOutcome::updated)
          throw Problem(409, "conflict");
        ++updated;
      }
    }
    auto event = ctx.audit("partner.import");
    event.details = json::serialize(json::object{
        {"format", format}, {"created", created}, {"updated", updated}, {"unchanged", unchanged}});
    s.audit().append(tx, event);
  });
  return json_response(200, json::object{{"created", created}, {"updated", updated}, {"unchanged", unchanged}});
}

}  // namespace passerelle::api
