#include "core/audit.h"

namespace passerelle::core {

std::string audit_canonical(const AuditEntry& e) {
  std::string out;
  auto add = [&](std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out.append(field);
    out += ';';
  };
  add(std::to_string(e.seq));
  add(e.at);
  add(e.actor_id);
  add(e.action);
  add(e.target_type);
  add(e.target_id);
  add(e.outcome);
  add(e.ip);
  add(e.request_id);
  add(e.details);
  add(e.prev_hash);
  return out;
}

}  // namespace passerelle::core
