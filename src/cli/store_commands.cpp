// init, migrate, backup, restore, audit verify, keys rotate.
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "crypto/file_cipher.h"
#include "crypto/secret_bytes.h"
#include "store/key_rotation.h"
#include "store/logical_backup.h"
#include "store/retention.h"

namespace passerelle::cli {
namespace fs = std::filesystem;

namespace {

fs::path next_key_path(const Config& c) { return c.key_file.string() + ".next"; }
fs::path salt_path(const Config& c) { return c.data_dir / "master.salt"; }

// Passphrase mode: PASSERELLE_MASTER_PASSPHRASE is set, and the master key is derived from it
// with argon2id and the salt kept in <data_dir>/master.salt (no key file on disk).
const char* passphrase() {
  const char* p = std::getenv("PASSERELLE_MASTER_PASSPHRASE");
  return p && *p ? p : nullptr;
}

crypto::MasterKey key_from_passphrase(const Config& c) {
  std::ifstream in(salt_path(c));
  std::string hex;
  std::getline(in, hex);
  crypto::Bytes salt;
  if (!in.good() && hex.empty())
    throw std::runtime_error("no salt file at " + salt_path(c).string() + ": run `passerelle init`");
  if (!crypto::from_hex(hex, salt) || salt.size() != 16)
    throw std::runtime_error(salt_path(c).string() + " is damaged (expected 32 hex characters)");
  return crypto::MasterKey::from_passphrase(passphrase(), salt);
}
fs::path previous_key_path(const Config& c) { return c.key_file.string() + ".previous"; }

}  // namespace

core::AuditEvent cli_event(std::string action, std::string target_type, std::string target_id) {
  core::AuditEvent e;
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.details = "{\"via\":\"cli\"}";
  return e;
}

std::unique_ptr<store::Store> open_store(const Config& c, std::size_t pool_size) {
  if (passphrase()) {
    if (c.is_sqlite() && !fs::exists(c.database_file()))
      throw std::runtime_error("no database at " + c.database_file().string() +
                               ": run `passerelle init` first");
    return store::Store::open(c.database_url, key_from_passphrase(c), {},
                              pool_size ? pool_size : c.pool_size);
  }
  if (!fs::exists(c.key_file))
    throw std::runtime_error("no master key at " + c.key_file.string() +
                             ": run `passerelle init` first, or set key_file / --data-dir");
  crypto::MasterKey current = crypto::MasterKey::load_file(c.key_file);
  std::optional<crypto::MasterKey> previous;
  // After a rotation (or during one that was interrupted) data may still be under the other key.
  if (fs::exists(next_key_path(c))) {
    previous.emplace(std::move(current));
    current = crypto::MasterKey::load_file(next_key_path(c));
  } else if (fs::exists(previous_key_path(c))) {
    previous.emplace(crypto::MasterKey::load_file(previous_key_path(c)));
  }
  if (c.is_sqlite() && !fs::exists(c.database_file()))
    throw std::runtime_error("no database at " + c.database_file().string() +
                             ": run `passerelle init` first");
  return store::Store::open(c.database_url, std::move(current), std::move(previous),
                            pool_size ? pool_size : c.pool_size);
}

int run_init(const Config& c) {
  if (passphrase()) {
    if (fs::exists(salt_path(c)) || (c.is_sqlite() && fs::exists(c.database_file()))) {
      std::cerr << "passerelle: this deployment is already initialised. Nothing was changed.\n";
      return state;
    }
    fs::create_directories(c.data_dir);
    ::chmod(c.data_dir.c_str(), 0700);
    crypto::Bytes salt = crypto::random_bytes(16);
    {
      std::ofstream out(salt_path(c));
      out << crypto::to_hex(salt) << "\n";
    }
    ::chmod(salt_path(c).c_str(), 0600);
    auto store = store::Store::open(c.database_url, key_from_passphrase(c), {}, 1);
    store->db().write([&](store::Tx& tx) { store->audit().append(tx, cli_event("system.init")); });
    std::cout << "Initialised with a passphrase-derived master key.\n  database: " << c.database_url
              << "\n  salt: " << salt_path(c).string()
              << " (keep it with the passphrase: both are needed to read the data)\n";
    return ok;
  }
  if (fs::exists(c.key_file)) {
    std::cerr << "passerelle: " << c.key_file.string()
              << " already exists: this deployment is initialised. Nothing was changed.\n";
    return state;
  }
  if (c.is_sqlite() && fs::exists(c.database_file())) {
    std::cerr << "passerelle: " << c.database_file().string()
              << " already exists without its key file. Nothing was changed.\n";
    return state;
  }
  fs::create_directories(c.data_dir);
  ::chmod(c.data_dir.c_str(), 0700);
  if (!c.key_file.parent_path().empty()) fs::create_directories(c.key_file.parent_path());
  crypto::MasterKey key = crypto::MasterKey::generate();
  key.save_file(c.key_file);
  auto store = store::Store::open(c.database_url, crypto::MasterKey::load_file(c.key_file), {}, 1);
  store->db().write([&](store::Tx& tx) { store->audit().append(tx, cli_event("system.init")); });
  std::cout << "Initialised.\n  database: " << c.database_url << "\n  master key: "
            << c.key_file.string()
            << " (mode 0600; keep a copy offline: without it the data cannot be read)\n"
               "Next: passerelle user add --role administrator --username <name>\n";
  return ok;
}

int run_migrate(const Config& c) {
  if (!fs::exists(c.key_file)) {
    std::cerr << "passerelle: not initialised (no " << c.key_file.string() << ")\n";
    return state;
  }
  auto db = store::Database::open(c.database_url, 1);
  int before = db->schema_version();
  int ran = db->migrate();
  std::cout << "Schema version " << before << " -> " << db->schema_version() << " (" << ran
            << " migration" << (ran == 1 ? "" : "s") << " applied).\n";
  return ok;
}

int run_backup(const Config& c, const std::string& target) {
  if (fs::exists(target)) {
    std::cerr << "passerelle: " << target << " already exists; choose a new file name.\n";
    return state;
  }
  auto store = open_store(c, 1);
  fs::path plain = fs::path(target).string() + ".plain-tmp";
  fs::remove(plain);
  if (c.is_sqlite()) {
    store->db().sqlite_backup_to(plain);
  } else {
    std::ofstream out(plain, std::ios::binary);
    ::chmod(plain.c_str(), 0600);
    store::write_logical_backup(store->db(), out);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + plain.string() + " (disk full?)");
  }
  try {
    crypto::seal_file(store->vault().current(), plain, target);
  } catch (...) {
    fs::remove(plain);
    throw;
  }
  fs::remove(plain);
  store->db().write([&](store::Tx& tx) { store->audit().append(tx, cli_event("system.backup")); });
  std::cout << "Backup written to " << target
            << " (encrypted with the master key in force: keep that key file with it).\n";
  return ok;
}

namespace {

int restore_postgres(const Config& c, const crypto::MasterKey& key, const std::string& source) {
  fs::path tmp = fs::temp_directory_path() / ("passerelle-restore-" + crypto::to_hex(crypto::random_bytes(6)));
  crypto::open_file(key, source, tmp);
  long long rows = 0;
  try {
    auto store = open_store(c, 1);
    std::ifstream in(tmp, std::ios::binary);
    rows = store::read_logical_backup(store->db(), in);
  } catch (...) {
    fs::remove(tmp);
    throw;
  }
  fs::remove(tmp);
  auto store = open_store(c, 1);
  auto verification = store->audit().verify(store->db());
  store->db().write([&](store::Tx& tx) { store->audit().append(tx, cli_event("system.restore")); });
  std::cout << "Restored " << rows << " rows into " << "the PostgreSQL database; audit chain "
            << (verification.ok ? "intact" : "BROKEN") << " (" << verification.checked
            << " entries).\n";
  return verification.ok ? ok : problem;
}

}  // namespace

int run_restore(const Config& c, const std::string& source) {
  if (!c.is_sqlite()) {
    if (!passphrase() && !fs::exists(c.key_file)) {
      std::cerr << "passerelle: the master key file " << c.key_file.string()
                << " is needed to open the backup.\n";
      return state;
    }
    return restore_postgres(c, passphrase() ? key_from_passphrase(c)
                                            : crypto::MasterKey::load_file(c.key_file),
                            source);
  }
  if (fs::exists(c.database_file())) {
    std::cerr << "passerelle: " << c.database_file().string()
              << " exists. Restore goes into an empty deployment: move the current database "
                 "aside first (nothing was changed).\n";
    return state;
  }
  if (!passphrase() && !fs::exists(c.key_file)) {
    std::cerr << "passerelle: the master key file " << c.key_file.string()
              << " is needed to open the backup.\n";
    return state;
  }
  crypto::MasterKey key =
      passphrase() ? key_from_passphrase(c) : crypto::MasterKey::load_file(c.key_file);
  fs::path tmp = c.database_file().string() + ".restoring";
  fs::remove(tmp);
  crypto::open_file(key, source, tmp);
  {
    auto db = store::Database::open("sqlite:" + tmp.string(), 1);
    std::string check = db->integrity_check();
    if (check != "ok") {
      fs::remove(tmp);
      std::cerr << "passerelle: the restored database fails its integrity check: " << check << "\n";
      return problem;
    }
  }
  fs::rename(tmp, c.database_file());
  auto store = open_store(c, 1);
  auto verification = store->audit().verify(store->db());
  store->db().write([&](store::Tx& tx) { store->audit().append(tx, cli_event("system.restore")); });
  std::cout << "Restored into " << c.database_file().string() << "; audit chain "
            << (verification.ok ? "intact" : "BROKEN") << " (" << verification.checked
            << " entries).\n";
  return verification.ok ? ok : problem;
}

int run_audit_verify(const Config& c) {
  auto store = open_store(c, 1);
  auto v = store->audit().verify(store->db());
  if (v.ok) {
    std::cout << "Audit chain intact: " << v.checked << " entries checked.\n";
    return ok;
  }
  std::cout << "Audit chain BROKEN at entry " << *v.first_broken << " (" << v.reason
            << "): entries from there on cannot be trusted. " << v.checked
            << " entries read.\n";
  return problem;
}

int run_keys_rotate(const Config& c) {
  if (passphrase()) {
    std::cerr << "passerelle: key rotation works with a key file; a passphrase-derived key is "
                 "changed by exporting with a backup and restoring under the new passphrase.\n";
    return state;
  }
  if (!fs::exists(c.key_file)) {
    std::cerr << "passerelle: no master key at " << c.key_file.string() << "\n";
    return state;
  }
  // The new key is written (and fsynced) before any data uses it, so a crash at any point
  // leaves every field readable with one of the two files; re-running finishes the work.
  if (!fs::exists(next_key_path(c))) crypto::MasterKey::generate().save_file(next_key_path(c));
  auto store = open_store(c, 1);
  long long n = store::reencrypt_all(store->db(), store->vault());
  store->db().write([&](store::Tx& tx) {
    auto e = cli_event("keys.rotate");
    e.details = "{\"via\":\"cli\",\"fields\":" + std::to_string(n) + "}";
    store->audit().append(tx, e);
  });
  store.reset();
  // The retired key stays beside the new one (mode 0600) for backups made before today; move
  // it offline with those backups.
  fs::path previous = previous_key_path(c);
  fs::remove(previous);
  fs::rename(c.key_file, previous);
  fs::rename(next_key_path(c), c.key_file);
  std::cout << "Master key rotated: " << n << " encrypted fields rewritten.\n"
            << "The retired key is " << previous.string()
            << ": keep it offline with older backups, then delete it here.\n"
            << "Restart the server so it uses the new key.\n";
  return ok;
}

}  // namespace passerelle::cli

namespace passerelle::cli {

int run_retention(const Config& c) {
  auto store = open_store(c, 1);
  store::RetentionPolicy policy{c.retention_closed_case_years, c.retention_unfollowed_person_years};
  auto report = store::run_retention(*store, policy, core::now_unix(), c.session_idle_seconds);
  std::cout << "Retention: " << report.people_anonymised << " people anonymised (closed cases after "
            << policy.closed_case_years << " years, unfollowed people after "
            << policy.unfollowed_person_years << " years), " << report.sessions_removed
            << " expired sessions removed.\n";
  return ok;
}

}  // namespace passerelle::cli
