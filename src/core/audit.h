// What the audit log records: who did what to which record, with what outcome. Never the data.
#pragma once

#include <cstdint>
#include <string>

namespace passerelle::core {

struct AuditEvent {
  std::string actor_id;     // empty for anonymous (failed logins)
  std::string action;       // "auth.login", "user.create", "person.read", ...
  std::string target_type;  // "user", "session", "person", ...
  std::string target_id;
  std::string outcome = "success";  // "success", "failure", "denied"
  std::string ip;
  std::string request_id;
  std::string details;  // small JSON of non-personal facts (changed field names, reasons)
};

struct AuditEntry : AuditEvent {
  std::int64_t seq = 0;
  std::string at;
  std::string prev_hash;
  std::string hash;
};

// The text the chain hashes for one entry: every field, length-prefixed so that no two
// different entries share it.
std::string audit_canonical(const AuditEntry& e);

}  // namespace passerelle::core
