#include "store/logical_backup.h"

#include <soci/soci.h>

#include <algorithm>
#include <string>

namespace passerelle::store {
namespace {

// Version 2 names each table's columns ("table people id,given_name,..."), so that a backup made
// before a migration added columns loads into the newer schema: the new columns take their
// defaults, or what the migration's triggers fill in. Version 1 (no names) loads column by column
// into the same schema only.
constexpr std::string_view kMagic = "passerelle-logical-backup 2";
constexpr std::string_view kMagicV1 = "passerelle-logical-backup 1";

// A table's columns in this database, in their order.
std::vector<std::string> columns_of(Tx& tx, std::string_view table) {
  std::vector<std::string> out(200);
  std::string name(table);
  tx.sql << "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = :t ORDER BY ordinal_position",
      soci::use(name), soci::into(out);
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// The column list of a version-2 table line, checked against this database's columns (names
// from a file are never put in SQL unless this schema has them).
std::string known_columns(Tx& tx, std::string_view table, const std::string& listed) {
  std::vector<std::string> here = columns_of(tx, table);
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= listed.size()) {
    std::size_t comma = listed.find(',', start);
    if (comma == std::string::npos) comma = listed.size();
    std::string name = listed.substr(start, comma - start);
    if (std::find(here.begin(), here.end(), name) == here.end())
      throw StoreError("the backup's table " + std::string(table) +
                       " has a column this version does not know: upgrade Passerelle first");
    names.push_back(name);
    start = comma + 1;
  }
  return joined(names);
}

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
      // Table names come from the constant list above, column names from the schema.
      std::string columns = joined(columns_of(tx, table));
      out << "table " << table << " " << columns << "\n";
      db.copy_out(tx, "COPY " + std::string(table) + " (" + columns + ") TO STDOUT",
                  [&](std::string_view row) {
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
  if (!std::getline(in, line) || (line != kMagic && line != kMagicV1))
    throw StoreError("not a Passerelle logical backup");
  bool named = line == kMagic;
  if (!std::getline(in, line) || !line.starts_with("schema "))
    throw StoreError("the backup has no schema line");
  int version = 0;
  try {
    version = std::stoi(line.substr(7));
  } catch (...) {
    throw StoreError("the backup has no schema line");
  }
  const int current = db.schema_version();
  if (version > current)
    throw StoreError("the backup comes from a newer Passerelle (schema " + std::to_string(version) +
                     "): upgrade this one first");
  // An older backup names its columns and may lack tables added since: those keep what the
  // migrations put in them. Without names, columns load by position: only into the same schema.
  if (!named && version != current)
    throw StoreError("a version-1 backup loads only into the schema it was made with (" +
                     std::to_string(version) + ")");
  const auto& tables = backed_up_tables();
  long long rows = 0;
  db.write([&](Tx& tx) {
    int users = 0;
    tx.sql << "SELECT count(*) FROM users", soci::into(users);
    if (users > 0) throw StoreError("the target database is not empty");
    tx.sql << "DELETE FROM settings";  // keys made when the empty target was opened
    std::size_t next = 0;  // tables come in the order of backed_up_tables()
    while (std::getline(in, line) && line != "end") {
      if (!line.starts_with("table ")) throw StoreError("malformed backup near a table header");
      std::string rest = line.substr(6), listed;
      if (named) {
        std::size_t space = rest.find(' ');
        if (space == std::string::npos) throw StoreError("malformed backup near a table header");
        listed = rest.substr(space + 1);
        rest.resize(space);
      }
      std::size_t at = next;
      while (at < tables.size() && tables[at] != rest) ++at;
      bool older = version < current;
      if (at == tables.size() || (!older && at != next))
        throw StoreError("unexpected table in backup");
      next = at + 1;
      std::string table(tables[at]);  // from the constant list, not from the file
      std::string columns = named ? " (" + known_columns(tx, table, listed) + ")" : "";
      // The national mechanisms seeded by the migration come back from the backup, as they were.
      if (table == "partners") tx.sql << "DELETE FROM partners";
      bool terminated = false;
      db.copy_in(tx, "COPY " + table + columns + " FROM STDIN", [&](std::string& row) {
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
    if (line != "end" || next == 0 || (version == current && next != tables.size()))
      throw StoreError("the backup is truncated");
  });
  return rows;
}

}  // namespace passerelle::store
