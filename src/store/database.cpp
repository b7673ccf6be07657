#include "store/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "store/migrations.h"

namespace passerelle::store {

struct Database::Pool {
  std::vector<std::unique_ptr<soci::session>> sessions;
  std::vector<bool> busy;
  std::mutex m;
  std::condition_variable cv;
  std::mutex writer;  // SQLite: one writer at a time

  std::size_t take() {
    std::unique_lock lock(m);
    for (;;) {
      for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (!busy[i]) {
          busy[i] = true;
          return i;
        }
      }
      cv.wait(lock);
    }
  }
  void give(std::size_t i) {
    {
      std::lock_guard lock(m);
      busy[i] = false;
    }
    cv.notify_one();
  }
};

namespace {

struct Lease {
  Database::Pool* pool;
  std::size_t index;
  ~Lease() { pool->give(index); }
  soci::session& session() { return *pool->sessions[index]; }
};

std::string sqlite_path_of(std::string_view url) {
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  return std::string(url);
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// libpq key=value quoting: single quotes, backslash-escaped.
std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// SOCI's PostgreSQL backend takes key=value connection strings; URLs are turned into one.
std::string postgres_conninfo(std::string_view url) {
  if (url.starts_with("postgresql:") && !url.starts_with("postgresql://")) url.remove_prefix(11);
  std::string_view rest;
  if (url.starts_with("postgresql://"))
    rest = url.substr(13);
  else if (url.starts_with("postgres://"))
    rest = url.substr(11);
  else
    return std::string(url);  // already key=value
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += conninfo_value(value);
  };
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view db;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = cred.find(':');
    add("user", percent_decode(cred.substr(0, colon)));
    if (colon != std::string_view::npos) add("password", percent_decode(cred.substr(colon + 1)));
  }
  std::string_view host = rest, port;
  if (!rest.empty() && rest.front() == '[') {  // [::1]:5432
    auto close = rest.find(']');
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  add("host", percent_decode(host));
  add("port", std::string(port));
  add("dbname", percent_decode(db));
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = percent_decode(kv.substr(0, eq));
    bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    });
    if (plain) add(key.c_str(), percent_decode(kv.substr(eq + 1)));
  }
  return out;
}

}  // namespace

std::string postgres_connection_string(std::string_view url) { return postgres_conninfo(url); }

Database::Database(Engine engine, std::unique_ptr<Pool> pool)
    : engine_(engine), pool_(std::move(pool)) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(std::string_view url, std::size_t pool_size) {
  auto pool = std::make_unique<Pool>();
  Engine engine = url.starts_with("postgres") ? Engine::postgres : Engine::sqlite;
  if (pool_size == 0) pool_size = 1;
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      auto s = std::make_unique<soci::session>();
      if (engine == Engine::postgres) {
        s->open(soci::postgresql, postgres_conninfo(url));
        *s << "SET synchronous_commit = on";
        *s << "SET client_min_messages = warning";
        // Deployments run on SSDs: random reads cost little more than sequential ones, which
        // lets the planner use the covering indexes the indicator queries are built on.
        *s << "SET random_page_cost = 1.1";
        // Counting distinct people sorts or hashes tens of thousands of ids: the default 4 MB
        // spills them to disk. 16 MB per sort, on a pool of a few connections, stays small.
        *s << "SET work_mem = '16MB'";
      } else {
        std::string path = sqlite_path_of(url);
        s->open(soci::sqlite3, "db=\"" + path + "\" timeout=10 shared_cache=false");
        // WAL lets readers run beside the writer; FULL makes a commit durable before we answer.
        *s << "PRAGMA journal_mode = WAL";
        *s << "PRAGMA synchronous = FULL";
        *s << "PRAGMA foreign_keys = ON";
        *s << "PRAGMA busy_timeout = 10000";
        *s << "PRAGMA secure_delete = ON";
        // Read the file through a memory map (shared by all connections via the page cache)
        // rather than each connection's small private cache: indicators scan large indexes.
        *s << "PRAGMA mmap_size = 268435456";
      }
      pool->sessions.push_back(std::move(s));
      pool->busy.push_back(false);
    }
  } catch (const soci::soci_error& e) {
    throw StoreError(std::string("cannot open the database: ") + e.get_error_message());
  }
  return std::unique_ptr<Database>(new Database(engine, std::move(pool)));
}

void Database::read(const std::function<void(Tx&)>& work) {
  Lease lease{pool_.get(), pool_->take()};
  Tx tx{lease.session(), engine_};
  try {
    work(tx);
  } catch (const soci::soci_error& e) {
    throw StoreError(e.get_error_message());
  }
}

void Database::write(const std::function<void(Tx&)>& work) {
  std::unique_lock<std::mutex> writer_lock;
  if (engine_ == Engine::sqlite) writer_lock = std::unique_lock(pool_->writer);
  Lease lease{pool_.get(), pool_->take()};
  soci::session& sql = lease.session();
  Tx tx{sql, engine_};
  try {
    sql << (engine_ == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (const soci::soci_error& e) {
    throw StoreError(e.get_error_message());
  }
  try {
    work(tx);
    sql << "COMMIT";
  } catch (const soci::soci_error& e) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    throw StoreError(e.get_error_message());
  } catch (...) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

void Database::execute_script(Tx& tx, std::string_view script) {
  std::string text(script);
  if (tx.engine == Engine::sqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(tx.sql.get_backend());
    char* error = nullptr;
    int rc = sqlite_api::sqlite3_exec(backend->conn_, text.c_str(), nullptr, nullptr, &error);
    if (rc != 0) {
      std::string message = error ? error : "sqlite error";
      sqlite_api::sqlite3_free(error);
      throw StoreError(message);
    }
  } else {
    auto* backend = static_cast<soci::postgresql_session_backend*>(tx.sql.get_backend());
    PGresult* result = PQexec(backend->conn_, text.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StoreError(message);
  }
}

void Database::copy_out(Tx& tx, const std::string& copy_sql,
                        const std::function<void(std::string_view)>& row) {
  if (tx.engine != Engine::postgres) throw StoreError("COPY is for PostgreSQL");
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(tx.sql.get_backend())->conn_;
  PGresult* start = PQexec(conn, copy_sql.c_str());
  bool ok = PQresultStatus(start) == PGRES_COPY_OUT;
  std::string error = PQresultErrorMessage(start);
  PQclear(start);
  if (!ok) throw StoreError(error);
  for (;;) {
    char* buffer = nullptr;
    int n = PQgetCopyData(conn, &buffer, 0);
    if (n == -1) break;  // done
    if (n < 0) throw StoreError(PQerrorMessage(conn));
    row(std::string_view(buffer, static_cast<std::size_t>(n)));
    PQfreemem(buffer);
  }
  PGresult* end = PQgetResult(conn);
  ok = PQresultStatus(end) == PGRES_COMMAND_OK;
  error = PQresultErrorMessage(end);
  PQclear(end);
  while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
  if (!ok) throw StoreError(error);
}

void Database::copy_in(Tx& tx, const std::string& copy_sql,
                       const std::function<bool(std::string&)>& next_row) {
  if (tx.engine != Engine::postgres) throw StoreError("COPY is for PostgreSQL");
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(tx.sql.get_backend())->conn_;
  PGresult* start = PQexec(conn, copy_sql.c_str());
  bool ok = PQresultStatus(start) == PGRES_COPY_IN;
  std::string error = PQresultErrorMessage(start);
  PQclear(start);
  if (!ok) throw StoreError(error);
  std::string line;
  bool sent = true;
  while (sent && next_row(line))
    sent = PQputCopyData(conn, line.data(), static_cast<int>(line.size())) == 1;
  PQputCopyEnd(conn, sent ? nullptr : "client failed");
  PGresult* end = PQgetResult(conn);
  ok = PQresultStatus(end) == PGRES_COMMAND_OK;
  error = PQresultErrorMessage(end);
  PQclear(end);
  while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
  if (!ok || !sent) throw StoreError(error.empty() ? "COPY failed" : error);
}

int Database::schema_version() {
  int version = 0;
  read([&](Tx& tx) {
    int count = 0;
    if (engine_ == Engine::sqlite) {
      tx.sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                "'schema_migrations'",
          soci::into(count);
    } else {
      tx.sql << "SELECT count(*) FROM information_schema.tables WHERE table_name = "
                "'schema_migrations' AND table_schema = current_schema()",
          soci::into(count);
    }
    if (count == 0) return;
    soci::indicator ind;
    tx.sql << "SELECT max(version) FROM schema_migrations", soci::into(version, ind);
    if (ind == soci::i_null) version = 0;
  });
  return version;
}

int Database::migrate() {
  write([&](Tx& tx) {
    if (engine_ == Engine::postgres) tx.sql << "SELECT pg_advisory_xact_lock(74210001)";
    tx.sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  });
  int ran = 0;
  for (const Migration& m : embedded_migrations(engine_)) {
    write([&](Tx& tx) {
      if (engine_ == Engine::postgres) tx.sql << "SELECT pg_advisory_xact_lock(74210001)";
      int present = 0;
      tx.sql << "SELECT count(*) FROM schema_migrations WHERE version = :v", soci::use(m.number),
          soci::into(present);
      if (present) return;
      execute_script(tx, m.sql);
      std::string name(m.name), at = core::now_iso8601();
      tx.sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
          soci::use(m.number), soci::use(name), soci::use(at);
      ++ran;
    });
  }
  return ran;
}

bool Database::ping() {
  try {
    int one = 0;
    read([&](Tx& tx) { tx.sql << "SELECT 1", soci::into(one); });
    return one == 1;
  } catch (...) {
    return false;
  }
}

void Database::sqlite_backup_to(const std::filesystem::path& target) {
  if (engine_ != Engine::sqlite) throw StoreError("online file backup is for SQLite only");
  if (std::filesystem::exists(target)) throw StoreError("backup target already exists");
  // VACUUM INTO writes a consistent, compacted copy while readers and the writer go on.
  read([&](Tx& tx) {
    std::string path = target.string();
    tx.sql << "VACUUM INTO :p", soci::use(path);
  });
}

std::string Database::integrity_check() {
  std::string answer = "ok";
  if (engine_ != Engine::sqlite) return answer;
  read([&](Tx& tx) { tx.sql << "PRAGMA integrity_check", soci::into(answer); });
  return answer;
}

}  // namespace passerelle::store
