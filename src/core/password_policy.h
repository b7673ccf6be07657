// Password rules of security.md (ASVS 2.1.1, 2.1.2, 2.1.7, 2.1.9): 12 to 128 characters (counted
// as Unicode code points), no composition rules, refused when common or built on the user name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace passerelle::core {

enum class PasswordProblem { too_short, too_long, common, contains_username, not_utf8 };

// Message key of a problem ("password.too_short", ...), translated by the API layer.
std::string_view message_key(PasswordProblem p);

// Every rule the password breaks (empty when acceptable).
std::vector<PasswordProblem> check_password(std::string_view password, std::string_view username);

}  // namespace passerelle::core
