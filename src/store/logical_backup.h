// A logical backup of a PostgreSQL deployment, through the engine's own COPY protocol (what
// pg_dump does for data): every table that holds lasting data, in dependency order. The schema is
// not in the file: restore applies the migrations to an empty database first, then loads the
// rows. Sessions and login throttling are not kept (a restore signs everyone out).
#pragma once

#include <istream>
#include <ostream>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace passerelle::store {

// Tables in the order they are written and loaded (parents before children).
const std::vector<std::string_view>& backed_up_tables();
// Tables deliberately left out of backups.
const std::vector<std::string_view>& transient_tables();

// Writes all rows in one repeatable-read snapshot. Returns the number of rows.
long long write_logical_backup(Database& db, std::ostream& out);
// Loads rows into a freshly migrated, empty database, in one transaction. Throws StoreError if
// the file is malformed or the database is not empty.
long long read_logical_backup(Database& db, std::istream& in);

}  // namespace passerelle::store
