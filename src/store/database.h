// The connection to the store: SQLite (default, one file) or PostgreSQL (chosen by URL).
//
// Thread-safe. Reads run on a pooled connection; writes run in one transaction that commits when
// the callback returns and rolls back when it throws. On SQLite, writes are serialised (one
// writer, BEGIN IMMEDIATE) and readers run beside them under WAL; on PostgreSQL, transactions run
// concurrently and the database serialises what must be.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace soci {
class session;
}

namespace passerelle::store {

enum class Engine { sqlite, postgres };

// libpq key=value connection string for a postgresql:// URL (or a key=value string as given).
std::string postgres_connection_string(std::string_view url);

// A failure of the store itself (connection lost, disk full, constraint broken). The API turns
// it into 503/500 problem+json without its text.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One unit of work on one connection. Handed to callbacks; never stored.
struct Tx {
  soci::session& sql;
  Engine engine;
};

class Database {
 public:
  // `url`: "sqlite:///abs/path/file.db" or "sqlite:relative/file.db" or a plain file path, or
  // "postgresql://user@host:port/db?..." (any libpq connection URI or key=value string prefixed
  // with "postgresql:"). Opens `pool_size` connections. Throws StoreError with the engine's
  // message (no data) when it cannot connect.
  static std::unique_ptr<Database> open(std::string_view url, std::size_t pool_size = 4);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return engine_; }
  void read(const std::function<void(Tx&)>& work);
  void write(const std::function<void(Tx&)>& work);

  // Applies pending numbered migrations (each in its own transaction). Returns how many ran.
  int migrate();
  // Highest applied migration number (0 for an empty database).
  int schema_version();
  // True when the connection answers a trivial query.
  bool ping();
  // SQLite: online backup to `target` (a new file). PostgreSQL: throws (use the CLI's logical
  // backup, which goes through the same API as restore).
  void sqlite_backup_to(const std::filesystem::path& target);
  // SQLite: "ok" from PRAGMA integrity_check, or its first complaint.
  std::string integrity_check();

  // PostgreSQL COPY through libpq: `copy_sql` is "COPY t (cols) TO STDOUT" (each row handed to
  // `row`, with its newline) or "COPY t (cols) FROM STDIN" (rows pulled from `next_row` until
  // it returns false). Throws StoreError on failure. Not for SQLite.
  void copy_out(Tx& tx, const std::string& copy_sql,
                const std::function<void(std::string_view)>& row);
  void copy_in(Tx& tx, const std::string& copy_sql,
               const std::function<bool(std::string&)>& next_row);

  // Runs a script of several SQL statements (no parameters) on one connection, outside any
  // transaction of the caller. For migrations and tests only.
  void execute_script(Tx& tx, std::string_view script);

 public:
  struct Pool;  // connections; defined in database.cpp

 private:
  Database(Engine engine, std::unique_ptr<Pool> pool);
  Engine engine_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace passerelle::store
