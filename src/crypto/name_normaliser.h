// Turns a person's name as typed into search tokens, so that "Blessing Okonkwo-Eze",
// "blessing  OKONKWO EZE", "Okonkwo Éze Blessing" and "Blesing Okonkwo" can find each other.
//
// No I/O, deterministic, UTF-8 in and out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace passerelle::crypto {

// Lower-case, accents folded (é→e, ß→ss, ø→o, œ→oe, ...: Latin-1, Latin Extended-A/B, and
// Cyrillic and Greek letters transliterated to Latin), punctuation and hyphens → space, runs of
// spaces collapsed, trimmed.
std::string fold_text(std::string_view utf8);

// Word tokens of the folded text, each at least one character, in order, duplicates removed.
std::vector<std::string> name_tokens(std::string_view utf8);

// Canonical spelling for common transliteration variants of one folded token (e.g. mohammed,
// muhammad, mohamad → mohamed; aisha / aicha / aysha → aisha; "ph"→"f", "y"/"i", doubled
// letters collapsed). Deterministic; used before the phonetic key and as its own blind index.
std::string canonical_variant(std::string_view folded_token);

// A phonetic key of one folded token, tolerant of common misspellings and of English / French
// pronunciation (silent final letters, c/k/q, s/z, ou/u, ...). Never empty for a non-empty token.
std::string phonetic_key(std::string_view folded_token);

// All search keys of a name: for each token "t:<canonical_variant>" and "p:<phonetic_key>".
// Word order does not matter: the keys are a set (sorted, unique).
std::vector<std::string> name_search_keys(std::string_view utf8);

}  // namespace passerelle::crypto
