#include "store/retention.h"

#include <soci/soci.h>

#include "core/clock.h"
#include "store/anonymiser.h"

namespace passerelle::store {
namespace {

std::string years_before(std::int64_t now, int years) {
  std::string today = core::iso8601_utc(now).substr(0, 10);
  int y = std::stoi(today.substr(0, 4)) - years;
  std::string date = std::to_string(y) + today.substr(4);
  if (date.substr(5) == "02-29") date = std::to_string(y) + "-02-28";  // no 29 Feb that year
  return date;
}

std::vector<std::string> unfollowed_people_due(Tx& tx, const std::string& cutoff, int limit) {
  std::vector<std::string> ids;
  std::string id;
  long long lim = limit;
  soci::statement st =
      (tx.sql.prepare << "SELECT p.id FROM people p WHERE p.anonymised_at IS NULL AND NOT EXISTS "
                         "(SELECT 1 FROM cases c WHERE c.person_id = p.id) AND p.created_at < :c1 "
                         "AND NOT EXISTS (SELECT 1 FROM encounters e WHERE e.person_id = p.id AND "
                         "e.happened_on >= :c2) ORDER BY p.id LIMIT :l",
       soci::use(cutoff), soci::use(cutoff), soci::use(lim), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

}  // namespace

RetentionReport run_retention(Store& store, const RetentionPolicy& policy, std::int64_t now,
                              std::int64_t session_idle_seconds) {
  RetentionReport report;
  std::string now_iso = core::iso8601_utc(now);
  auto anonymise_all = [&](auto&& find, const char* rule) {
    for (;;) {
      std::vector<std::string> ids;
      store.db().read([&](Tx& tx) { ids = find(tx); });
      if (ids.empty()) break;
      for (const auto& id : ids) {
        store.db().write([&](Tx& tx) {
          anonymise_person(tx, store.vault(), id, now_iso);
          core::AuditEvent e;
          e.action = "retention.anonymise";
          e.target_type = "person";
          e.target_id = id;
          e.details = std::string("{\"rule\":\"") + rule + "\"}";
          store.audit().append(tx, e);
        });
        ++report.people_anonymised;
      }
    }
  };
  std::string closed_cutoff = years_before(now, policy.closed_case_years);
  anonymise_all([&](Tx& tx) { return people_due_for_retention(tx, closed_cutoff, 200); },
                "closed_case");
  std::string unfollowed_cutoff = years_before(now, policy.unfollowed_person_years);
  anonymise_all([&](Tx& tx) { return unfollowed_people_due(tx, unfollowed_cutoff, 200); },
                "unfollowed_person");
  store.db().write([&](Tx& tx) {
    report.sessions_removed = store.sessions().remove_expired(tx, now, session_idle_seconds);
    long long forget = now - 7 * 86400;
    soci::statement st = (tx.sql.prepare << "DELETE FROM login_throttle WHERE last_failure_at < :f "
                                            "AND locked_until < :n",
                          soci::use(forget), soci::use(now));
    st.execute(true);
    report.throttle_rows_removed = static_cast<int>(st.get_affected_rows());
  });
  return report;
}

}  // namespace passerelle::store
