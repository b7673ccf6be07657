#include "store/audit_log.h"

#include <soci/soci.h>

#include "core/clock.h"

namespace passerelle::store {
namespace {

constexpr const char* kGenesis = "genesis";

struct Row {
  long long seq = 0;
  std::string at, actor_id, action, target_type, target_id, outcome, ip, request_id, details,
      prev_hash, hash;
  soci::indicator i_actor, i_tt, i_ti, i_ip, i_req, i_det;
};

core::AuditEntry to_entry(const Row& r) {
  core::AuditEntry e;
  e.seq = r.seq;
  e.at = r.at;
  auto opt = [](const std::string& v, soci::indicator i) { return i == soci::i_ok ? v : ""; };
  e.actor_id = opt(r.actor_id, r.i_actor);
  e.action = r.action;
  e.target_type = opt(r.target_type, r.i_tt);
  e.target_id = opt(r.target_id, r.i_ti);
  e.outcome = r.outcome;
  e.ip = opt(r.ip, r.i_ip);
  e.request_id = opt(r.request_id, r.i_req);
  e.details = opt(r.details, r.i_det);
  e.prev_hash = r.prev_hash;
  e.hash = r.hash;
  return e;
}

template <class Statement>
void bind(Statement& st, Row& r) {
  st.exchange(soci::into(r.seq));
  st.exchange(soci::into(r.at));
  st.exchange(soci::into(r.actor_id, r.i_actor));
  st.exchange(soci::into(r.action));
  st.exchange(soci::into(r.target_type, r.i_tt));
  st.exchange(soci::into(r.target_id, r.i_ti));
  st.exchange(soci::into(r.outcome));
  st.exchange(soci::into(r.ip, r.i_ip));
  st.exchange(soci::into(r.request_id, r.i_req));
  st.exchange(soci::into(r.details, r.i_det));
  st.exchange(soci::into(r.prev_hash));
  st.exchange(soci::into(r.hash));
}

constexpr const char* kColumns =
    "seq, at, actor_id, action, target_type, target_id, outcome, ip, request_id, details, "
    "prev_hash, hash";

}  // namespace

std::int64_t AuditLog::append(Tx& tx, const core::AuditEvent& event) const {
  if (tx.engine == Engine::postgres) tx.sql << "SELECT pg_advisory_xact_lock(74210002)";
  long long last_seq = 0;
  std::string last_hash = kGenesis;
  soci::indicator ind = soci::i_null;
  tx.sql << "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", soci::into(last_seq),
      soci::into(last_hash, ind);
  if (!tx.sql.got_data()) {
    last_seq = 0;
    last_hash = kGenesis;
  }
  core::AuditEntry e;
  static_cast<core::AuditEvent&>(e) = event;
  e.seq = last_seq + 1;
  e.at = core::now_iso8601();
  e.prev_hash = last_hash;
  e.hash = vault_.audit_hash(core::audit_canonical(e));
  long long seq = e.seq;
  auto nullable = [](const std::string& v) {
    return v.empty() ? soci::i_null : soci::i_ok;
  };
  soci::indicator i1 = nullable(e.actor_id), i2 = nullable(e.target_type),
                  i3 = nullable(e.target_id), i4 = nullable(e.ip), i5 = nullable(e.request_id),
                  i6 = nullable(e.details);
  tx.sql << "INSERT INTO audit_log (seq, at, actor_id, action, target_type, target_id, outcome, "
            "ip, request_id, details, prev_hash, hash) VALUES (:s, :at, :a, :ac, :tt, :ti, :o, "
            ":ip, :r, :d, :p, :h)",
      soci::use(seq), soci::use(e.at), soci::use(e.actor_id, i1), soci::use(e.action),
      soci::use(e.target_type, i2), soci::use(e.target_id, i3), soci::use(e.outcome),
      soci::use(e.ip, i4), soci::use(e.request_id, i5), soci::use(e.details, i6),
      soci::use(e.prev_hash), soci::use(e.hash);
  return e.seq;
}

std::vector<core::AuditEntry> AuditLog::search(Tx& tx, const AuditFilter& f) const {
  // Every filter is always bound; an unused one is neutralised by its "IS NULL" arm, so the
  // statement text never depends on user input.
  std::string action = f.action.value_or(""), actor = f.actor_id.value_or(""),
              from = f.from.value_or(""), to = f.to.value_or("");
  bool prefix = !action.empty() && action.back() == '.';
  std::string action_like = prefix ? action + "%" : "";
  std::string action_exact = prefix ? "" : action;
  long long before = f.before_seq.value_or(INT64_MAX);
  long long limit = f.limit;
  soci::indicator i_ae = action_exact.empty() ? soci::i_null : soci::i_ok;
  soci::indicator i_al = action_like.empty() ? soci::i_null : soci::i_ok;
  soci::indicator i_ac = actor.empty() ? soci::i_null : soci::i_ok;
  soci::indicator i_f = from.empty() ? soci::i_null : soci::i_ok;
  soci::indicator i_t = to.empty() ? soci::i_null : soci::i_ok;
  std::vector<core::AuditEntry> out;
  Row r;
  soci::statement st(tx.sql);
  bind(st, r);
  st.exchange(soci::use(before, "before"));
  st.exchange(soci::use(action_exact, i_ae, "ae1"));
  st.exchange(soci::use(action_exact, i_ae, "ae2"));
  st.exchange(soci::use(action_like, i_al, "al1"));
  st.exchange(soci::use(action_like, i_al, "al2"));
  st.exchange(soci::use(actor, i_ac, "ac1"));
  st.exchange(soci::use(actor, i_ac, "ac2"));
  st.exchange(soci::use(from, i_f, "f1"));
  st.exchange(soci::use(from, i_f, "f2"));
  st.exchange(soci::use(to, i_t, "t1"));
  st.exchange(soci::use(to, i_t, "t2"));
  st.exchange(soci::use(limit, "lim"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns +
             " FROM audit_log WHERE seq < :before"
             " AND (CAST(:ae1 AS TEXT) IS NULL OR action = :ae2)"
             " AND (CAST(:al1 AS TEXT) IS NULL OR action LIKE :al2)"
             " AND (CAST(:ac1 AS TEXT) IS NULL OR actor_id = :ac2)"
             " AND (CAST(:f1 AS TEXT) IS NULL OR at >= :f2)"
             " AND (CAST(:t1 AS TEXT) IS NULL OR at < :t2)"
             " ORDER BY seq DESC LIMIT :lim");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(to_entry(r));
  return out;
}

AuditVerification AuditLog::verify(Database& db) const {
  AuditVerification v;
  db.read([&](Tx& tx) {
    Row r;
    soci::statement st(tx.sql);
    bind(st, r);
    st.alloc();
    st.prepare(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
    st.define_and_bind();
    st.execute();
    std::string prev = kGenesis;
    std::int64_t expected_seq = 1;
    while (st.fetch()) {
      core::AuditEntry e = to_entry(r);
      ++v.checked;
      auto broken = [&](const char* reason) {
        v.ok = false;
        v.first_broken = e.seq;
        v.reason = reason;
      };
      if (e.seq != expected_seq) {
        v.ok = false;
        v.first_broken = expected_seq;
        v.reason = "gap";
        return;
      }
      if (e.prev_hash != prev) return broken("link");
      if (vault_.audit_hash(core::audit_canonical(e)) != e.hash) return broken("hash");
      prev = e.hash;
      ++expected_seq;
    }
  });
  return v;
}

}  // namespace passerelle::store
