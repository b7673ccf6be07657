#include "store/partner_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <deque>
#include <functional>

#include "core/clock.h"
#include "crypto/name_normaliser.h"
#include "store/column_codec.h"

namespace passerelle::store {
namespace json = boost::json;
namespace {

constexpr const char* kColumns =
    "id, name, kind, mechanism, services, languages, country, region, city, location_enc, "
    "address_confidential, phone, email, website, contact_name, notes, active, created_at, "
    "updated_at, version";

// The location travels as one encrypted JSON object, so that an address, and coordinates that
// would place it on a map, are never stored apart in clear.
std::optional<std::string> location_json(const Partner& p) {
  if (p.address.empty() && !p.latitude && !p.longitude) return std::nullopt;
  json::object o;
  o["address"] = p.address;
  if (p.latitude) o["latitude"] = *p.latitude;
  if (p.longitude) o["longitude"] = *p.longitude;
  return json::serialize(o);
}

void read_location(const std::string& text, Partner& p) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.as_object();
  if (auto* a = o.if_contains("address"); a && a->is_string()) p.address = a->as_string();
  auto number = [](const json::value* x) -> std::optional<double> {
    if (!x || !x->is_number()) return std::nullopt;
    return x->to_number<double>();
  };
  p.latitude = number(o.if_contains("latitude"));
  p.longitude = number(o.if_contains("longitude"));
}

struct Row {
  Partner p;
  std::string mechanism, services, languages, country, region, city, location, phone, email,
      website, contact, notes;
  soci::indicator i_mechanism, i_country, i_region, i_city, i_location, i_phone, i_email, i_website,
      i_contact, i_notes;
  int confidential = 0, active = 1;
  long long version = 0;
};

void bind(soci::statement& st, Row& r) {
  st.exchange(soci::into(r.p.id));
  st.exchange(soci::into(r.p.name));
  st.exchange(soci::into(r.p.kind));
  st.exchange(soci::into(r.mechanism, r.i_mechanism));
  st.exchange(soci::into(r.services));
  st.exchange(soci::into(r.languages));
  st.exchange(soci::into(r.country, r.i_country));
  st.exchange(soci::into(r.region, r.i_region));
  st.exchange(soci::into(r.city, r.i_city));
  st.exchange(soci::into(r.location, r.i_location));
  st.exchange(soci::into(r.confidential));
  st.exchange(soci::into(r.phone, r.i_phone));
  st.exchange(soci::into(r.email, r.i_email));
  st.exchange(soci::into(r.website, r.i_website));
  st.exchange(soci::into(r.contact, r.i_contact));
  st.exchange(soci::into(r.notes, r.i_notes));
  st.exchange(soci::into(r.active));
  st.exchange(soci::into(r.p.created_at));
  st.exchange(soci::into(r.p.updated_at));
  st.exchange(soci::into(r.version));
}

Partner partner_from(const Row& r, const Vault& vault) {
  Partner p = r.p;
  p.mechanism = nullable(r.mechanism, r.i_mechanism);
  p.services = list_from_json(r.services);
  p.languages = list_from_json(r.languages);
  p.country = nullable(r.country, r.i_country);
  p.region = nullable(r.region, r.i_region);
  p.city = nullable(r.city, r.i_city);
  p.address.clear();
  p.latitude = p.longitude = std::nullopt;
  if (r.i_location == soci::i_ok)
    read_location(vault.decrypt(r.location, "partners", "location_enc", p.id), p);
  p.address_confidential = r.confidential != 0;
  p.phone = nullable(r.phone, r.i_phone);
  p.email = nullable(r.email, r.i_email);
  p.website = nullable(r.website, r.i_website);
  p.contact_name = nullable(r.contact, r.i_contact);
  p.notes = nullable(r.notes, r.i_notes);
  p.active = r.active != 0;
  p.version = r.version;
  return p;
}

// Named parameters of a query built from constant pieces; values live as long as the object.
struct Params {
  std::deque<std::string> values;
  std::vector<std::pair<std::string, const std::string*>> named;
  void add(const std::string& name, std::string value) {
    values.push_back(std::move(value));
    named.emplace_back(name, &values.back());
  }
};

// `keep` (when set) chooses rows before anything is decrypted; at most `limit` are kept.
std::vector<Partner> select_partners(Tx& tx, const Vault& vault, const std::string& where,
                                     const Params& params, const std::string& tail,
                                     const std::function<bool(const Row&)>& keep = {},
                                     std::size_t limit = SIZE_MAX) {
  std::vector<Partner> out;
  Row r;
  soci::statement st(tx.sql);
  bind(st, r);
  for (const auto& [name, value] : params.named) st.exchange(soci::use(*value, name));
  st.alloc();
  // `where` and `tail` are assembled from constant pieces by the callers below.
  st.prepare(std::string("SELECT ") + kColumns + " FROM partners WHERE " + where + tail);
  st.define_and_bind();
  st.execute();
  while (out.size() < limit && st.fetch())
    if (!keep || keep(r)) out.push_back(partner_from(r, vault));
  return out;
}

std::optional<Partner> first(std::vector<Partner> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A LIKE pattern that matches `text` literally somewhere (with ESCAPE '\').
std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

void PartnerRepository::create(Tx& tx, const Partner& p) const {
  Indicators ind;
  auto location = location_json(p);
  std::string location_enc =
      location ? vault_.encrypt(*location, "partners", "location_enc", p.id) : "";
  std::string mechanism = p.mechanism.value_or(""), country = p.country.value_or(""),
              region = p.region.value_or(""), city = p.city.value_or(""),
              phone = p.phone.value_or(""), email = p.email.value_or(""),
              website = p.website.value_or(""), contact = p.contact_name.value_or(""),
              notes = p.notes.value_or("");
  std::string services = list_to_json(p.services), languages = list_to_json(p.languages);
  int confidential = p.address_confidential ? 1 : 0, active = p.active ? 1 : 0;
  long long version = p.version;
  tx.sql << "INSERT INTO partners (id, name, kind, mechanism, services, languages, country, "
            "region, city, location_enc, address_confidential, phone, email, website, "
            "contact_name, notes, active, created_at, updated_at, version) VALUES (:id, :n, :k, "
            ":m, :s, :l, :co, :r, :ci, :lo, :ac, :ph, :em, :w, :cn, :no, :a, :ca, :ua, :v)",
      soci::use(p.id), soci::use(p.name), soci::use(p.kind),
      soci::use(mechanism, ind(p.mechanism.has_value())), soci::use(services), soci::use(languages),
      soci::use(country, ind(p.country.has_value())), soci::use(region, ind(p.region.has_value())),
      soci::use(city, ind(p.city.has_value())), soci::use(location_enc, ind(location.has_value())),
      soci::use(confidential), soci::use(phone, ind(p.phone.has_value())),
      soci::use(email, ind(p.email.has_value())), soci::use(website, ind(p.website.has_value())),
      soci::use(contact, ind(p.contact_name.has_value())),
      soci::use(notes, ind(p.notes.has_value())), soci::use(active), soci::use(p.created_at),
      soci::use(p.updated_at), soci::use(version);
}

std::optional<Partner> PartnerRepository::find(Tx& tx, const std::string& id) const {
  Params params;
  params.add("id", id);
  return first(select_partners(tx, vault_, "id = :id", params, ""));
}

std::optional<Partner> PartnerRepository::find_by_mechanism(Tx& tx,
                                                            const std::string& mechanism) const {
  Params params;
  params.add("m", mechanism);
  return first(select_partners(tx, vault_, "mechanism = :m", params, ""));
}

std::optional<Partner> PartnerRepository::find_by_name(Tx& tx, const std::string& name) const {
  // Compared here, not with SQL lower() (ASCII-only on SQLite, Unicode on PostgreSQL), so that
  // both engines agree; the length (in characters on both) narrows the candidates first.
  Params params;
  long long characters = std::count_if(name.begin(), name.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  });
  params.add("len", std::to_string(characters));
  std::string wanted = lower_ascii(name);
  return first(select_partners(
      tx, vault_, "length(name) = CAST(:len AS INTEGER)", params, " ORDER BY id",
      [&](const Row& r) { return lower_ascii(r.p.name) == wanted; }, 1));
}

UpdateOutcome PartnerRepository::update(Tx& tx, const Partner& p,
                                        std::int64_t expected_version) const {
  Indicators ind;
  auto location = location_json(p);
  std::string location_enc =
      location ? vault_.encrypt(*location, "partners", "location_enc", p.id) : "";
  std::string mechanism = p.mechanism.value_or(""), country = p.country.value_or(""),
              region = p.region.value_or(""), city = p.city.value_or(""),
              phone = p.phone.value_or(""), email = p.email.value_or(""),
              website = p.website.value_or(""), contact = p.contact_name.value_or(""),
              notes = p.notes.value_or("");
  std::string services = list_to_json(p.services), languages = list_to_json(p.languages);
  int confidential = p.address_confidential ? 1 : 0, active = p.active ? 1 : 0;
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE partners SET name = :n, kind = :k, mechanism = :m, services = "
                         ":s, languages = :l, country = :co, region = :r, city = :ci, "
                         "location_enc = :lo, address_confidential = :ac, phone = :ph, email = "
                         ":em, website = :w, contact_name = :cn, notes = :no, active = :a, "
                         "updated_at = :ua, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(p.name), soci::use(p.kind), soci::use(mechanism, ind(p.mechanism.has_value())),
       soci::use(services), soci::use(languages), soci::use(country, ind(p.country.has_value())),
       soci::use(region, ind(p.region.has_value())), soci::use(city, ind(p.city.has_value())),
       soci::use(location_enc, ind(location.has_value())), soci::use(confidential),
       soci::use(phone, ind(p.phone.has_value())), soci::use(email, ind(p.email.has_value())),
       soci::use(website, ind(p.website.has_value())),
       soci::use(contact, ind(p.contact_name.has_value())),
       soci::use(notes, ind(p.notes.has_value())), soci::use(active), soci::use(now),
       soci::use(p.id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  int exists = 0;
  tx.sql << "SELECT count(*) FROM partners WHERE id = :id", soci::use(p.id), soci::into(exists);
  return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

std::vector<Partner> PartnerRepository::list(Tx& tx, const PartnerFilter& f, int limit) const {
  std::string where = "1 = 1";
  Params params;
  if (!f.include_inactive) where += " AND active = 1";
  if (!f.kind.empty()) {
    where += " AND kind = :k";
    params.add("k", f.kind);
  }
  if (!f.country.empty()) {
    where += " AND country = :co";
    params.add("co", f.country);
  }
  if (!f.mechanism.empty()) {
    where += " AND mechanism = :m";
    params.add("m", f.mechanism);
  }
  // Services and languages are JSON arrays of codes: a quoted code matches one element exactly.
  if (!f.service.empty()) {
    where += " AND services LIKE :s ESCAPE '\\'";
    params.add("s", contains_pattern(json::serialize(json::value(f.service))));
  }
  if (!f.language.empty()) {
    where += " AND languages LIKE :l ESCAPE '\\'";
    params.add("l", contains_pattern(json::serialize(json::value(f.language))));
  }
  int lim = std::clamp(limit, 1, 1000);
  if (f.text.empty())
    return select_partners(tx, vault_, where, params,
                           " ORDER BY name, id LIMIT " + std::to_string(lim));
  // The text is matched here rather than in SQL, the same way on both engines: case and accents
  // folded ("ile-de-france" finds "Île-de-France"). The directory is small (a few thousand
  // organisations at most) and rows are chosen before their location is decrypted.
  std::string needle = crypto::fold_text(f.text);
  auto matches = [&](const std::string& value) {
    if (needle.empty()) return lower_ascii(value).find(lower_ascii(f.text)) != std::string::npos;
    return crypto::fold_text(value).find(needle) != std::string::npos;
  };
  auto keep = [&](const Row& r) {
    return matches(r.p.name) || (r.i_city == soci::i_ok && matches(r.city)) ||
           (r.i_region == soci::i_ok && matches(r.region));
  };
  return select_partners(tx, vault_, where, params, " ORDER BY name, id", keep,
                         static_cast<std::size_t>(lim));
}

std::map<std::string, std::string> PartnerRepository::names(
    Tx& tx, const std::vector<std::string>& ids) const {
  std::map<std::string, std::string> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    std::size_t n = std::min(kChunk, ids.size() - start);
    std::string sql = "SELECT id, name FROM partners WHERE id IN (";
    for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ")";
    std::string id, name;
    soci::statement st(tx.sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    for (std::size_t i = 0; i < n; ++i)
      st.exchange(soci::use(ids[start + i], "i" + std::to_string(i)));
    st.alloc();
    st.prepare(sql, soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) out[id] = name;
  }
  return out;
}

}  // namespace passerelle::store
