// Name normalisation for blind-index search. Everything here is deterministic, locale-free and
// table driven, so the same name gives the same keys on every machine and in every release: a
// change to any rule or table changes stored blind indexes and needs a re-index migration.
//
// Pipeline for one name:
//   fold_text          UTF-8 → lower-case ASCII words (Latin folded, Cyrillic / Greek
//                      transliterated). Scripts without a transliteration here (Arabic, Amharic,
//                      Chinese, ...) are kept as they are, so exact search on them still works.
//   name_tokens        split on spaces, de-duplicated.
//   canonical_variant  spelling-level rules (dj→j, ph→f, y→i before a consonant, doubled letters,
//                      final h after a vowel) and then a table of transliteration variants of
//                      common given names (muhammad → mohamed, ...). Precise: used as "t:" key.
//   phonetic_key       a sound-alike key of the canonical variant, tolerant of English and French
//                      spelling habits and of the transliterations met in West African, Eastern
//                      European and Arabic names. Fuzzy: used as "p:" key.
//
// Phonetic key, in detail (input: canonical variant, lower-case ASCII):
//   * A leading "ye" loses its y (yekaterina / ekaterina / Екатерина).
//   * French silent endings are dropped where the spelling is unambiguously French:
//     -aud -aut -ault -auld -aux, -oit -ois -oix, -eux -oux (Arnaud/Arno, Dubois/Dubo). Final
//     -d/-t/-s after other vowels are kept: in Arabic and African names they are pronounced
//     (Mahmoud, Said, Osas).
//   * The first letter, if a vowel, is kept (A E I O U; "ou" → U); other vowels are dropped, so
//     vowel spelling (ou/u, ai/e, oo/u) does not matter: Okonkwo / Okonkwoo, Blessing / Blesing.
//   * Consonant classes (one upper-case letter each):
//       B b | P p | D d, dh | T t, th | F f, ph | V v, w | G g, gh | K k, ck, q, qu, kh, c (not
//       before e/i/y), ch before r/l (Christine) | S s, z, c before e/i/y | X sh, ch, sch, tch,
//       tsh, cz (the sh / tsh sounds: Igbo "ch" as in Chiamaka and French "ch" as in Aicha fall
//       together) | J j, dj, zh, xh, gj, dg before e/i/y | L l | M m | N n | R r | Y y before a
//       vowel | H h at the start or between vowels, silent elsewhere | x → KS (S at the start).
//   * The same class twice in a row (no vowel between) is written once.
//   * Digits are kept; a token with characters outside a-z0-9 (a script we do not transliterate)
//     gets its canonical variant as phonetic key, so the key is never empty.
// Known limits: vowels are dropped, so names differing only in vowels share a key (Hassan /
// Hussein, Daniel / Daniela); Yoruba ṣ, Romanian ș, Slavic š are folded to s, so "Sade" and
// "Shade" get different phonetic keys; French ç folds to c (François → K).
#include "crypto/name_normaliser.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

namespace passerelle::crypto {

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8

// Decodes UTF-8, skipping every byte that does not start a well-formed sequence (overlong forms,
// surrogates, code points above U+10FFFF, truncated sequences). Never reads past the input.
std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto is_cont = [](unsigned char b) { return (b & 0xC0) == 0x80; };
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80;  // allowed range of the second byte (excludes overlong/surrogates)
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      ++i;  // continuation byte or impossible lead byte: skip it
      continue;
    }
    if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) {
      ++i;
      continue;
    }
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      if (!is_cont(byte(i + k))) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (!ok) {
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ---------------------------------------------------------------------------------------------
// Character classes

// Characters that vanish without splitting a word: combining accents (decomposed input),
// apostrophes and their look-alikes (O'Brien, D’Souza, Saʿid → obrien, dsouza, said), soft hyphen,
// zero-width and direction marks, variation selectors, Arabic and Hebrew vowel points.
bool is_dropped(char32_t c) {
  switch (c) {
    case U'\'':
    case U'`':
    case 0x00A8:  // ¨
    case 0x00AD:  // soft hyphen
    case 0x00AF:  // ¯
    case 0x00B4:  // ´ (often typed as an apostrophe)
    case 0x00B8:  // ¸
    case 0x0374:
    case 0x0375:
    case 0x037A:
    case 0x0384:
    case 0x0385:
    case 0x0640:  // Arabic tatweel (elongation)
    case 0x0670:
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0x2032:  // ′
    case 0x2035:  // ‵
    case 0xFEFF:  // byte order mark
    case 0xFFFD:  // replacement character: a decoding error upstream, treated like a bad byte
      return true;
    default:
      break;
  }
  return (c >= 0x02B0 && c <= 0x036F) ||  // modifier letters (ʻ ʼ ˈ) and combining marks
         (c >= 0x0483 && c <= 0x0489) ||  // Cyrillic combining marks
         (c >= 0x0591 && c <= 0x05BD) ||  // Hebrew points
         (c >= 0x064B && c <= 0x065F) ||  // Arabic harakat
         (c >= 0x06D6 && c <= 0x06ED) ||  // Arabic Quranic marks
         (c >= 0x1AB0 && c <= 0x1AFF) ||  // combining marks extended
         (c >= 0x1DC0 && c <= 0x1DFF) ||  // combining marks supplement
         (c >= 0x200B && c <= 0x200F) ||  // zero width, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // bidi embedding
         (c >= 0x2060 && c <= 0x206F) ||  // word joiner, invisible operators
         (c >= 0x20D0 && c <= 0x20FF) ||  // combining marks for symbols
         (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
         (c >= 0xFE20 && c <= 0xFE2F) ||  // combining half marks
         (c >= 0xE0000 && c <= 0xE01EF);  // tags, variation selectors supplement
}

// Characters that split words: ASCII punctuation and controls, Latin-1 symbols, general and CJK
// punctuation, symbols, emoji, private use.
bool is_separator(char32_t c) {
  if (c < 0x80) {
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }
  switch (c) {
    case 0x037E:  // Greek question mark
    case 0x0387:  // Greek ano teleia
    case 0x05BE:  // Hebrew maqaf (hyphen)
    case 0x05C0:
    case 0x05C3:
    case 0x05C6:
    case 0x05F3:
    case 0x05F4:
    case 0x060C:  // Arabic comma
    case 0x061B:  // Arabic semicolon
    case 0x061F:  // Arabic question mark
    case 0x06D4:  // Arabic full stop
    case 0x00D7:  // ×
    case 0x00F7:  // ÷
      return true;
    default:
      break;
  }
  return (c >= 0x0080 && c <= 0x00BF) ||    // C1 controls, NBSP, Latin-1 punctuation and symbols
         (c >= 0x066A && c <= 0x066D) ||    // Arabic percent, separators, star
         (c >= 0x2000 && c <= 0x2BFF) ||    // spaces, dashes, quotes, symbols, arrows, maths
         (c >= 0x2E00 && c <= 0x2E7F) ||    // supplemental punctuation
         (c >= 0x3000 && c <= 0x303F) ||    // CJK punctuation, ideographic space
         (c >= 0xE000 && c <= 0xF8FF) ||    // private use
         (c >= 0xFE10 && c <= 0xFE1F) ||    // vertical forms
         (c >= 0xFE30 && c <= 0xFE6F) ||    // compatibility and small forms
         (c >= 0xFF5F && c <= 0xFF65) ||    // half-width punctuation
         (c >= 0xFFF0 && c <= 0xFFFF) ||    // specials
         (c >= 0x1F000 && c <= 0x1FAFF) ||  // emoji, pictographs, playing cards
         (c >= 0xF0000);                    // supplementary private use
}

// Maps compatibility look-alikes onto the characters handled below.
char32_t unify(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;           // full-width ASCII
  if (c >= 0x0660 && c <= 0x0669) return U'0' + (c - 0x0660);  // Arabic-Indic digits
  if (c >= 0x06F0 && c <= 0x06F9) return U'0' + (c - 0x06F0);  // Persian digits
  switch (c) {
    // Arabic spelling variation that search should ignore: hamza carriers on alef, alef maqsura
    // and Persian yeh vs yeh, Persian keheh vs kaf, teh marbuta vs heh.
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      return 0x0627;
    case 0x0649:
    case 0x06CC:
      return 0x064A;
    case 0x06A9:
      return 0x0643;
    case 0x0629:
      return 0x0647;
    default:
      return c;
  }
}

// ---------------------------------------------------------------------------------------------
// Latin: Latin-1 Supplement, Latin Extended-A and -B, IPA letters used in African orthographies
// (ɓ ɗ ɛ ɔ ŋ ...), Latin Extended Additional (Vietnamese, Yoruba dot-below letters). Generated
// from the Unicode decompositions, with hand mappings for letters that have none (ø ł đ ß æ ...).

struct MultiFold {
  char32_t code_point;
  std::string_view ascii;
};

// U+00C0..U+02AF: one character per code point ('-' kept as is, '*' see kMulti,
// '_' separator).
constexpr std::string_view kLatinFold =
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy**"  // 00C0
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy*y"  // 00E0
    "aaaaaaccccccccddddeeeeeeeeeegggg"  // 0100
    "gggghhhhiiiiiiiiii**jjkkklllllll"  // 0120
    "lllnnnnnnn**oooooo**rrrrrrssssss"  // 0140
    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs"  // 0160
    "bbbb--occdddd-eeeffgg*iikkl--nno"  // 0180
    "oo**pp---*-ttttuuuvyyzzz-------w"  // 01A0
    "----*********aaiioouuuuuuuuuueaa"  // 01C0
    "aa**ggggkkoooozzj***gg*wnnaa**oo"  // 01E0
    "aaaaeeeeiiiioooorrrruuuussttyyhh"  // 0200
    "nd**zzaaeeooooooooyylntj**acclts"  // 0220
    "z--b--eejjqqrryyaaabocddeeeeeee-"  // 0240
    "gggg--h-iiilll---mnn-o*-fr--rrr-"  // 0260
    "rrs*----t-uv----zzz----------j--"  // 0280
    "q---------------"                  // 02A0
    ;
// U+1E00..U+1EFF: one character per code point ('-' kept as is, '*' see kMulti,
// '_' separator).
constexpr std::string_view kLatinExtAdditionalFold =
    "aabbbbbbccddddddddddeeeeeeeeeeff"  // 1E00
    "gghhhhhhhhhhiiiikkkkkkllllllllmm"  // 1E20
    "mmmmnnnnnnnnoooooooopppprrrrrrrr"  // 1E40
    "ssssssssssttttttttuuuuuuuuuuvvvv"  // 1E60
    "wwwwwwwwwwxxxxyyzzzzzzhtwyasss*d"  // 1E80
    "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"  // 1EA0
    "eeeeeeeeiiiioooooooooooooooooooo"  // 1EC0
    "oooouuuuuuuuuuuuuuyyyyyyyy**vvyy"  // 1EE0
    ;
constexpr MultiFold kMulti[] = {
    {0x00C6, "ae"}, {0x00DE, "th"}, {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00FE, "th"}, {0x0132, "ij"},
    {0x0133, "ij"}, {0x014A, "ng"}, {0x014B, "ng"}, {0x0152, "oe"}, {0x0153, "oe"}, {0x0195, "hv"},
    {0x01A2, "oi"}, {0x01A3, "oi"}, {0x01A9, "sh"}, {0x01C4, "dz"}, {0x01C5, "dz"}, {0x01C6, "dz"},
    {0x01C7, "lj"}, {0x01C8, "lj"}, {0x01C9, "lj"}, {0x01CA, "nj"}, {0x01CB, "nj"}, {0x01CC, "nj"},
    {0x01E2, "ae"}, {0x01E3, "ae"}, {0x01F1, "dz"}, {0x01F2, "dz"}, {0x01F3, "dz"}, {0x01F6, "hv"},
    {0x01FC, "ae"}, {0x01FD, "ae"}, {0x0222, "ou"}, {0x0223, "ou"}, {0x0238, "db"}, {0x0239, "qp"},
    {0x0276, "oe"}, {0x0283, "sh"}, {0x1E9E, "ss"}, {0x1EFA, "ll"}, {0x1EFB, "ll"},
};

static_assert(kLatinFold.size() == 0x02B0 - 0x00C0);
static_assert(kLatinExtAdditionalFold.size() == 0x0100);
static_assert(std::is_sorted(std::begin(kMulti), std::end(kMulti),
                             [](const MultiFold& a, const MultiFold& b) {
                               return a.code_point < b.code_point;
                             }));

// Appends the ASCII folding of a Latin letter; false when `c` is not in the tables.
bool fold_latin(char32_t c, std::string& out) {
  std::string_view table;
  char32_t first = 0;
  if (c >= 0x00C0 && c < 0x00C0 + kLatinFold.size()) {
    table = kLatinFold;
    first = 0x00C0;
  } else if (c >= 0x1E00 && c < 0x1E00 + kLatinExtAdditionalFold.size()) {
    table = kLatinExtAdditionalFold;
    first = 0x1E00;
  } else {
    return false;
  }
  const char mapped = table[c - first];
  if (mapped == '-' || mapped == '_') return false;
  if (mapped == '*') {
    const auto* it =
        std::lower_bound(std::begin(kMulti), std::end(kMulti), c,
                         [](const MultiFold& m, char32_t v) { return m.code_point < v; });
    if (it == std::end(kMulti) || it->code_point != c) return false;
    out.append(it->ascii);
    return true;
  }
  out.push_back(mapped);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Cyrillic → Latin. A simple, widely recognised scheme close to what people type and what
// passports print (ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ю yu, я ya, й y). е is always "e" (not
// "ye") and ё is "e": "Екатерина" gives "ekaterina", the phonetic key joins "yekaterina". ъ gives
// "a" as in Bulgarian, where it is a vowel; in Russian it is rare in names.

std::string_view cyrillic_basic(char32_t lower) {
  // а..я, U+0430..U+044F
  static constexpr std::string_view kBasic[32] = {
      "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
      "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "a", "y", "",  "e", "yu", "ya"};
  // ѐ..џ, U+0450..U+045F (Serbian, Macedonian, Ukrainian, Belarusian letters)
  static constexpr std::string_view kExtra[16] = {"e", "e",  "dj", "gj", "ye", "dz", "i", "yi",
                                                  "j", "lj", "nj", "c",  "kj", "i",  "u", "dz"};
  if (lower >= 0x0430 && lower <= 0x044F) return kBasic[lower - 0x0430];
  if (lower >= 0x0450 && lower <= 0x045F) return kExtra[lower - 0x0450];
  return {};
}

// Lower case of a Cyrillic letter in U+0400..U+045F.
char32_t cyrillic_lower(char32_t c) {
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
  return c;
}

// Letters of Ukrainian, Kazakh, Uzbek, Tajik, Tatar, Moldovan Cyrillic, ... in U+0460..U+04FF;
// nullopt for letters without a transliteration here (kept as written).
std::optional<std::string_view> cyrillic_extended(char32_t c) {
  switch (c) {
    case 0x0490:
    case 0x0491:
    case 0x0492:
    case 0x0493:
    case 0x0494:
    case 0x0495:
      return "g";
    case 0x0496:
    case 0x0497:
    case 0x04DC:
    case 0x04DD:
      return "zh";
    case 0x049A:
    case 0x049B:
    case 0x049C:
    case 0x049D:
    case 0x049E:
    case 0x049F:
    case 0x04A0:
    case 0x04A1:
      return "k";
    case 0x04A2:
    case 0x04A3:
    case 0x04A4:
    case 0x04A5:
      return "ng";
    case 0x04AA:
    case 0x04AB:
      return "s";
    case 0x04AE:
    case 0x04AF:
    case 0x04B0:
    case 0x04B1:
    case 0x04EE:
    case 0x04EF:
    case 0x04F0:
    case 0x04F1:
    case 0x04F2:
    case 0x04F3:
      return "u";
    case 0x04B2:
    case 0x04B3:
      return "kh";
    case 0x04B6:
    case 0x04B7:
    case 0x04B8:
    case 0x04B9:
    case 0x04F4:
    case 0x04F5:
      return "ch";
    case 0x04BA:
    case 0x04BB:
      return "h";
    case 0x04C1:
    case 0x04C2:
      return "j";  // Moldovan ӂ, written j in Romanian
    case 0x04D0:
    case 0x04D1:
    case 0x04D2:
    case 0x04D3:
    case 0x04D8:
    case 0x04D9:
    case 0x04DA:
    case 0x04DB:
      return "a";
    case 0x04D4:
    case 0x04D5:
      return "ae";
    case 0x04D6:
    case 0x04D7:
      return "e";
    case 0x04DE:
    case 0x04DF:
      return "z";
    case 0x04E2:
    case 0x04E3:
    case 0x04E4:
    case 0x04E5:
      return "i";
    case 0x04E6:
    case 0x04E7:
    case 0x04E8:
    case 0x04E9:
    case 0x04EA:
    case 0x04EB:
      return "o";
    case 0x04F8:
    case 0x04F9:
      return "y";
    case 0x04C0:
    case 0x04CF:
      return "";  // palochka: a glottal stop marker
    default:
      return std::nullopt;
  }
}

// ---------------------------------------------------------------------------------------------
// Greek → Latin, close to ELOT 743 / the Greek passport scheme, with the digraphs that matter
// for names: ου → ou, αυ/ευ/ηυ → av/ev/iv, γγ → ng, γκ → g (initial) or ng, μπ → b (initial)
// or mb, ντ → d (initial) or nd.

struct GreekLetter {
  char32_t base = 0;       // lower-case, unaccented, in U+03B1..U+03C9 (0 if not Greek)
  bool diaeresis = false;  // ϊ ϋ: the vowel does not form a digraph with the previous one
};

GreekLetter greek_letter(char32_t c) {
  switch (c) {
    case 0x0386:
    case 0x03AC:
      return {0x03B1, false};  // ά
    case 0x0388:
    case 0x03AD:
      return {0x03B5, false};  // έ
    case 0x0389:
    case 0x03AE:
      return {0x03B7, false};  // ή
    case 0x038A:
    case 0x03AF:
      return {0x03B9, false};  // ί
    case 0x038C:
    case 0x03CC:
      return {0x03BF, false};  // ό
    case 0x038E:
    case 0x03CD:
      return {0x03C5, false};  // ύ
    case 0x038F:
    case 0x03CE:
      return {0x03C9, false};  // ώ
    case 0x0390:
    case 0x03AA:
    case 0x03CA:
      return {0x03B9, true};  // ΐ Ϊ ϊ
    case 0x03B0:
    case 0x03AB:
    case 0x03CB:
      return {0x03C5, true};  // ΰ Ϋ ϋ
    case 0x03C2:
    case 0x03F2:
    case 0x03F9:
      return {0x03C3, false};  // ς ϲ Ϲ
    case 0x03D0:
      return {0x03B2, false};
    case 0x03D1:
    case 0x03F4:
      return {0x03B8, false};
    case 0x03D5:
      return {0x03C6, false};
    case 0x03D6:
      return {0x03C0, false};
    case 0x03F0:
      return {0x03BA, false};
    case 0x03F1:
      return {0x03C1, false};
    case 0x03F5:
      return {0x03B5, false};
    default:
      break;
  }
  if (c >= 0x0391 && c <= 0x03A9 && c != 0x03A2) return {c + 0x20, false};
  if (c >= 0x03B1 && c <= 0x03C9) return {c, false};
  return {};
}

std::string_view greek_single(char32_t base) {
  // α..ω, U+03B1..U+03C9 (U+03C2 final sigma is unified with σ before this is used)
  static constexpr std::string_view kGreek[25] = {"a", "v", "g", "d", "e",  "z",  "i", "th", "i",
                                                  "k", "l", "m", "n", "x",  "o",  "p", "r",  "s",
                                                  "s", "t", "y", "f", "ch", "ps", "o"};
  return kGreek[base - 0x03B1];
}

// Appends the transliteration of the Greek letter at text[i]; returns how many code points it
// consumed (1 or 2).
std::size_t fold_greek(const std::u32string& text, std::size_t i, std::string& out) {
  const GreekLetter here = greek_letter(text[i]);
  const GreekLetter next = i + 1 < text.size() ? greek_letter(text[i + 1]) : GreekLetter{};
  const bool word_start = i == 0 || greek_letter(text[i - 1]).base == 0;
  constexpr char32_t kAlpha = 0x03B1, kGamma = 0x03B3, kEpsilon = 0x03B5, kEta = 0x03B7,
                     kKappa = 0x03BA, kMu = 0x03BC, kNu = 0x03BD, kXi = 0x03BE, kOmicron = 0x03BF,
                     kPi = 0x03C0, kTau = 0x03C4, kUpsilon = 0x03C5, kChi = 0x03C7;
  const auto digraph = [&](std::string_view latin) -> std::size_t {
    out.append(latin);
    return 2;
  };
  if (next.base == kUpsilon && !next.diaeresis) {
    if (here.base == kOmicron) return digraph("ou");
    if (here.base == kAlpha) return digraph("av");
    if (here.base == kEpsilon) return digraph("ev");
    if (here.base == kEta) return digraph("iv");
  }
  if (here.base == kGamma) {
    if (next.base == kGamma) return digraph("ng");
    if (next.base == kKappa) return digraph(word_start ? "g" : "ng");
    if (next.base == kXi) return digraph("nx");
    if (next.base == kChi) return digraph("nch");
  }
  if (here.base == kMu && next.base == kPi) return digraph(word_start ? "b" : "mb");
  if (here.base == kNu && next.base == kTau) return digraph(word_start ? "d" : "nd");
  out.append(greek_single(here.base));
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Spelling-level variants

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Rules applied to every token before the table lookup; idempotent.
std::string spelling_rules(std::string_view token) {
  std::string s;
  s.reserve(token.size());
  for (const char c : token)
    s.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);

  std::string t;  // dj → j (Djamila / Jamila, Djibril / Jibril), ph → f (Stephen / Stefan)
  t.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == 'd' && i + 1 < s.size() && s[i + 1] == 'j') ||
        (s[i] == 'p' && i + 1 < s.size() && s[i + 1] == 'h')) {
      t.push_back(s[i] == 'd' ? 'j' : 'f');
      ++i;
    } else {
      t.push_back(s[i]);
    }
  }
  // y → i unless a vowel follows (then it is a consonant: Yusuf, Maya, Nguyen):
  // Aysha → aisha, Yvonne → ivonne, Dmitriy → dmitrii.
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == 'y' && !(i + 1 < t.size() && is_vowel(t[i + 1]))) t[i] = 'i';
  }
  // Doubled letters collapsed: Blessing / Blesing, Okonkwoo / Okonkwo, Dmitrii / Dmitri.
  std::string u;
  u.reserve(t.size());
  for (const char c : t) {
    if (u.empty() || u.back() != c) u.push_back(c);
  }
  // A final h after a vowel is silent: Aishah, Fatimah, Sarah.
  if (u.size() > 2 && u.back() == 'h' && is_vowel(u[u.size() - 2])) u.pop_back();
  return u;
}

// Transliteration variants of common given names, spelled as people write them; keys and values
// go through spelling_rules() when the table is built, so entries need not list what the rules
// already merge (aysha, zaynab, sergey). Only real spelling variants of one name: Joseph and
// Yusuf, Fatima and Fatoumata are related names but not the same spelling, and stay apart.
constexpr std::pair<std::string_view, std::string_view> kNameVariants[] = {
    // Arabic names
    {"muhammad", "mohamed"},
    {"mohammed", "mohamed"},
    {"mohammad", "mohamed"},
    {"mohamad", "mohamed"},
    {"muhammed", "mohamed"},
    {"muhamed", "mohamed"},
    {"mouhamed", "mohamed"},
    {"mouhammad", "mohamed"},
    {"mouhamad", "mohamed"},
    {"mohamud", "mohamed"},
    {"mohammud", "mohamed"},
    {"ahmad", "ahmed"},
    {"ahmet", "ahmed"},
    {"ahmat", "ahmed"},
    {"mahmoud", "mahmud"},
    {"mahmood", "mahmud"},
    {"aicha", "aisha"},
    {"ayesha", "aisha"},
    {"aischa", "aisha"},
    {"ayisha", "aisha"},
    {"khadidja", "khadija"},
    {"kadidja", "khadija"},
    {"kadija", "khadija"},
    {"khadeeja", "khadija"},
    {"fatma", "fatima"},
    {"fatuma", "fatima"},
    {"fateema", "fatima"},
    {"fatimata", "fatoumata"},
    {"fatumata", "fatoumata"},
    {"maryam", "mariam"},
    {"meryem", "mariam"},
    {"meriem", "mariam"},
    {"mariyam", "mariam"},
    {"zeinab", "zainab"},
    {"zenab", "zainab"},
    {"ameena", "amina"},
    {"husein", "hussein"},
    {"hussain", "hussein"},
    {"husain", "hussein"},
    {"hossein", "hussein"},
    {"houssein", "hussein"},
    {"hosein", "hussein"},
    {"hasan", "hassan"},
    {"hassane", "hassan"},
    {"youssef", "yusuf"},
    {"yousef", "yusuf"},
    {"yusef", "yusuf"},
    {"youssouf", "yusuf"},
    {"yousouf", "yusuf"},
    {"yousif", "yusuf"},
    {"yusif", "yusuf"},
    {"ibraheem", "ibrahim"},
    {"ebrahim", "ibrahim"},
    {"abdallah", "abdullah"},
    {"abdulla", "abdullah"},
    {"abdalla", "abdullah"},
    {"umar", "omar"},
    {"oumar", "omar"},
    {"omer", "omar"},
    {"usman", "osman"},
    {"ousmane", "osman"},
    {"usmane", "osman"},
    {"othman", "osman"},
    {"uthman", "osman"},
    {"aboubakar", "abubakar"},
    {"abubakr", "abubakar"},
    {"aboubacar", "abubakar"},
    {"abubacar", "abubakar"},
    {"moussa", "musa"},
    {"mousa", "musa"},
    {"mussa", "musa"},
    {"ismael", "ismail"},
    {"esmail", "ismail"},
    {"sulaiman", "suleiman"},
    {"soulaimane", "suleiman"},
    {"sulejman", "suleiman"},
    // Slavic names: the forms of Cyrillic transliteration (English, German/Baltic, Serbian)
    {"yekaterina", "ekaterina"},
    {"jekaterina", "ekaterina"},
    {"yelena", "elena"},
    {"jelena", "elena"},
    {"yevgeni", "evgeni"},
    {"evgenij", "evgeni"},
    {"jevgenij", "evgeni"},
    {"iuri", "yuri"},
    {"jurij", "yuri"},
    {"natalya", "natalia"},
    {"nataliya", "natalia"},
    {"natalija", "natalia"},
    {"natalja", "natalia"},
    {"tatyana", "tatiana"},
    {"tatjana", "tatiana"},
    {"serghei", "sergei"},
    {"sergej", "sergei"},
    {"mihail", "mikhail"},
    {"michail", "mikhail"},
};

const std::map<std::string, std::string, std::less<>>& variant_table() {
  // Built once and never destroyed, so that no use during static destruction can see it gone.
  static const auto* table = [] {
    auto* t = new std::map<std::string, std::string, std::less<>>();
    for (const auto& [variant, canonical] : kNameVariants) {
      t->emplace(spelling_rules(variant), spelling_rules(canonical));
    }
    return t;
  }();
  return *table;
}

bool is_ascii_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// French endings whose final consonants are silent, and how many letters to drop.
constexpr std::pair<std::string_view, std::size_t> kSilentFrenchEndings[] = {
    {"ault", 2}, {"auld", 2}, {"aud", 1}, {"aut", 1}, {"aux", 1},
    {"oit", 1},  {"ois", 1},  {"oix", 1}, {"eux", 1}, {"oux", 1},
};

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string fold_text(std::string_view utf8) {
  std::u32string text;
  {
    const std::u32string decoded = decode_utf8(utf8);
    text.reserve(decoded.size());
    for (const char32_t c : decoded) {
      if (!is_dropped(c)) text.push_back(unify(c));
    }
  }
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  std::string piece;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = text[i];
    piece.clear();
    std::size_t used = 1;
    bool letter = true;
    if (c < 0x80 && !is_separator(c)) {
      piece.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
    } else if (is_separator(c)) {
      letter = false;
    } else if (fold_latin(c, piece)) {
    } else if (greek_letter(c).base != 0) {
      used = fold_greek(text, i, piece);
    } else if (c >= 0x0400 && c <= 0x045F) {
      const char32_t lower = cyrillic_lower(c);
      if (lower == 0x044C) {  // soft sign: silent, but ьо is "yo" (Bulgarian Жельо)
        const bool before_o =
            i + 1 < text.size() && (text[i + 1] == 0x043E || text[i + 1] == 0x041E);
        piece = before_o ? "y" : "";
      } else {
        piece = cyrillic_basic(lower);
      }
    } else if (const auto extended = cyrillic_extended(c)) {
      piece = *extended;
    } else {
      append_utf8(piece, c);  // a script without transliteration here: kept as written
    }
    i += used;
    if (!letter) {
      pending_space = true;
      continue;
    }
    if (piece.empty()) continue;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(piece);
  }
  return out;
}

std::vector<std::string> name_tokens(std::string_view utf8) {
  const std::string folded = fold_text(utf8);
  std::vector<std::string> tokens;
  std::unordered_set<std::string> seen;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) {
      std::string token = folded.substr(start, end - start);
      if (seen.insert(token).second) tokens.push_back(std::move(token));
    }
    start = end + 1;
  }
  return tokens;
}

std::string canonical_variant(std::string_view folded_token) {
  std::string s = spelling_rules(folded_token);
  const auto& table = variant_table();
  if (const auto it = table.find(s); it != table.end()) return it->second;
  return s;
}

std::string phonetic_key(std::string_view folded_token) {
  std::string s = canonical_variant(folded_token);
  if (!is_ascii_word(s)) return s;

  if (s.size() > 2 && s[0] == 'y' && s[1] == 'e') s.erase(0, 1);
  for (const auto& [ending, drop] : kSilentFrenchEndings) {
    if (ends_with(s, ending) && s.size() - drop >= 3) {
      s.resize(s.size() - drop);
      break;
    }
  }

  const auto at = [&](std::size_t i) -> char { return i < s.size() ? s[i] : '\0'; };
  const auto front_vowel = [](char c) { return c == 'e' || c == 'i' || c == 'y'; };
  std::string key;
  char last = 0;  // last class written; reset by a vowel so that "mama" keeps both m
  const auto emit = [&](char code) {
    if (code != last) key.push_back(code);
    last = code;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char next = at(i + 1);
    if (is_vowel(c)) {
      if (i == 0) emit(c == 'o' && next == 'u' ? 'U' : static_cast<char>(c - 'a' + 'A'));
      last = 0;
      continue;
    }
    if (c >= '0' && c <= '9') {
      emit(c);
      continue;
    }
    switch (c) {
      case 'b':
        emit('B');
        break;
      case 'c':
        if (next == 'h') {
          emit(at(i + 2) == 'r' || at(i + 2) == 'l' ? 'K' : 'X');
          ++i;
        } else if (next == 'z') {
          emit('X');
          ++i;
        } else if (next == 'k' || next == 'q') {
          emit('K');
          ++i;
        } else {
          emit(front_vowel(next) ? 'S' : 'K');
        }
        break;
      case 'd':
        if (next == 'g' && front_vowel(at(i + 2))) {
          emit('J');
          ++i;
        } else {
          if (next == 'h') ++i;
          emit('D');
        }
        break;
      case 'f':
        emit('F');
        break;
      case 'g':
        if (next == 'h') {
          ++i;
          emit('G');
        } else if (next == 'j') {
          ++i;
          emit('J');
        } else {
          emit('G');
        }
        break;
      case 'h':
        // Sounded at the start or between vowels (Ehigiator, Osahon); silent elsewhere (Ahmed /
        // Amed, French h).
        if (i == 0 || (is_vowel(at(i - 1)) && is_vowel(next))) emit('H');
        break;
      case 'j':
        emit('J');
        break;
      case 'k':
        if (next == 'h') ++i;
        emit('K');
        break;
      case 'l':
        emit('L');
        break;
      case 'm':
        emit('M');
        break;
      case 'n':
        emit('N');
        break;
      case 'p':
        emit('P');
        break;
      case 'q':
        if (next == 'u') ++i;
        emit('K');
        break;
      case 'r':
        emit('R');
        break;
      case 's':
        if (next == 'h') {
          ++i;
          emit('X');
        } else if (next == 'c' && at(i + 2) == 'h') {
          i += 2;
          emit('X');
        } else {
          emit('S');
        }
        break;
      case 't':
        if (next == 'h') {
          ++i;
          emit('T');
        } else if ((next == 'c' || next == 's') && at(i + 2) == 'h') {
          i += 2;
          emit('X');
        } else {
          emit('T');
        }
        break;
      case 'v':
      case 'w':
        emit('V');
        break;
      case 'x':
        if (next == 'h') {
          ++i;
          emit('J');
        } else if (i == 0) {
          emit('S');
        } else {
          emit('K');
          emit('S');
        }
        break;
      case 'y':
        emit('Y');
        break;
      case 'z':
        if (next == 'h') {
          ++i;
          emit('J');
        } else {
          emit('S');
        }
        break;
      default:
        break;
    }
  }
  return key.empty() ? s : key;
}

std::vector<std::string> name_search_keys(std::string_view utf8) {
  std::vector<std::string> keys;
  for (const std::string& token : name_tokens(utf8)) {
    keys.push_back("t:" + canonical_variant(token));
    keys.push_back("p:" + phonetic_key(token));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace passerelle::crypto
