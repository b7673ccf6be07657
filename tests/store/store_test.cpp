// Store tests: the same cases on SQLite and on PostgreSQL (PASSERELLE_TEST_ENGINE=sqlite |
// postgres; for postgres, PASSERELLE_TEST_PG_URL points at a server the test script started).
#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>

#include "core/clock.h"
#include "core/ids.h"
#include "crypto/secret_bytes.h"
#include "crypto/totp.h"
#include "store/key_rotation.h"
#include "store/logical_backup.h"
#include <sstream>
#include "store/store.h"

using namespace passerelle;
namespace fs = std::filesystem;

#include "fresh_database.h"

using passerelle::testing_support::engine;
using passerelle::testing_support::Fresh;
using passerelle::testing_support::key_from;
using passerelle::testing_support::make_user;
using StoreTest = passerelle::testing_support::StoreTest;

TEST_F(StoreTest, MigrationsAreRecordedAndRunOnce) {
  EXPECT_GE(s().db().schema_version(), 1);
  EXPECT_EQ(s().db().migrate(), 0);
}

TEST_F(StoreTest, UserRoundTripWithEncryptedDisplayName) {
  core::User u = make_user("amina");
  s().db().write([&](store::Tx& tx) { s().users().create(tx, u); });
  std::optional<core::User> found;
  std::string raw;
  s().db().read([&](store::Tx& tx) {
    found = s().users().find_by_username(tx, "amina");
    tx.sql << "SELECT display_name FROM users WHERE id = :id", soci::use(u.id), soci::into(raw);
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->display_name, "Amina Okoro");
  EXPECT_EQ(raw.find("Amina"), std::string::npos) << "the name must not be stored in clear";
}

TEST_F(StoreTest, StaleVersionIsRefusedAndNothingChanges) {
  core::User u = make_user("blessing");
  s().db().write([&](store::Tx& tx) { s().users().create(tx, u); });
  store::UserChanges first, second;
  first.role = "lawyer";
  second.role = "psychologist";
  store::UpdateOutcome a, b;
  s().db().write([&](store::Tx& tx) { a = s().users().update(tx, u.id, 1, first); });
  s().db().write([&](store::Tx& tx) { b = s().users().update(tx, u.id, 1, second); });
  EXPECT_EQ(a, store::UpdateOutcome::updated);
  EXPECT_EQ(b, store::UpdateOutcome::version_conflict);
  std::optional<core::User> now;
  s().db().read([&](store::Tx& tx) { now = s().users().find(tx, u.id); });
  EXPECT_EQ(now->role, "lawyer");
  EXPECT_EQ(now->version, 2);
}

TEST_F(StoreTest, UserListPagesByCursor) {
  s().db().write([&](store::Tx& tx) {
    for (const char* n : {"ada", "bea", "cleo", "dora", "eve"}) s().users().create(tx, make_user(n));
  });
  store::UserPage p1, p2;
  s().db().read([&](store::Tx& tx) { p1 = s().users().list(tx, "", 2); });
  ASSERT_EQ(p1.items.size(), 2u);
  ASSERT_TRUE(p1.next);
  s().db().read([&](store::Tx& tx) { p2 = s().users().list(tx, *p1.next, 10); });
  ASSERT_EQ(p2.items.size(), 3u);
  EXPECT_EQ(p2.items[0].username, "cleo");
  EXPECT_FALSE(p2.next);
}

TEST_F(StoreTest, FailedWriteRollsBackEverything) {
  core::User u = make_user("ines");
  EXPECT_THROW(s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().users().create(tx, u);  // same id: constraint violation
  }),
               store::StoreError);
  int count = -1;
  s().db().read([&](store::Tx& tx) { count = s().users().count(tx); });
  EXPECT_EQ(count, 0);
}

TEST_F(StoreTest, SessionsAreFoundByTokenHashOnly) {
  core::User u = make_user("fola");
  core::Session session{core::new_id(), u.id, "authenticated", 100, 100, 1000, "test"};
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().sessions().create(tx, session, "secret-token-value");
  });
  std::optional<core::Session> found, missing;
  int clear = -1;
  s().db().read([&](store::Tx& tx) {
    found = s().sessions().find_by_token(tx, "secret-token-value");
    missing = s().sessions().find_by_token(tx, "other");
    tx.sql << "SELECT count(*) FROM sessions WHERE token_hash = 'secret-token-value'", soci::into(clear);
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, session.id);
  EXPECT_FALSE(missing);
  EXPECT_EQ(clear, 0);
  s().db().write([&](store::Tx& tx) { EXPECT_EQ(s().sessions().remove_all_for_user(tx, u.id), 1); });
}

TEST_F(StoreTest, TotpStepsCannotBeReplayedAndRecoveryCodesWorkOnce) {
  core::User u = make_user("kemi");
  auto codes = crypto::new_recovery_codes(10);
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().users().set_pending_mfa_secret(tx, u.id, crypto::new_totp_secret());
    s().users().activate_mfa(tx, u.id, 1000, codes);
  });
  s().db().write([&](store::Tx& tx) {
    EXPECT_TRUE(s().users().mfa_secret(tx, u.id));
    EXPECT_FALSE(s().users().use_mfa_step(tx, u.id, 1000));
    EXPECT_TRUE(s().users().use_mfa_step(tx, u.id, 1001));
    EXPECT_FALSE(s().users().use_mfa_step(tx, u.id, 1001));
    EXPECT_TRUE(s().users().use_recovery_code(tx, u.id, codes[3]));
    EXPECT_FALSE(s().users().use_recovery_code(tx, u.id, codes[3]));
    EXPECT_FALSE(s().users().use_recovery_code(tx, u.id, "aaaa-bbbb-cccc"));
  });
}

TEST_F(StoreTest, ThrottleLocksAfterRepeatedFailures) {
  const auto& t = s().account_throttle();
  std::int64_t lock = 0;
  s().db().write([&](store::Tx& tx) {
    for (int i = 0; i < t.policy().free_failures - 1; ++i) lock = t.record_failure(tx, "user:x", 1000);
  });
  EXPECT_EQ(lock, 0);
  s().db().write([&](store::Tx& tx) { lock = t.record_failure(tx, "user:x", 1000); });
  EXPECT_GT(lock, 0);
  s().db().read([&](store::Tx& tx) {
    EXPECT_GT(t.locked_for(tx, "user:x", 1001), 0);
    EXPECT_EQ(t.locked_for(tx, "user:x", 1000 + lock), 0);
    EXPECT_EQ(t.locked_for(tx, "user:unknown", 1001), 0);
  });
}

namespace {
core::AuditEvent event(const std::string& action) {
  core::AuditEvent e;
  e.action = action;
  e.actor_id = core::new_id();
  return e;
}
void drop_append_only_guard(store::Store& s) {
  s.db().write([&](store::Tx& tx) {
    if (tx.engine == store::Engine::sqlite) {
      tx.sql << "DROP TRIGGER audit_log_no_update";
      tx.sql << "DROP TRIGGER audit_log_no_delete";
    } else {
      tx.sql << "DROP TRIGGER audit_log_no_change ON audit_log";
    }
  });
}
}  // namespace

TEST_F(StoreTest, AuditChainVerifies) {
  s().db().write([&](store::Tx& tx) {
    for (int i = 0; i < 5; ++i) s().audit().append(tx, event("test.event"));
  });
  auto v = s().audit().verify(s().db());
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.checked, 5);
}

TEST_F(StoreTest, AuditLogRefusesUpdatesAndDeletes) {
  s().db().write([&](store::Tx& tx) { s().audit().append(tx, event("test.event")); });
  EXPECT_THROW(s().db().write([&](store::Tx& tx) { tx.sql << "UPDATE audit_log SET action = 'x'"; }),
               store::StoreError);
  EXPECT_THROW(s().db().write([&](store::Tx& tx) { tx.sql << "DELETE FROM audit_log"; }),
               store::StoreError);
}

TEST_F(StoreTest, AuditVerifyFindsAnEditedRow) {
  s().db().write([&](store::Tx& tx) {
    for (int i = 0; i < 5; ++i) s().audit().append(tx, event("test.event"));
  });
  drop_append_only_guard(s());
  s().db().write([&](store::Tx& tx) { tx.sql << "UPDATE audit_log SET outcome = 'failure' WHERE seq = 3"; });
  auto v = s().audit().verify(s().db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken, 3);
}

TEST_F(StoreTest, AuditVerifyFindsADeletedRow) {
  s().db().write([&](store::Tx& tx) {
    for (int i = 0; i < 5; ++i) s().audit().append(tx, event("test.event"));
  });
  drop_append_only_guard(s());
  s().db().write([&](store::Tx& tx) { tx.sql << "DELETE FROM audit_log WHERE seq = 2"; });
  auto v = s().audit().verify(s().db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken, 2);
}

TEST_F(StoreTest, AuditSearchFiltersWithoutBuildingSqlFromInput) {
  s().db().write([&](store::Tx& tx) {
    s().audit().append(tx, event("auth.login"));
    s().audit().append(tx, event("auth.logout"));
    s().audit().append(tx, event("user.create"));
  });
  std::vector<core::AuditEntry> auth, hostile;
  s().db().read([&](store::Tx& tx) {
    store::AuditFilter f;
    f.action = "auth.";
    auth = s().audit().search(tx, f);
    store::AuditFilter g;
    g.action = "x' OR '1'='1";
    hostile = s().audit().search(tx, g);
  });
  EXPECT_EQ(auth.size(), 2u);
  EXPECT_EQ(auth[0].action, "auth.logout");  // newest first
  EXPECT_TRUE(hostile.empty());
}

TEST_F(StoreTest, KeyRotationReencryptsEverythingAndKeepsWorking) {
  core::User u = make_user("ngozi", "Ngozi Eze");
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().users().set_pending_mfa_secret(tx, u.id, crypto::new_totp_secret());
    s().audit().append(tx, event("before.rotation"));
  });
  store_.reset();
  // Rotation: the new key is current, the old one still opens what has not been rewritten.
  auto rotating = store::Store::open(fresh_->url(), key_from(9), key_from(7));
  long long n = store::reencrypt_all(rotating->db(), rotating->vault());
  EXPECT_GE(n, 4);  // display name, pending secret, two wrapped keys
  EXPECT_EQ(store::reencrypt_all(rotating->db(), rotating->vault()), 0) << "idempotent";
  rotating.reset();
  // Afterwards the new key alone opens everything, and the audit chain still verifies.
  auto after = store::Store::open(fresh_->url(), key_from(9));
  std::optional<core::User> found;
  after->db().read([&](store::Tx& tx) { found = after->users().find(tx, u.id); });
  EXPECT_EQ(found->display_name, "Ngozi Eze");
  EXPECT_TRUE(after->audit().verify(after->db()).ok);
  // And the old key alone no longer does.
  after.reset();
  EXPECT_THROW(store::Store::open(fresh_->url(), key_from(7)), store::StoreError);
}

TEST_F(StoreTest, EveryEncryptedColumnIsDeclaredForRotation) {
  // Columns holding ciphertext are named in the rotation registry; this guards the three users
  // columns and the wrapped keys, and fails when a declared column disappears.
  for (const auto& c : store::encrypted_columns()) {
    EXPECT_NO_THROW(s().db().read([&](store::Tx& tx) {
      int n = 0;
      tx.sql << "SELECT count(" + std::string(c.column) + ") FROM " + std::string(c.table), soci::into(n);
    })) << c.table << "." << c.column;
  }
}

TEST_F(StoreTest, EveryTableIsEitherBackedUpOrDeclaredTransient) {
  std::vector<std::string> tables;
  s().db().read([&](store::Tx& tx) {
    std::string name;
    soci::statement st = (tx.engine == store::Engine::sqlite
                              ? (tx.sql.prepare << "SELECT name FROM sqlite_master WHERE type = "
                                                   "'table' AND name NOT LIKE 'sqlite_%'",
                                 soci::into(name))
                              : (tx.sql.prepare << "SELECT table_name FROM information_schema.tables "
                                                   "WHERE table_schema = current_schema()",
                                 soci::into(name)));
    st.execute();
    while (st.fetch()) tables.push_back(name);
  });
  ASSERT_FALSE(tables.empty());
  for (const auto& t : tables) {
    bool kept = std::find(store::backed_up_tables().begin(), store::backed_up_tables().end(), t) !=
                store::backed_up_tables().end();
    bool transient = std::find(store::transient_tables().begin(), store::transient_tables().end(),
                               t) != store::transient_tables().end();
    EXPECT_TRUE(kept != transient) << t << " must be in exactly one of the backup lists";
  }
}

TEST_F(StoreTest, LogicalBackupRoundTripOnPostgres) {
  if (engine() != "postgres") GTEST_SKIP() << "SQLite deployments back up with VACUUM INTO";
  core::User u = make_user("osaro", "Osaro Ede");
  s().db().write([&](store::Tx& tx) {
    s().users().create(tx, u);
    s().audit().append(tx, event("before.backup"));
  });
  std::stringstream file;
  long long written = store::write_logical_backup(s().db(), file);
  EXPECT_GE(written, 4);
  Fresh target;
  auto restored = store::Store::open(target.url(), key_from(7));
  long long read = store::read_logical_backup(restored->db(), file);
  EXPECT_EQ(read, written);
  restored.reset();
  auto reopened = store::Store::open(target.url(), key_from(7));
  std::optional<core::User> found;
  reopened->db().read([&](store::Tx& tx) { found = reopened->users().find(tx, u.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->display_name, "Osaro Ede");
  EXPECT_TRUE(reopened->audit().verify(reopened->db()).ok);
  // A second load into a database that now holds data is refused.
  std::stringstream again;
  store::write_logical_backup(s().db(), again);
  EXPECT_THROW(store::read_logical_backup(reopened->db(), again), store::StoreError);
}
