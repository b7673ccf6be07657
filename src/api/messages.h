// The server's words in the user's language: problem titles and field messages (en, fr).
#pragma once

#include <string>
#include <string_view>

namespace passerelle::api {

// "fr" or "en" from a user setting or an Accept-Language header (first supported tag wins).
std::string pick_language(std::string_view user_language, std::string_view accept_language);

// The text of `key` in `language` (falls back to English, then to the key itself).
std::string_view message(std::string_view language, std::string_view key);

// True when every key has both an English and a French text (checked by a unit test).
bool catalog_complete();

}  // namespace passerelle::api
