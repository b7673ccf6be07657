#include "store/session_repository.h"

#include <soci/soci.h>

namespace passerelle::store {

void SessionRepository::create(Tx& tx, const core::Session& s, const std::string& token) const {
  std::string hash = token_hash(token);
  long long created = s.created_at, seen = s.last_seen_at, expires = s.expires_at;
  tx.sql << "INSERT INTO sessions (id, token_hash, user_id, state, created_at, last_seen_at, "
            "expires_at, user_agent) VALUES (:id, :h, :u, :s, :c, :l, :e, :a)",
      soci::use(s.id), soci::use(hash), soci::use(s.user_id), soci::use(s.state),
      soci::use(created), soci::use(seen), soci::use(expires), soci::use(s.user_agent);
}

std::optional<core::Session> SessionRepository::find_by_token(Tx& tx,
                                                              const std::string& token) const {
  std::string hash = token_hash(token);
  core::Session s;
  long long created = 0, seen = 0, expires = 0;
  tx.sql << "SELECT id, user_id, state, created_at, last_seen_at, expires_at, user_agent FROM "
            "sessions WHERE token_hash = :h",
      soci::use(hash), soci::into(s.id), soci::into(s.user_id), soci::into(s.state),
      soci::into(created), soci::into(seen), soci::into(expires), soci::into(s.user_agent);
  if (!tx.sql.got_data()) return std::nullopt;
  s.created_at = created;
  s.last_seen_at = seen;
  s.expires_at = expires;
  return s;
}

std::vector<core::Session> SessionRepository::list_for_user(Tx& tx,
                                                            const std::string& user_id) const {
  std::vector<core::Session> out;
  core::Session s;
  long long created = 0, seen = 0, expires = 0;
  soci::statement st =
      (tx.sql.prepare << "SELECT id, user_id, state, created_at, last_seen_at, expires_at, "
                         "user_agent FROM sessions WHERE user_id = :u ORDER BY created_at DESC",
       soci::use(user_id), soci::into(s.id), soci::into(s.user_id), soci::into(s.state),
       soci::into(created), soci::into(seen), soci::into(expires), soci::into(s.user_agent));
  st.execute();
  while (st.fetch()) {
    s.created_at = created;
    s.last_seen_at = seen;
    s.expires_at = expires;
    out.push_back(s);
  }
  return out;
}

void SessionRepository::set_state(Tx& tx, const std::string& id, const std::string& state) const {
  tx.sql << "UPDATE sessions SET state = :s WHERE id = :id", soci::use(state), soci::use(id);
}

void SessionRepository::touch(Tx& tx, const std::string& id, std::int64_t now) const {
  long long n = now;
  tx.sql << "UPDATE sessions SET last_seen_at = :n WHERE id = :id", soci::use(n), soci::use(id);
}

bool SessionRepository::remove(Tx& tx, const std::string& id, const std::string& user_id) const {
  soci::statement st = (tx.sql.prepare << "DELETE FROM sessions WHERE id = :id AND user_id = :u",
                        soci::use(id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

int SessionRepository::remove_all_for_user(Tx& tx, const std::string& user_id) const {
  soci::statement st =
      (tx.sql.prepare << "DELETE FROM sessions WHERE user_id = :u", soci::use(user_id));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

int SessionRepository::remove_expired(Tx& tx, std::int64_t now, std::int64_t idle_seconds) const {
  long long n = now, cutoff = now - idle_seconds;
  soci::statement st = (tx.sql.prepare << "DELETE FROM sessions WHERE expires_at <= :n OR "
                                          "last_seen_at <= :c",
                        soci::use(n), soci::use(cutoff));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace passerelle::store
