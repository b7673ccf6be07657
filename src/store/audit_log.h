// The append-only, hash-chained audit log. Each entry carries the keyed hash of the previous one,
// so an edited, inserted or deleted row breaks the chain at that point.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "store/database.h"
#include "store/vault.h"

namespace passerelle::store {

struct AuditFilter {
  std::optional<std::string> action;    // exact, or prefix when it ends with '.'
  std::optional<std::string> actor_id;
  std::optional<std::string> from, to;  // ISO 8601, inclusive / exclusive
  std::optional<std::int64_t> before_seq;  // cursor: entries with seq < this
  int limit = 50;
};

struct AuditVerification {
  bool ok = true;
  std::int64_t checked = 0;
  std::optional<std::int64_t> first_broken;  // seq where the chain breaks
  std::string reason;                        // "hash", "link", "gap", "head"
};

class AuditLog {
 public:
  explicit AuditLog(const Vault& vault) : vault_(vault) {}

  // Appends in the caller's transaction (so the entry commits with the change it records).
  // Serialised: on SQLite by the single writer, on PostgreSQL by an advisory lock.
  std::int64_t append(Tx& tx, const core::AuditEvent& event) const;
  // Newest first.
  std::vector<core::AuditEntry> search(Tx& tx, const AuditFilter& filter) const;
  AuditVerification verify(Database& db) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
