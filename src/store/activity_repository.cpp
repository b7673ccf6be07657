#include "store/activity_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>
#include <deque>
#include <functional>

#include "core/clock.h"
#include "store/column_codec.h"

namespace passerelle::store {
namespace json = boost::json;
namespace {

// --- Queries assembled from constant pieces ------------------------------------------------
// Every value is bound as a parameter with a generated name; only constant SQL text is
// concatenated.
class Query {
 public:
  std::string param(std::string value) {
    values_.push_back(std::move(value));
    names_.push_back("q" + std::to_string(values_.size()));
    return ":" + names_.back();
  }
  void bind(soci::statement& st) const {
    for (std::size_t i = 0; i < values_.size(); ++i) st.exchange(soci::use(values_[i], names_[i]));
  }

 private:
  std::deque<std::string> values_;
  std::vector<std::string> names_;
};

// Runs `sql`: `bind` declares the row's columns, `row` is called once per fetched row.
void select(Tx& tx, const std::string& sql, const Query& q,
            const std::function<void(soci::statement&)>& bind, const std::function<void()>& row) {
  soci::statement st(tx.sql);
  bind(st);
  q.bind(st);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) row();
}

// A nullable text column.
struct Text {
  std::string value;
  soci::indicator ind = soci::i_null;
  void into(soci::statement& st) { st.exchange(soci::into(value, ind)); }
  std::optional<std::string> get() const { return nullable(value, ind); }
};

// A nullable number column.
struct Number {
  int value = 0;
  soci::indicator ind = soci::i_null;
  void into(soci::statement& st) { st.exchange(soci::into(value, ind)); }
  std::optional<int> get() const {
    return ind == soci::i_ok ? std::optional<int>(value) : std::nullopt;
  }
};

UpdateOutcome outcome_of(Tx& tx, soci::statement& st, const char* table, const std::string& id) {
  st.execute(true);
  if (st.get_affected_rows() == 1) return UpdateOutcome::updated;
  int exists = 0;
  // `table` is one of the constant names below.
  tx.sql << std::string("SELECT count(*) FROM ") + table + " WHERE id = :id", soci::use(id),
      soci::into(exists);
  return exists ? UpdateOutcome::version_conflict : UpdateOutcome::not_found;
}

json::value parse_json(const std::string& text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

std::string string_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int int_of(const json::object& o, std::string_view key, int fallback) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? static_cast<int>(v->as_int64()) : fallback;
}

// Lists of small objects kept as JSON text (guests, materials, criteria, follow-up).
template <class T>
std::string objects_to_json(const std::vector<T>& items,
                            const std::function<json::object(const T&)>& to) {
  json::array a;
  for (const auto& item : items) a.emplace_back(to(item));
  return json::serialize(a);
}

template <class T>
std::vector<T> objects_from_json(const std::string& text,
                                 const std::function<T(const json::object&)>& from) {
  std::vector<T> out;
  json::value v = parse_json(text);
  if (!v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_object()) out.push_back(from(x.as_object()));
  return out;
}

std::string guests_to_json(const std::vector<Guest>& v) {
  return objects_to_json<Guest>(v, [](const Guest& g) {
    return json::object{{"name", g.name}, {"role", g.role}, {"organisation", g.organisation}};
  });
}
std::vector<Guest> guests_from_json(const std::string& text) {
  return objects_from_json<Guest>(text, [](const json::object& o) {
    return Guest{string_of(o, "name"), string_of(o, "role"), string_of(o, "organisation")};
  });
}
std::string materials_to_json(const std::vector<Material>& v) {
  return objects_to_json<Material>(
      v, [](const Material& m) { return json::object{{"title", m.title}, {"link", m.link}}; });
}
std::vector<Material> materials_from_json(const std::string& text) {
  return objects_from_json<Material>(text, [](const json::object& o) {
    return Material{string_of(o, "title"), string_of(o, "link")};
  });
}
std::string criteria_to_json(const std::vector<Criterion>& v) {
  return objects_to_json<Criterion>(v, [](const Criterion& c) {
    return json::object{{"key", c.key}, {"label", c.label}, {"weight", c.weight}, {"max", c.max}};
  });
}
std::vector<Criterion> criteria_from_json(const std::string& text) {
  return objects_from_json<Criterion>(text, [](const json::object& o) {
    return Criterion{string_of(o, "key"), string_of(o, "label"), int_of(o, "weight", 1),
                     int_of(o, "max", 5)};
  });
}
std::string follow_up_to_json(const std::vector<FollowUp>& v) {
  return objects_to_json<FollowUp>(v, [](const FollowUp& f) {
    return json::object{{"on", f.on}, {"note", f.note}, {"outcome", f.outcome}};
  });
}
std::vector<FollowUp> follow_up_from_json(const std::string& text) {
  return objects_from_json<FollowUp>(text, [](const json::object& o) {
    return FollowUp{string_of(o, "on"), string_of(o, "note"), string_of(o, "outcome")};
  });
}
std::string scores_to_json(const std::map<std::string, int>& scores) {
  json::object o;
  for (const auto& [key, value] : scores) o[key] = value;
  return json::serialize(o);
}
std::map<std::string, int> scores_from_json(const std::string& text) {
  std::map<std::string, int> out;
  json::value v = parse_json(text);
  if (!v.is_object()) return out;
  for (const auto& [key, value] : v.as_object())
    if (value.is_int64()) out[std::string(key)] = static_cast<int>(value.as_int64());
  return out;
}

// --- Activities ----------------------------------------------------------------------------

constexpr const char* kActivitySelect =
    "SELECT a.id, a.type, a.title, a.description, a.themes, a.audience, a.international, "
    "a.starts_on, a.ends_on, a.created_by, a.created_at, a.updated_at, a.version, (SELECT "
    "count(*) FROM activity_sessions s WHERE s.activity_id = a.id) FROM activities a ";

std::vector<Activity> select_activities(Tx& tx, const Query& q, const std::string& rest) {
  std::vector<Activity> out;
  Activity a;
  std::string themes;
  int international = 0, sessions = 0;
  long long version = 0;
  Text starts, ends;
  select(
      tx, kActivitySelect + rest, q,
      [&](soci::statement& st) {
        st.exchange(soci::into(a.id));
        st.exchange(soci::into(a.type));
        st.exchange(soci::into(a.title));
        st.exchange(soci::into(a.description));
        st.exchange(soci::into(themes));
        st.exchange(soci::into(a.audience));
        st.exchange(soci::into(international));
        starts.into(st);
        ends.into(st);
        st.exchange(soci::into(a.created_by));
        st.exchange(soci::into(a.created_at));
        st.exchange(soci::into(a.updated_at));
        st.exchange(soci::into(version));
        st.exchange(soci::into(sessions));
      },
      [&] {
        Activity x = a;
        x.themes = list_from_json(themes);
        x.international = international != 0;
        x.starts_on = starts.get();
        x.ends_on = ends.get();
        x.version = version;
        x.session_count = sessions;
        out.push_back(std::move(x));
      });
  return out;
}

// --- Sessions ------------------------------------------------------------------------------

constexpr const char* kSessionSelect =
    "SELECT s.id, s.activity_id, s.held_on, s.starts_at, s.duration_minutes, s.site_id, s.place, "
    "s.theme, s.work, s.facilitators, s.guests, s.materials, s.notes_enc, s.created_by, "
    "s.created_at, s.updated_at, s.version, (SELECT count(*) FROM attendance t WHERE t.session_id "
    "= s.id AND t.person_id IS NOT NULL), (SELECT COALESCE(SUM(t.outsider_count), 0) FROM "
    "attendance t WHERE t.session_id = s.id AND t.person_id IS NULL) FROM activity_sessions s ";

std::vector<Session> select_sessions(Tx& tx, const Vault& vault, const Query& q,
                                     const std::string& rest) {
  std::vector<Session> out;
  Session s;
  Text starts, site, place, theme, work, notes;
  Number duration;
  std::string facilitators, guests, materials;
  long long version = 0, members = 0, outsiders = 0;
  select(
      tx, kSessionSelect + rest, q,
      [&](soci::statement& st) {
        st.exchange(soci::into(s.id));
        st.exchange(soci::into(s.activity_id));
        st.exchange(soci::into(s.held_on));
        starts.into(st);
        duration.into(st);
        site.into(st);
        place.into(st);
        theme.into(st);
        work.into(st);
        st.exchange(soci::into(facilitators));
        st.exchange(soci::into(guests));
        st.exchange(soci::into(materials));
        notes.into(st);
        st.exchange(soci::into(s.created_by));
        st.exchange(soci::into(s.created_at));
        st.exchange(soci::into(s.updated_at));
        st.exchange(soci::into(version));
        st.exchange(soci::into(members));
        st.exchange(soci::into(outsiders));
      },
      [&] {
        Session x = s;
        x.starts_at = starts.get();
        x.duration_minutes = duration.get();
        x.site_id = site.get();
        x.place = place.get();
        x.theme = theme.get();
        x.work = work.get();
        x.facilitators = list_from_json(facilitators);
        x.guests = guests_from_json(guests);
        x.materials = materials_from_json(materials);
        x.notes = notes.get() ? vault.decrypt(*notes.get(), "activity_sessions", "notes_enc", x.id)
                              : std::string();
        x.version = version;
        x.member_count = static_cast<int>(members);
        x.outsider_count = static_cast<int>(outsiders);
        out.push_back(std::move(x));
      });
  return out;
}

constexpr const char* kSessionOrder = " ORDER BY s.held_on, s.starts_at, s.created_at, s.id";

// --- Media ---------------------------------------------------------------------------------

constexpr const char* kMediaSelect =
    "SELECT m.id, m.kind, m.title, m.activity_id, m.status, m.published_on, m.link, m.created_by, "
    "m.created_at, m.updated_at, m.version FROM media_items m ";

std::vector<MediaItem> select_media(Tx& tx, const Query& q, const std::string& rest) {
  std::vector<MediaItem> out;
  MediaItem m;
  Text activity, published, link;
  long long version = 0;
  select(
      tx, kMediaSelect + rest, q,
      [&](soci::statement& st) {
        st.exchange(soci::into(m.id));
        st.exchange(soci::into(m.kind));
        st.exchange(soci::into(m.title));
        activity.into(st);
        st.exchange(soci::into(m.status));
        published.into(st);
        link.into(st);
        st.exchange(soci::into(m.created_by));
        st.exchange(soci::into(m.created_at));
        st.exchange(soci::into(m.updated_at));
        st.exchange(soci::into(version));
      },
      [&] {
        MediaItem x = m;
        x.activity_id = activity.get();
        x.published_on = published.get();
        x.link = link.get();
        x.version = version;
        out.push_back(std::move(x));
      });
  return out;
}

// Newest first: by publication, or creation for what is not out yet.
constexpr const char* kMediaOrder =
    " ORDER BY COALESCE(m.published_on, substr(m.created_at, 1, 10)) DESC, m.created_at DESC, "
    "m.id DESC";

// --- Calls, applications, reviews ----------------------------------------------------------

constexpr const char* kCallSelect =
    "SELECT c.id, c.title, c.description, c.criteria, c.opens_on, c.closes_on, c.places, "
    "c.status, c.created_by, c.created_at, c.updated_at, c.version FROM calls c ";

std::vector<Call> select_calls(Tx& tx, const Query& q, const std::string& rest) {
  std::vector<Call> out;
  Call c;
  std::string criteria;
  Text opens, closes;
  Number places;
  long long version = 0;
  select(
      tx, kCallSelect + rest, q,
      [&](soci::statement& st) {
        st.exchange(soci::into(c.id));
        st.exchange(soci::into(c.title));
        st.exchange(soci::into(c.description));
        st.exchange(soci::into(criteria));
        opens.into(st);
        closes.into(st);
        places.into(st);
        st.exchange(soci::into(c.status));
        st.exchange(soci::into(c.created_by));
        st.exchange(soci::into(c.created_at));
        st.exchange(soci::into(c.updated_at));
        st.exchange(soci::into(version));
      },
      [&] {
        Call x = c;
        x.criteria = criteria_from_json(criteria);
        x.opens_on = opens.get();
        x.closes_on = closes.get();
        x.places = places.get();
        x.version = version;
        out.push_back(std::move(x));
      });
  return out;
}

constexpr const char* kApplicationSelect =
    "SELECT p.id, p.call_id, p.initiative, p.organisation, p.region, p.country, p.contact_enc, "
    "p.summary, p.received_on, p.status, p.follow_up, p.outcome, p.created_at, p.updated_at, "
    "p.version FROM applications p ";

std::vector<Application> select_applications(Tx& tx, const Vault& vault, const Query& q,
                                             const std::string& rest) {
  std::vector<Application> out;
  Application a;
  Text organisation, region, country, contact, outcome;
  std::string follow_up;
  long long version = 0;
  select(
      tx, kApplicationSelect + rest, q,
      [&](soci::statement& st) {
        st.exchange(soci::into(a.id));
        st.exchange(soci::into(a.call_id));
        st.exchange(soci::into(a.initiative));
        organisation.into(st);
        region.into(st);
        country.into(st);
        contact.into(st);
        st.exchange(soci::into(a.summary));
        st.exchange(soci::into(a.received_on));
        st.exchange(soci::into(a.status));
        st.exchange(soci::into(follow_up));
        outcome.into(st);
        st.exchange(soci::into(a.created_at));
        st.exchange(soci::into(a.updated_at));
        st.exchange(soci::into(version));
      },
      [&] {
        Application x = a;
        x.organisation = organisation.get();
        x.region = region.get();
        x.country = country.get();
        x.contact = contact.get() ? vault.decrypt(*contact.get(), "applications", "contact_enc", x.id)
                                  : std::string();
        x.follow_up = follow_up_from_json(follow_up);
        x.outcome = outcome.get();
        x.version = version;
        out.push_back(std::move(x));
      });
  return out;
}

std::vector<Review> select_reviews(Tx& tx, const Query& q, const std::string& rest) {
  std::vector<Review> out;
  Review r;
  std::string scores;
  Text comment;
  select(
      tx,
      "SELECT r.application_id, r.reviewer_id, r.scores, r.comment, r.created_at, r.updated_at "
      "FROM reviews r " +
          rest,
      q,
      [&](soci::statement& st) {
        st.exchange(soci::into(r.application_id));
        st.exchange(soci::into(r.reviewer_id));
        st.exchange(soci::into(scores));
        comment.into(st);
        st.exchange(soci::into(r.created_at));
        st.exchange(soci::into(r.updated_at));
      },
      [&] {
        Review x = r;
        x.scores = scores_from_json(scores);
        x.comment = comment.get().value_or("");
        out.push_back(std::move(x));
      });
  return out;
}

template <class T>
std::optional<T> first(std::vector<T> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::string limit_clause(int limit) {
  return " LIMIT " + std::to_string(std::clamp(limit, 1, 10000));
}

}  // namespace

// --- Activities ----------------------------------------------------------------------------

void ActivityRepository::create_activity(Tx& tx, const Activity& a) const {
  Indicators ind;
  std::string themes = list_to_json(a.themes);
  std::string starts = a.starts_on.value_or(""), ends = a.ends_on.value_or("");
  int international = a.international ? 1 : 0;
  long long version = a.version;
  tx.sql << "INSERT INTO activities (id, type, title, description, themes, audience, "
            "international, starts_on, ends_on, created_by, created_at, updated_at, version) "
            "VALUES (:id, :ty, :ti, :de, :th, :au, :in, :st, :en, :cb, :ca, :ua, :v)",
      soci::use(a.id), soci::use(a.type), soci::use(a.title), soci::use(a.description),
      soci::use(themes), soci::use(a.audience), soci::use(international),
      soci::use(starts, ind(a.starts_on.has_value())), soci::use(ends, ind(a.ends_on.has_value())),
      soci::use(a.created_by), soci::use(a.created_at), soci::use(a.updated_at), soci::use(version);
}

std::optional<Activity> ActivityRepository::find_activity(Tx& tx, const std::string& id) const {
  Query q;
  return first(select_activities(tx, q, "WHERE a.id = " + q.param(id)));
}

UpdateOutcome ActivityRepository::update_activity(Tx& tx, const Activity& a,
                                                  std::int64_t expected_version) const {
  Indicators ind;
  std::string themes = list_to_json(a.themes);
  std::string starts = a.starts_on.value_or(""), ends = a.ends_on.value_or("");
  int international = a.international ? 1 : 0;
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE activities SET type = :ty, title = :ti, description = :de, "
                         "themes = :th, audience = :au, international = :in, starts_on = :st, "
                         "ends_on = :en, updated_at = :ua, version = version + 1 WHERE id = :id "
                         "AND version = :v",
       soci::use(a.type), soci::use(a.title), soci::use(a.description), soci::use(themes),
       soci::use(a.audience), soci::use(international),
       soci::use(starts, ind(a.starts_on.has_value())), soci::use(ends, ind(a.ends_on.has_value())),
       soci::use(now), soci::use(a.id), soci::use(expected));
  return outcome_of(tx, st, "activities", a.id);
}

std::vector<Activity> ActivityRepository::activities(Tx& tx, const std::string& type,
                                                     int limit) const {
  Query q;
  std::string where = type.empty() ? "" : "WHERE a.type = " + q.param(type);
  // Activities without a start date sort by the day they were recorded.
  return select_activities(tx, q,
                           where +
                               " ORDER BY COALESCE(a.starts_on, substr(a.created_at, 1, 10)) "
                               "DESC, a.created_at DESC, a.id DESC" +
                               limit_clause(limit));
}

// --- Sessions ------------------------------------------------------------------------------

void ActivityRepository::create_session(Tx& tx, const Session& s) const {
  Indicators ind;
  std::string starts = s.starts_at.value_or(""), site = s.site_id.value_or(""),
              place = s.place.value_or(""), theme = s.theme.value_or(""),
              work = s.work.value_or("");
  int duration = s.duration_minutes.value_or(0);
  std::string facilitators = list_to_json(s.facilitators), guests = guests_to_json(s.guests),
              materials = materials_to_json(s.materials);
  std::string notes =
      s.notes.empty() ? "" : vault_.encrypt(s.notes, "activity_sessions", "notes_enc", s.id);
  long long version = s.version;
  tx.sql << "INSERT INTO activity_sessions (id, activity_id, held_on, starts_at, duration_minutes, "
            "site_id, place, theme, work, facilitators, guests, materials, notes_enc, created_by, "
            "created_at, updated_at, version) VALUES (:id, :a, :h, :sa, :du, :si, :pl, :th, :wo, "
            ":fa, :gu, :ma, :no, :cb, :ca, :ua, :v)",
      soci::use(s.id), soci::use(s.activity_id), soci::use(s.held_on),
      soci::use(starts, ind(s.starts_at.has_value())),
      soci::use(duration, ind(s.duration_minutes.has_value())),
      soci::use(site, ind(s.site_id.has_value())), soci::use(place, ind(s.place.has_value())),
      soci::use(theme, ind(s.theme.has_value())), soci::use(work, ind(s.work.has_value())),
      soci::use(facilitators), soci::use(guests), soci::use(materials),
      soci::use(notes, ind(!s.notes.empty())), soci::use(s.created_by), soci::use(s.created_at),
      soci::use(s.updated_at), soci::use(version);
}

std::optional<Session> ActivityRepository::find_session(Tx& tx, const std::string& id) const {
  Query q;
  return first(select_sessions(tx, vault_, q, "WHERE s.id = " + q.param(id)));
}

UpdateOutcome ActivityRepository::update_session(Tx& tx, const Session& s,
                                                 std::int64_t expected_version) const {
  Indicators ind;
  std::string starts = s.starts_at.value_or(""), site = s.site_id.value_or(""),
              place = s.place.value_or(""), theme = s.theme.value_or(""),
              work = s.work.value_or("");
  int duration = s.duration_minutes.value_or(0);
  std::string facilitators = list_to_json(s.facilitators), guests = guests_to_json(s.guests),
              materials = materials_to_json(s.materials);
  std::string notes =
      s.notes.empty() ? "" : vault_.encrypt(s.notes, "activity_sessions", "notes_enc", s.id);
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE activity_sessions SET held_on = :h, starts_at = :sa, "
                         "duration_minutes = :du, site_id = :si, place = :pl, theme = :th, work = "
                         ":wo, facilitators = :fa, guests = :gu, materials = :ma, notes_enc = "
                         ":no, updated_at = :ua, version = version + 1 WHERE id = :id AND version "
                         "= :v",
       soci::use(s.held_on), soci::use(starts, ind(s.starts_at.has_value())),
       soci::use(duration, ind(s.duration_minutes.has_value())),
       soci::use(site, ind(s.site_id.has_value())), soci::use(place, ind(s.place.has_value())),
       soci::use(theme, ind(s.theme.has_value())), soci::use(work, ind(s.work.has_value())),
       soci::use(facilitators), soci::use(guests), soci::use(materials),
       soci::use(notes, ind(!s.notes.empty())), soci::use(now), soci::use(s.id),
       soci::use(expected));
  return outcome_of(tx, st, "activity_sessions", s.id);
}

std::vector<Session> ActivityRepository::sessions_of(Tx& tx, const std::string& activity_id) const {
  Query q;
  return select_sessions(tx, vault_, q,
                         "WHERE s.activity_id = " + q.param(activity_id) + kSessionOrder);
}

std::vector<Session> ActivityRepository::sessions_between(Tx& tx, const std::string& from,
                                                          const std::string& to, int limit) const {
  Query q;
  return select_sessions(tx, vault_, q,
                         "WHERE s.held_on >= " + q.param(from) + " AND s.held_on <= " +
                             q.param(to) + kSessionOrder + limit_clause(limit));
}

// --- Attendance ----------------------------------------------------------------------------

bool ActivityRepository::add_attendance(Tx& tx, const Attendance& a) const {
  Indicators ind;
  std::string person = a.person_id.value_or(""), organisation = a.organisation.value_or(""),
              profession = a.profession.value_or("");
  int outsiders = a.outsider_count.value_or(0);
  // The unique index (session_id, person_id) holds one row per member and session; outsider
  // rows (no person) never collide.
  soci::statement st =
      (tx.sql.prepare << "INSERT INTO attendance (id, session_id, person_id, outsider_count, "
                         "organisation, profession, role, recorded_by, created_at) VALUES (:id, "
                         ":s, :p, :o, :org, :pr, :r, :rb, :ca) ON CONFLICT (session_id, "
                         "person_id) DO NOTHING",
       soci::use(a.id), soci::use(a.session_id), soci::use(person, ind(a.person_id.has_value())),
       soci::use(outsiders, ind(a.outsider_count.has_value())),
       soci::use(organisation, ind(a.organisation.has_value())),
       soci::use(profession, ind(a.profession.has_value())), soci::use(a.role),
       soci::use(a.recorded_by), soci::use(a.created_at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<std::string> ActivityRepository::session_of_attendance(
    Tx& tx, const std::string& attendance_id) const {
  std::string session_id;
  tx.sql << "SELECT session_id FROM attendance WHERE id = :id", soci::into(session_id),
      soci::use(attendance_id);
  if (!tx.sql.got_data()) return std::nullopt;
  return session_id;
}

bool ActivityRepository::remove_attendance(Tx& tx, const std::string& session_id,
                                           const std::string& attendance_id) const {
  soci::statement st = (tx.sql.prepare << "DELETE FROM attendance WHERE id = :id AND session_id = :s",
                        soci::use(attendance_id), soci::use(session_id));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  // A link to a project would count nothing any more.
  tx.sql << "DELETE FROM project_records WHERE record_type = 'attendance' AND record_id = :id",
      soci::use(attendance_id);
  return true;
}

std::vector<Attendance> ActivityRepository::attendance_of(Tx& tx,
                                                          const std::string& session_id) const {
  std::vector<Attendance> out;
  Attendance a;
  Text person, organisation, profession;
  Number outsiders;
  Query q;
  select(
      tx,
      "SELECT id, session_id, person_id, outsider_count, organisation, profession, role, "
      "recorded_by, created_at FROM attendance WHERE session_id = " +
          q.param(session_id) + " ORDER BY created_at, id",
      q,
      [&](soci::statement& st) {
        st.exchange(soci::into(a.id));
        st.exchange(soci::into(a.session_id));
        person.into(st);
        outsiders.into(st);
        organisation.into(st);
        profession.into(st);
        st.exchange(soci::into(a.role));
        st.exchange(soci::into(a.recorded_by));
        st.exchange(soci::into(a.created_at));
      },
      [&] {
        Attendance x = a;
        x.person_id = person.get();
        x.outsider_count = outsiders.get();
        x.organisation = organisation.get();
        x.profession = profession.get();
        out.push_back(std::move(x));
      });
  return out;
}

// --- Media ---------------------------------------------------------------------------------

void ActivityRepository::create_media(Tx& tx, const MediaItem& m) const {
  Indicators ind;
  std::string activity = m.activity_id.value_or(""), published = m.published_on.value_or(""),
              link = m.link.value_or("");
  long long version = m.version;
  tx.sql << "INSERT INTO media_items (id, kind, title, activity_id, status, published_on, link, "
            "created_by, created_at, updated_at, version) VALUES (:id, :k, :t, :a, :s, :p, :l, "
            ":cb, :ca, :ua, :v)",
      soci::use(m.id), soci::use(m.kind), soci::use(m.title),
      soci::use(activity, ind(m.activity_id.has_value())), soci::use(m.status),
      soci::use(published, ind(m.published_on.has_value())),
      soci::use(link, ind(m.link.has_value())), soci::use(m.created_by), soci::use(m.created_at),
      soci::use(m.updated_at), soci::use(version);
}

std::optional<MediaItem> ActivityRepository::find_media(Tx& tx, const std::string& id) const {
  Query q;
  return first(select_media(tx, q, "WHERE m.id = " + q.param(id)));
}

UpdateOutcome ActivityRepository::update_media(Tx& tx, const MediaItem& m,
                                               std::int64_t expected_version) const {
  Indicators ind;
  std::string activity = m.activity_id.value_or(""), published = m.published_on.value_or(""),
              link = m.link.value_or("");
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE media_items SET kind = :k, title = :t, activity_id = :a, status "
                         "= :s, published_on = :p, link = :l, updated_at = :ua, version = "
                         "version + 1 WHERE id = :id AND version = :v",
       soci::use(m.kind), soci::use(m.title), soci::use(activity, ind(m.activity_id.has_value())),
       soci::use(m.status), soci::use(published, ind(m.published_on.has_value())),
       soci::use(link, ind(m.link.has_value())), soci::use(now), soci::use(m.id),
       soci::use(expected));
  return outcome_of(tx, st, "media_items", m.id);
}

std::vector<MediaItem> ActivityRepository::media(Tx& tx, int limit) const {
  Query q;
  return select_media(tx, q, std::string(kMediaOrder) + limit_clause(limit));
}

void ActivityRepository::set_participant(Tx& tx, const MediaParticipant& p) const {
  tx.sql << "INSERT INTO media_participants (media_id, person_id, part) VALUES (:m, :p, :pa) ON "
            "CONFLICT (media_id, person_id) DO UPDATE SET part = excluded.part",
      soci::use(p.media_id), soci::use(p.person_id), soci::use(p.part);
}

bool ActivityRepository::remove_participant(Tx& tx, const std::string& media_id,
                                            const std::string& person_id) const {
  soci::statement st =
      (tx.sql.prepare << "DELETE FROM media_participants WHERE media_id = :m AND person_id = :p",
       soci::use(media_id), soci::use(person_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<MediaParticipant> ActivityRepository::participants(Tx& tx,
                                                               const std::string& media_id) const {
  std::vector<MediaParticipant> out;
  MediaParticipant p;
  Query q;
  select(
      tx,
      "SELECT media_id, person_id, part FROM media_participants WHERE media_id = " +
          q.param(media_id) + " ORDER BY person_id",
      q,
      [&](soci::statement& st) {
        st.exchange(soci::into(p.media_id));
        st.exchange(soci::into(p.person_id));
        st.exchange(soci::into(p.part));
      },
      [&] { out.push_back(p); });
  return out;
}

std::vector<MediaItem> ActivityRepository::media_of_person(Tx& tx,
                                                           const std::string& person_id) const {
  Query q;
  return select_media(tx, q,
                      "WHERE m.id IN (SELECT mp.media_id FROM media_participants mp WHERE "
                      "mp.person_id = " +
                          q.param(person_id) + ")" + kMediaOrder);
}

// --- Calls for contributions ---------------------------------------------------------------

void ActivityRepository::create_call(Tx& tx, const Call& c) const {
  Indicators ind;
  std::string criteria = criteria_to_json(c.criteria);
  std::string opens = c.opens_on.value_or(""), closes = c.closes_on.value_or("");
  int places = c.places.value_or(0);
  long long version = c.version;
  tx.sql << "INSERT INTO calls (id, title, description, criteria, opens_on, closes_on, places, "
            "status, created_by, created_at, updated_at, version) VALUES (:id, :t, :d, :cr, :o, "
            ":cl, :p, :s, :cb, :ca, :ua, :v)",
      soci::use(c.id), soci::use(c.title), soci::use(c.description), soci::use(criteria),
      soci::use(opens, ind(c.opens_on.has_value())), soci::use(closes, ind(c.closes_on.has_value())),
      soci::use(places, ind(c.places.has_value())), soci::use(c.status), soci::use(c.created_by),
      soci::use(c.created_at), soci::use(c.updated_at), soci::use(version);
}

std::optional<Call> ActivityRepository::find_call(Tx& tx, const std::string& id) const {
  Query q;
  return first(select_calls(tx, q, "WHERE c.id = " + q.param(id)));
}

UpdateOutcome ActivityRepository::update_call(Tx& tx, const Call& c,
                                              std::int64_t expected_version) const {
  Indicators ind;
  std::string criteria = criteria_to_json(c.criteria);
  std::string opens = c.opens_on.value_or(""), closes = c.closes_on.value_or("");
  int places = c.places.value_or(0);
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE calls SET title = :t, description = :d, criteria = :cr, opens_on "
                         "= :o, closes_on = :cl, places = :p, status = :s, updated_at = :ua, "
                         "version = version + 1 WHERE id = :id AND version = :v",
       soci::use(c.title), soci::use(c.description), soci::use(criteria),
       soci::use(opens, ind(c.opens_on.has_value())), soci::use(closes, ind(c.closes_on.has_value())),
       soci::use(places, ind(c.places.has_value())), soci::use(c.status), soci::use(now),
       soci::use(c.id), soci::use(expected));
  return outcome_of(tx, st, "calls", c.id);
}

std::vector<Call> ActivityRepository::calls(Tx& tx) const {
  Query q;
  return select_calls(tx, q,
                      "ORDER BY COALESCE(c.opens_on, substr(c.created_at, 1, 10)) DESC, "
                      "c.created_at DESC, c.id DESC");
}

void ActivityRepository::create_application(Tx& tx, const Application& a) const {
  Indicators ind;
  std::string organisation = a.organisation.value_or(""), region = a.region.value_or(""),
              country = a.country.value_or(""), outcome = a.outcome.value_or("");
  std::string contact =
      a.contact.empty() ? "" : vault_.encrypt(a.contact, "applications", "contact_enc", a.id);
  std::string follow_up = follow_up_to_json(a.follow_up);
  long long version = a.version;
  tx.sql << "INSERT INTO applications (id, call_id, initiative, organisation, region, country, "
            "contact_enc, summary, received_on, status, follow_up, outcome, created_at, "
            "updated_at, version) VALUES (:id, :c, :i, :o, :r, :co, :ct, :su, :re, :st, :fu, :ou, "
            ":ca, :ua, :v)",
      soci::use(a.id), soci::use(a.call_id), soci::use(a.initiative),
      soci::use(organisation, ind(a.organisation.has_value())),
      soci::use(region, ind(a.region.has_value())), soci::use(country, ind(a.country.has_value())),
      soci::use(contact, ind(!a.contact.empty())), soci::use(a.summary), soci::use(a.received_on),
      soci::use(a.status), soci::use(follow_up), soci::use(outcome, ind(a.outcome.has_value())),
      soci::use(a.created_at), soci::use(a.updated_at), soci::use(version);
}

std::optional<Application> ActivityRepository::find_application(Tx& tx,
                                                                const std::string& id) const {
  Query q;
  return first(select_applications(tx, vault_, q, "WHERE p.id = " + q.param(id)));
}

UpdateOutcome ActivityRepository::update_application(Tx& tx, const Application& a,
                                                     std::int64_t expected_version) const {
  Indicators ind;
  std::string organisation = a.organisation.value_or(""), region = a.region.value_or(""),
              country = a.country.value_or(""), outcome = a.outcome.value_or("");
  std::string contact =
      a.contact.empty() ? "" : vault_.encrypt(a.contact, "applications", "contact_enc", a.id);
  std::string follow_up = follow_up_to_json(a.follow_up);
  std::string now = core::now_iso8601();
  long long expected = expected_version;
  soci::statement st =
      (tx.sql.prepare << "UPDATE applications SET initiative = :i, organisation = :o, region = "
                         ":r, country = :co, contact_enc = :ct, summary = :su, received_on = :re, "
                         "status = :st, follow_up = :fu, outcome = :ou, updated_at = :ua, version "
                         "= version + 1 WHERE id = :id AND version = :v",
       soci::use(a.initiative), soci::use(organisation, ind(a.organisation.has_value())),
       soci::use(region, ind(a.region.has_value())), soci::use(country, ind(a.country.has_value())),
       soci::use(contact, ind(!a.contact.empty())), soci::use(a.summary), soci::use(a.received_on),
       soci::use(a.status), soci::use(follow_up), soci::use(outcome, ind(a.outcome.has_value())),
       soci::use(now), soci::use(a.id), soci::use(expected));
  return outcome_of(tx, st, "applications", a.id);
}

std::vector<Application> ActivityRepository::applications_of(Tx& tx,
                                                             const std::string& call_id) const {
  Query q;
  return select_applications(tx, vault_, q,
                             "WHERE p.call_id = " + q.param(call_id) +
                                 " ORDER BY p.received_on, p.created_at, p.id");
}

void ActivityRepository::put_review(Tx& tx, const Review& r) const {
  Indicators ind;
  std::string scores = scores_to_json(r.scores), comment = r.comment;
  std::string now = core::now_iso8601();
  std::string created = r.created_at.empty() ? now : r.created_at;
  std::string updated = r.updated_at.empty() ? now : r.updated_at;
  // One review per reviewer: a second one replaces her scores and comment, not the date she
  // first reviewed.
  tx.sql << "INSERT INTO reviews (application_id, reviewer_id, scores, comment, created_at, "
            "updated_at) VALUES (:a, :r, :s, :c, :ca, :ua) ON CONFLICT (application_id, "
            "reviewer_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment, "
            "updated_at = excluded.updated_at",
      soci::use(r.application_id), soci::use(r.reviewer_id), soci::use(scores),
      soci::use(comment, ind(!comment.empty())), soci::use(created), soci::use(updated);
}

std::vector<Review> ActivityRepository::reviews_of(Tx& tx,
                                                   const std::string& application_id) const {
  Query q;
  return select_reviews(tx, q,
                        "WHERE r.application_id = " + q.param(application_id) +
                            " ORDER BY r.created_at, r.reviewer_id");
}

std::vector<Review> ActivityRepository::reviews_of_call(Tx& tx, const std::string& call_id) const {
  Query q;
  return select_reviews(tx, q,
                        "JOIN applications p ON p.id = r.application_id WHERE p.call_id = " +
                            q.param(call_id) + " ORDER BY r.application_id, r.created_at, "
                                               "r.reviewer_id");
}

}  // namespace passerelle::store
