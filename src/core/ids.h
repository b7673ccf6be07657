// Record identifiers: UUIDv7 text (time-ordered, 74 random bits), made by the application so
// SQLite and PostgreSQL agree and records can move between instances.
#pragma once

#include <string>
#include <string_view>

namespace passerelle::core {

std::string new_id();
// True for a canonical lower-case UUID text (8-4-4-4-12 hex).
bool is_id(std::string_view text);

}  // namespace passerelle::core
