#include "store/person_repository.h"

#include <boost/json.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "store/column_codec.h"
#include "crypto/name_normaliser.h"

namespace passerelle::store {
namespace json = boost::json;

namespace {

constexpr const char* kTable = "people";

std::string map_to_json(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return json::serialize(o);
}

std::map<std::string, std::string> map_from(const std::string& text) {
  std::map<std::string, std::string> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, x] : v.as_object())
    if (x.is_string()) out[std::string(k)] = std::string(x.as_string());
  return out;
}

std::string contact_to_json(const core::Contact& c) {
  json::object o{{"phones", json::value_from(c.phones)}, {"email", c.email}, {"address", c.address}};
  return json::serialize(o);
}

core::Contact contact_from(const std::string& text) {
  core::Contact c;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return c;
  const auto& o = v.as_object();
  if (auto* p = o.if_contains("phones"); p && p->is_array())
    for (const auto& x : p->as_array())
      if (x.is_string()) c.phones.emplace_back(x.as_string());
  if (auto* e = o.if_contains("email"); e && e->is_string()) c.email = e->as_string();
  if (auto* a = o.if_contains("address"); a && a->is_string()) c.address = a->as_string();
  return c;
}

// Column values of one person, ready to bind.
struct Row {
  std::string id, given, family, aliases, birth_date, gender, nationalities, languages, contact,
      documents, member_since, merged_into, created_by, created_at, updated_at;
  int birth_year = 0, estimated = 0, minor_override = 0, disputed = 0, member = 0, peer = 0,
      restricted = 0;
  long long version = 1;
  soci::indicator i_family = soci::i_null, i_aliases = soci::i_null, i_birth_date = soci::i_null,
                  i_birth_year = soci::i_null, i_contact = soci::i_null, i_minor = soci::i_null,
                  i_member_since = soci::i_null, i_merged = soci::i_null, i_created_by = soci::i_null;
};

soci::indicator present(bool b) { return b ? soci::i_ok : soci::i_null; }

}  // namespace

static Row encrypt_row(const core::Person& p, const Vault& v) {
  Row r;
  r.id = p.id;
  r.given = v.encrypt(p.given_name, kTable, "given_name_enc", p.id);
  r.i_family = present(!p.family_name.empty());
  if (!p.family_name.empty()) r.family = v.encrypt(p.family_name, kTable, "family_name_enc", p.id);
  r.i_aliases = present(!p.aliases.empty());
  if (!p.aliases.empty()) r.aliases = v.encrypt(list_to_json(p.aliases), kTable, "aliases_enc", p.id);
  r.i_birth_date = present(p.birth_date.has_value());
  if (p.birth_date) r.birth_date = v.encrypt(*p.birth_date, kTable, "birth_date_enc", p.id);
  r.i_birth_year = present(p.birth_year.has_value());
  r.birth_year = p.birth_year.value_or(0);
  r.estimated = p.birth_year_estimated ? 1 : 0;
  r.gender = p.gender;
  r.nationalities = list_to_json(p.nationalities);
  r.languages = list_to_json(p.languages);
  bool has_contact = !p.contact.phones.empty() || !p.contact.email.empty() || !p.contact.address.empty();
  r.i_contact = present(has_contact);
  if (has_contact) r.contact = v.encrypt(contact_to_json(p.contact), kTable, "contact_enc", p.id);
  r.i_minor = present(p.minor_override.has_value());
  r.minor_override = p.minor_override.value_or(false) ? 1 : 0;
  r.disputed = p.age_disputed ? 1 : 0;
  r.documents = map_to_json(p.documents);
  r.member = p.member ? 1 : 0;
  r.peer = p.peer_helper ? 1 : 0;
  r.i_member_since = present(p.member_since.has_value());
  r.member_since = p.member_since.value_or("");
  r.restricted = p.restricted ? 1 : 0;
  r.i_merged = present(p.merged_into.has_value());
  r.merged_into = p.merged_into.value_or("");
  r.i_created_by = present(!p.created_by.empty());
  r.created_by = p.created_by;
  r.created_at = p.created_at;
  r.updated_at = p.updated_at;
  r.version = p.version;
  return r;
}

std::vector<std::string> PersonRepository::keys_of(const core::Person& p) const {
  std::set<std::string> keys;
  const crypto::BlindIndex& index = vault_.blind_index();
  std::vector<std::string> names = {p.given_name + " " + p.family_name};
  names.insert(names.end(), p.aliases.begin(), p.aliases.end());
  for (const auto& name : names)
    for (const auto& k : crypto::name_search_keys(name)) keys.insert(index.token("person.name", k));
  for (const auto& phone : p.contact.phones) {
    std::string canonical = core::canonical_phone(phone);
    if (!canonical.empty()) keys.insert(index.token("person.phone", canonical));
  }
  if (p.birth_date) keys.insert(index.token("person.birth_date", *p.birth_date));
  return {keys.begin(), keys.end()};
}

void PersonRepository::reindex(Tx& tx, const core::Person& p) const {
  tx.sql << "DELETE FROM person_search_keys WHERE person_id = :id", soci::use(p.id);
  std::vector<std::string> keys = keys_of(p);
  if (keys.empty()) return;
  std::vector<std::string> ids(keys.size(), p.id);
  tx.sql << "INSERT INTO person_search_keys (key_hash, person_id) VALUES (:k, :p)",
      soci::use(keys), soci::use(ids);
}

void PersonRepository::create(Tx& tx, const core::Person& p) const {
  Row r = encrypt_row(p, vault_);
  tx.sql << "INSERT INTO people (id, given_name_enc, family_name_enc, aliases_enc, birth_date_enc, "
            "birth_year, birth_year_estimated, gender, nationalities, languages, contact_enc, "
            "minor_override, age_disputed, documents, member, peer_helper, member_since, "
            "restricted, merged_into, created_by, created_at, updated_at, version) VALUES (:id, "
            ":g, :f, :a, :bd, :by, :e, :gen, :nat, :lang, :c, :mo, :ad, :doc, :m, :ph, :ms, :r, "
            ":mi, :cb, :ca, :ua, :v)",
      soci::use(r.id), soci::use(r.given), soci::use(r.family, r.i_family),
      soci::use(r.aliases, r.i_aliases), soci::use(r.birth_date, r.i_birth_date),
      soci::use(r.birth_year, r.i_birth_year), soci::use(r.estimated), soci::use(r.gender),
      soci::use(r.nationalities), soci::use(r.languages), soci::use(r.contact, r.i_contact),
      soci::use(r.minor_override, r.i_minor), soci::use(r.disputed), soci::use(r.documents),
      soci::use(r.member), soci::use(r.peer), soci::use(r.member_since, r.i_member_since),
      soci::use(r.restricted), soci::use(r.merged_into, r.i_merged),
      soci::use(r.created_by, r.i_created_by), soci::use(r.created_at), soci::use(r.updated_at),
      soci::use(r.version);
  reindex(tx, p);
}

namespace {

constexpr const char* kSelectPerson =
    "SELECT id, given_name_enc, family_name_enc, aliases_enc, birth_date_enc, birth_year, "
    "birth_year_estimated, gender, nationalities, languages, contact_enc, minor_override, "
    "age_disputed, documents, member, peer_helper, member_since, restricted, merged_into, "
    "created_by, created_at, updated_at, version FROM people WHERE id ";

void bind_into(soci::statement& st, Row& r) {
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.given));
  st.exchange(soci::into(r.family, r.i_family));
  st.exchange(soci::into(r.aliases, r.i_aliases));
  st.exchange(soci::into(r.birth_date, r.i_birth_date));
  st.exchange(soci::into(r.birth_year, r.i_birth_year));
  st.exchange(soci::into(r.estimated));
  st.exchange(soci::into(r.gender));
  st.exchange(soci::into(r.nationalities));
  st.exchange(soci::into(r.languages));
  st.exchange(soci::into(r.contact, r.i_contact));
  st.exchange(soci::into(r.minor_override, r.i_minor));
  st.exchange(soci::into(r.disputed));
  st.exchange(soci::into(r.documents));
  st.exchange(soci::into(r.member));
  st.exchange(soci::into(r.peer));
  st.exchange(soci::into(r.member_since, r.i_member_since));
  st.exchange(soci::into(r.restricted));
  st.exchange(soci::into(r.merged_into, r.i_merged));
  st.exchange(soci::into(r.created_by, r.i_created_by));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.updated_at));
  st.exchange(soci::into(r.version));
}

core::Person decrypt_row(const Row& r, const Vault& vault_) {
  const std::string& id = r.id;
  core::Person p;
  p.id = r.id;
  p.given_name = vault_.decrypt(r.given, kTable, "given_name_enc", id);
  if (r.i_family == soci::i_ok) p.family_name = vault_.decrypt(r.family, kTable, "family_name_enc", id);
  if (r.i_aliases == soci::i_ok) p.aliases = list_from_json(vault_.decrypt(r.aliases, kTable, "aliases_enc", id));
  if (r.i_birth_date == soci::i_ok) p.birth_date = vault_.decrypt(r.birth_date, kTable, "birth_date_enc", id);
  if (r.i_birth_year == soci::i_ok) p.birth_year = r.birth_year;
  p.birth_year_estimated = r.estimated != 0;
  p.gender = r.gender;
  p.nationalities = list_from_json(r.nationalities);
  p.languages = list_from_json(r.languages);
  if (r.i_contact == soci::i_ok) p.contact = contact_from(vault_.decrypt(r.contact, kTable, "contact_enc", id));
  if (r.i_minor == soci::i_ok) p.minor_override = r.minor_override != 0;
  p.age_disputed = r.disputed != 0;
  p.documents = map_from(r.documents);
  p.member = r.member != 0;
  p.peer_helper = r.peer != 0;
  if (r.i_member_since == soci::i_ok) p.member_since = r.member_since;
  p.restricted = r.restricted != 0;
  if (r.i_merged == soci::i_ok) p.merged_into = r.merged_into;
  if (r.i_created_by == soci::i_ok) p.created_by = r.created_by;
  p.created_at = r.created_at;
  p.updated_at = r.updated_at;
  p.version = r.version;
  return p;
}

}  // namespace

std::optional<core::Person> PersonRepository::find(Tx& tx, const std::string& id) const {
  Row r;
  soci::statement st(tx.sql);
  bind_into(st, r);
  st.exchange(soci::use(id, "id"));
  st.alloc();
  st.prepare(std::string(kSelectPerson) + "= :id", soci::details::st_one_time_query);
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return decrypt_row(r, vault_);
}

std::map<std::string, core::Person> PersonRepository::find_many(
    Tx& tx, const std::vector<std::string>& ids) const {
  std::map<std::string, core::Person> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    std::size_t n = std::min(kChunk, ids.size() - start);
    std::string sql = std::string(kSelectPerson) + "IN (";
    for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ")";
    Row r;
    soci::statement st(tx.sql);
    bind_into(st, r);
    for (std::size_t i = 0; i < n; ++i) st.exchange(soci::use(ids[start + i], "i" + std::to_string(i)));
    st.alloc();
    st.prepare(sql, soci::details::st_one_time_query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) out.emplace(r.id, decrypt_row(r, vault_));
  }
  return out;
}

UpdateOutcome PersonRepository::update(Tx& tx, const core::Person& p,
                                       std::int64_t expected_version) const {
  core::Person next = p;
  next.updated_at = core::now_iso8601();
  Row r = encrypt_row(next, vault_);
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE people SET given_name_enc = :g, family_name_enc = :f, "
                         "aliases_enc = :a, birth_date_enc = :bd, birth_year = :by, "
                         "birth_year_estimated = :e, gender = :gen, nationalities = :nat, "
                         "languages = :lang, contact_enc = :c, minor_override = :mo, "
                         "age_disputed = :ad, documents = :doc, member = :m, peer_helper = :ph, "
                         "member_since = :ms, restricted = :r, merged_into = :mi, updated_at = :ua, "
                         "version = version + 1 WHERE id = :id AND version = :v",
       soci::use(r.given), soci::use(r.family, r.i_family), soci::use(r.aliases, r.i_aliases),
       soci::use(r.birth_date, r.i_birth_date), soci::use(r.birth_year, r.i_birth_year),
       soci::use(r.estimated), soci::use(r.gender), soci::use(r.nationalities),
       soci::use(r.languages), soci::use(r.contact, r.i_contact),
       soci::use(r.minor_override, r.i_minor), soci::use(r.disputed), soci::use(r.documents),
       soci::use(r.member), soci::use(r.peer), soci::use(r.member_since, r.i_member_since),
       soci::use(r.restricted), soci::use(r.merged_into, r.i_merged), soci::use(r.updated_at),
       soci::use(r.id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    int exists = 0;
    tx.sql << "SELECT count(*) FROM people WHERE id = :id", soci::use(p.id), soci::into(exists);
    return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
  }
  reindex(tx, next);
  return UpdateOutcome::updated;
}

std::vector<NameMatch> PersonRepository::search_name(Tx& tx, std::string_view query,
                                                     int min_words, int limit) const {
  std::vector<std::string> words = crypto::name_tokens(query);
  if (words.size() > 8) words.resize(8);
  if (words.empty()) return {};
  const crypto::BlindIndex& index = vault_.blind_index();
  // Each word gives an exact key (canonical spelling) and a phonetic key.
  std::map<std::string, std::pair<std::size_t, int>> wanted;  // key hash → (word, weight)
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string canonical = crypto::canonical_variant(words[i]);
    wanted.emplace(index.token("person.name", "t:" + canonical), std::make_pair(i, 2));
    wanted.emplace(index.token("person.name", "p:" + crypto::phonetic_key(words[i])),
                   std::make_pair(i, 1));
  }
  std::vector<std::string> hashes;
  for (const auto& [h, _] : wanted) hashes.push_back(h);
  // The IN list has one placeholder per key; its length depends on the word count only.
  std::string sql = "SELECT person_id, key_hash FROM person_search_keys WHERE key_hash IN (";
  for (std::size_t i = 0; i < hashes.size(); ++i) sql += (i ? ", :k" : ":k") + std::to_string(i);
  sql += ")";
  // A common given name matches thousands of people: fetch in batches, and count in a hash map
  // (the result order comes from the sort below, not from this map).
  constexpr std::size_t kBatch = 1000;
  soci::statement st(tx.sql);
  std::vector<std::string> person_ids(kBatch), key_hashes(kBatch);
  st.exchange(soci::into(person_ids));
  st.exchange(soci::into(key_hashes));
  for (std::size_t i = 0; i < hashes.size(); ++i) st.exchange(soci::use(hashes[i], "k" + std::to_string(i)));
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  // Best weight per (person, word); at most 8 words.
  std::unordered_map<std::string, std::array<int, 8>> per_person;
  while (st.fetch()) {
    for (std::size_t row = 0; row < person_ids.size(); ++row) {
      auto it = wanted.find(key_hashes[row]);
      if (it == wanted.end()) continue;
      auto& weights = per_person.try_emplace(std::move(person_ids[row])).first->second;
      weights[it->second.first] = std::max(weights[it->second.first], it->second.second);
    }
    person_ids.resize(kBatch);
    key_hashes.resize(kBatch);
  }
  std::vector<NameMatch> matches;
  int needed = std::max(1, std::min<int>(min_words, static_cast<int>(words.size())));
  for (auto& [id, weights] : per_person) {
    NameMatch m{id, 0, 0};
    // Unused slots (beyond the query's words) stay 0.
    for (int w : weights) {
      m.score += w;
      if (w) ++m.words_matched;
    }
    if (m.words_matched >= needed) matches.push_back(m);
  }
  std::sort(matches.begin(), matches.end(), [](const NameMatch& a, const NameMatch& b) {
    return a.score != b.score ? a.score > b.score : a.person_id < b.person_id;
  });
  if (static_cast<int>(matches.size()) > limit) matches.resize(limit);
  return matches;
}

static std::vector<std::string> ids_for_key(Tx& tx, const std::string& hash) {
  std::vector<std::string> ids;
  std::string id;
  soci::statement st = (tx.sql.prepare << "SELECT person_id FROM person_search_keys WHERE "
                                          "key_hash = :k ORDER BY person_id",
                        soci::use(hash), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

std::vector<std::string> PersonRepository::find_by_phone(Tx& tx, std::string_view phone) const {
  std::string canonical = core::canonical_phone(phone);
  if (canonical.empty()) return {};
  return ids_for_key(tx, vault_.blind_index().token("person.phone", canonical));
}

std::vector<std::string> PersonRepository::find_by_birth_date(Tx& tx, std::string_view date) const {
  return ids_for_key(tx, vault_.blind_index().token("person.birth_date", date));
}

std::vector<std::string> PersonRepository::ids_after(Tx& tx, const std::string& after,
                                                     int limit) const {
  std::vector<std::string> ids;
  std::string id;
  long long lim = limit;
  soci::statement st = (tx.sql.prepare << "SELECT id FROM people WHERE id > :a ORDER BY id LIMIT :l",
                        soci::use(after), soci::use(lim), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

}  // namespace passerelle::store
