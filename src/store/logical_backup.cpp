#include "store/logical_backup.h"

#include <soci/soci.h>

#include <string>

namespace passerelle::store {
namespace {

constexpr std::string_view kMagic = "passerelle-logical-backup 1";

}  // namespace

const std::vector<std::string_view>& backed_up_tables() {
  // In an order that satisfies the foreign keys (PostgreSQL checks them row by row on COPY):
  // partners before the users who belong to them, procedures after cases and users.
  static const std::vector<std::string_view> tables = {
      "settings", "partners", "users", "recovery_codes", "teams", "team_members", "sites",
      "people",   "person_search_keys", "relations", "consents", "counters",     "cases",
      "case_team", "trafficking_events", "case_goals", "notes", "encounters",   "tasks",
      "procedures", "procedure_steps", "deadlines", "break_glass", "calendar_feeds",
      // Activities and projects: sessions after sites and activities, attendance and media
      // participants after people, reviews after users, links and indicators after projects.
      "activities", "activity_sessions", "attendance", "media_items", "media_participants",
      "calls", "applications", "reviews", "projects", "project_records", "project_viewers",
      "indicators", "audit_log"};
  return tables;
}

const std::vector<std::string_view>& transient_tables() {
  static const std::vector<std::string_view> tables = {"sessions", "login_throttle",
                                                       "schema_migrations"};
  return tables;
}

long long write_logical_backup(Database& db, std::ostream& out) {
  long long rows = 0;
  int version = db.schema_version();
  db.write([&](Tx& tx) {
    tx.sql << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    out << kMagic << "\nschema " << version << "\n";
    for (std::string_view table : backed_up_tables()) {
      out << "table " << table << "\n";
      // Table names come from the constant list above.
      db.copy_out(tx, "COPY " + std::string(table) + " TO STDOUT", [&](std::string_view row) {
        out << row;
        ++rows;
      });
      out << "\\.\n";
    }
    out << "end\n";
  });
  if (!out) throw StoreError("writing the backup failed (disk full?)");
  return rows;
}

long long read_logical_backup(Database& db, std::istream& in) {
  std::string line;
  if (!std::getline(in, line) || line != kMagic) throw StoreError("not a Passerelle logical backup");
  if (!std::getline(in, line) || !line.starts_with("schema "))
    throw StoreError("the backup has no schema line");
  int version = std::stoi(line.substr(7));
  if (version > db.schema_version())
    throw StoreError("the backup comes from a newer Passerelle (schema " + std::to_string(version) +
                     "): upgrade this one first");
  long long rows = 0;
  db.write([&](Tx& tx) {
    int users = 0;
    tx.sql << "SELECT count(*) FROM users", soci::into(users);
    if (users > 0) throw StoreError("the target database is not empty");
    tx.sql << "DELETE FROM settings";  // keys made when the empty target was opened
    // The national mechanisms seeded by the migration come back from the backup, as they were.
    tx.sql << "DELETE FROM partners";
    std::size_t expected = 0;
    while (std::getline(in, line) && line != "end") {
      if (!line.starts_with("table ")) throw StoreError("malformed backup near a table header");
      std::string table = line.substr(6);
      if (expected >= backed_up_tables().size() || backed_up_tables()[expected] != table)
        throw StoreError("unexpected table in backup");
      ++expected;
      bool terminated = false;
      db.copy_in(tx, "COPY " + std::string(backed_up_tables()[expected - 1]) + " FROM STDIN",
                 [&](std::string& row) {
                   if (!std::getline(in, row)) return false;
                   if (row == "\\.") {
                     terminated = true;
                     return false;
                   }
                   row += '\n';
                   ++rows;
                   return true;
                 });
      if (!terminated) throw StoreError("the backup is truncated");
    }
    if (line != "end" || expected != backed_up_tables().size())
      throw StoreError("the backup is truncated");
  });
  return rows;
}

}  // namespace passerelle::store
