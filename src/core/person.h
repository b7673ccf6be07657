// A person the association supports (or met once). Identifying fields are decrypted here; the
// store encrypts them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace passerelle::core {

struct Contact {
  std::vector<std::string> phones;
  std::string email;
  std::string address;
};

struct Person {
  std::string id;
  std::string given_name;
  std::string family_name;
  std::vector<std::string> aliases;  // other names and spellings
  std::optional<std::string> birth_date;  // YYYY-MM-DD when known
  std::optional<int> birth_year;
  bool birth_year_estimated = false;
  std::string gender = "Unknown";           // HTCDS prs_Gender
  std::vector<std::string> nationalities;   // ISO 3166-1 alpha-2
  std::vector<std::string> languages;       // ISO 639-1/2
  Contact contact;
  std::optional<bool> minor_override;
  bool age_disputed = false;
  std::map<std::string, std::string> documents;  // passport → held / missing / confiscated
  bool member = false;
  bool peer_helper = false;
  std::optional<std::string> member_since;
  bool restricted = false;
  std::optional<std::string> merged_into;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

// HTCDS 2.0 prs_Gender values.
bool is_gender(std::string_view g);
bool is_country_code(std::string_view c);   // two upper-case letters
bool is_language_code(std::string_view c);  // two or three lower-case letters
bool is_document_status(std::string_view s);  // held, missing, confiscated

// Minor for access rules: the override when set; else born less than 18 years before `year`;
// a disputed age counts as minor (protect first).
bool is_minor(const Person& p, int current_year);

// Digits of a phone number in one canonical form (French national numbers as +33...), so that
// "06 12 34 56 78", "+33 6 12 34 56 78" and "0033612345678" are one value. Empty if no digits.
std::string canonical_phone(std::string_view typed);

}  // namespace passerelle::core
