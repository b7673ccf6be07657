#include "crypto/name_normaliser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace passerelle::crypto {
namespace {

// True when `s` is well-formed UTF-8 (checked independently of the implementation's decoder).
bool is_valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string key(std::string_view name) {
  const auto tokens = name_tokens(name);
  return tokens.empty() ? std::string() : phonetic_key(tokens.front());
}

std::string canon(std::string_view name) {
  const auto tokens = name_tokens(name);
  return tokens.empty() ? std::string() : canonical_variant(tokens.front());
}

// ------------------------------------------------------------------------------------ fold_text

struct FoldCase {
  const char* input;
  const char* folded;
};
void PrintTo(const FoldCase& c, std::ostream* os) { *os << c.input << " -> " << c.folded; }

class FoldText : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldText, FoldsToLowerCaseAsciiWords) {
  EXPECT_EQ(fold_text(GetParam().input), GetParam().folded) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FoldText,
    ::testing::Values(
        // case, spaces, punctuation, hyphens, apostrophes
        FoldCase{"  Blessing   OKONKWO\t", "blessing okonkwo"},
        FoldCase{"Blessing Okonkwo-Eze", "blessing okonkwo eze"},
        FoldCase{"Smith, John (Jr.)", "smith john jr"}, FoldCase{"O'Brien", "obrien"},
        FoldCase{"O\u2019Brien", "obrien"}, FoldCase{"D\u2019Souza", "dsouza"},
        FoldCase{"Sa\u02BFid", "said"}, FoldCase{"Jean\u2013Pierre", "jean pierre"},
        FoldCase{"Jean\u00A0Pierre", "jean pierre"}, FoldCase{"Bles\u00ADsing", "blessing"},
        FoldCase{"Bles\u200Bsing", "blessing"}, FoldCase{"Ada \U0001F642 Eze", "ada eze"},
        FoldCase{"\uFF21\uFF24\uFF21", "ada"}, FoldCase{"--- ...", ""}, FoldCase{"", ""},
        // Latin-1, Latin Extended-A / -B, Latin Extended Additional
        FoldCase{"Zo\u00E9", "zoe"}, FoldCase{"Zoe\u0301", "zoe"},  // precomposed and decomposed
        FoldCase{"\u00C9LO\u00CFSE", "eloise"}, FoldCase{"Stra\u00DFe", "strasse"},
        FoldCase{"\u00C6sa \u0152dipe", "aesa oedipe"}, FoldCase{"S\u00F8ren", "soren"},
        FoldCase{"\u0141ukasz \u017B\u00F3\u0142\u0107", "lukasz zolc"},
        FoldCase{"\u0110or\u0111e", "dorde"}, FoldCase{"I\u015F\u0131l", "isil"},
        FoldCase{"\u0130brahim", "ibrahim"}, FoldCase{"\u00D0\u00FEor", "dthor"},
        FoldCase{"\u015Etefan \u0162epe\u015F", "stefan tepes"},  // Romanian, cedilla forms
        FoldCase{"\u0218tefan \u021Aepe\u0219", "stefan tepes"},  // Romanian, comma forms
        FoldCase{"Xh\u00EBmal \u00C7ela", "xhemal cela"},         // Albanian
        FoldCase{"Nguy\u1EC5n Th\u1ECB", "nguyen thi"},           // Vietnamese
        FoldCase{"\u1ECCl\u00E1 Ad\u00E9b\u00E1y\u1ECD\u0300", "ola adebayo"},  // Yoruba
        FoldCase{"\u0253aba \u0257an \u0199asa \u01B4a", "baba dan kasa ya"},   // Hausa
        FoldCase{"\u0190k\u0254 \u014Bgozi", "eko nggozi"},
        // Cyrillic
        FoldCase{"\u0415\u043A\u0430\u0442\u0435\u0440\u0438\u043D\u0430", "ekaterina"},
        FoldCase{"\u042E\u043B\u0438\u044F \u0429\u0435\u0440\u0431\u0430\u043A\u043E\u0432\u0430",
                 "yuliya shcherbakova"},
        FoldCase{"\u0414\u043C\u0438\u0442\u0440\u0438\u0439", "dmitriy"},
        FoldCase{"\u041E\u043B\u0435\u043A\u0441\u0430\u043D\u0434\u0440", "oleksandr"},
        FoldCase{"\u0402\u043E\u0440\u0452\u0435", "djordje"},
        FoldCase{"\u0416\u0435\u043B\u044C\u043E", "zhelyo"},
        FoldCase{"\u0425\u0430\u0440\u0438\u0442\u043E\u043D\u043E\u0432", "kharitonov"},
        // Greek
        FoldCase{"\u0393\u03B5\u03CE\u03C1\u03B3\u03B9\u03BF\u03C2", "georgios"},
        FoldCase{"\u03A0\u03B1\u03C0\u03B1\u03B4\u03CC\u03C0\u03BF\u03C5\u03BB\u03BF\u03C2",
                 "papadopoulos"},
        FoldCase{"\u0395\u03C5\u03AC\u03B3\u03B3\u03B5\u03BB\u03BF\u03C2", "evangelos"},
        FoldCase{"\u039D\u03C4\u03AF\u03BD\u03BF\u03C2", "dinos"},
        FoldCase{"\u039D\u0399\u039A\u039F\u03A3", "nikos"},
        // scripts without transliteration are kept; Arabic spelling variants are unified
        FoldCase{"\u0645\u062D\u0645\u062F", "\u0645\u062D\u0645\u062F"},
        FoldCase{"\u0623\u062D\u0645\u062F", "\u0627\u062D\u0645\u062F"},
        FoldCase{"\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F", "\u0645\u062D\u0645\u062F"},
        FoldCase{"\u738B\u5C0F\u660E", "\u738B\u5C0F\u660E"}));

TEST(FoldTextUtf8, SkipsInvalidBytesWithoutSplittingWords) {
  EXPECT_EQ(fold_text("Bl\xFF"
                      "essing"),
            "blessing");
  EXPECT_EQ(fold_text("Ada \xE2\x82"), "ada");  // truncated sequence
  EXPECT_EQ(fold_text("A\xC0\xAF"
                      "da"),
            "ada");  // overlong '/'
  EXPECT_EQ(fold_text("A\xED\xA0\x80"
                      "da"),
            "ada");  // UTF-16 surrogate
  EXPECT_EQ(fold_text("A\xF4\x90\x80\x80"
                      "da"),
            "ada");  // above U+10FFFF
  EXPECT_EQ(fold_text("\x80\x80\x80"), "");
  EXPECT_EQ(fold_text(std::string("Ada\0Eze", 7)), "ada eze");  // NUL is a separator
}

TEST(FoldTextUtf8, RandomBytesNeverCrashAndGiveWellFormedText) {
  std::mt19937 rng(20240601);  // fixed seed: the test is reproducible
  std::uniform_int_distribution<int> len(0, 40);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 5000; ++round) {
    std::string input(static_cast<std::size_t>(len(rng)), '\0');
    for (char& c : input) c = static_cast<char>(byte(rng));
    const std::string folded = fold_text(input);
    ASSERT_TRUE(is_valid_utf8(folded));
    EXPECT_EQ(folded.find("  "), std::string::npos);
    if (!folded.empty()) {
      EXPECT_NE(folded.front(), ' ');
      EXPECT_NE(folded.back(), ' ');
    }
    EXPECT_EQ(fold_text(folded), folded);  // folding is idempotent
    for (const std::string& k : name_search_keys(input)) EXPECT_GT(k.size(), 2u);
  }
}

// ---------------------------------------------------------------------------------- name_tokens

TEST(NameTokens, SplitsInOrderAndDropsDuplicates) {
  EXPECT_EQ(name_tokens("Blessing Okonkwo-Eze BLESSING"),
            (std::vector<std::string>{"blessing", "okonkwo", "eze"}));
  EXPECT_TRUE(name_tokens(" - ").empty());
  EXPECT_EQ(name_tokens("A. B."), (std::vector<std::string>{"a", "b"}));
}

// ---------------------------------------------------------------------------- canonical_variant

TEST(CanonicalVariant, AppliesSpellingRules) {
  EXPECT_EQ(canonical_variant("blessing"), "blesing");  // doubled letters
  EXPECT_EQ(canonical_variant("okonkwoo"), "okonkwo");
  EXPECT_EQ(canonical_variant("stephen"), "stefen");  // ph → f
  EXPECT_EQ(canonical_variant("djibril"), "jibril");  // dj → j
  EXPECT_EQ(canonical_variant("dmitriy"), "dmitri");  // y → i before a consonant or at the end
  EXPECT_EQ(canonical_variant("yvonne"), "ivone");
  EXPECT_EQ(canonical_variant("maya"), "maya");  // y before a vowel is a consonant
  EXPECT_EQ(canonical_variant("nguyen"), "nguyen");
  EXPECT_EQ(canonical_variant("aishah"), "aisha");  // silent final h
  EXPECT_EQ(canonical_variant("sarah"), "sara");
  EXPECT_EQ(canonical_variant("OKONKWO"), "okonkwo");  // tolerant of unfolded input
}

TEST(CanonicalVariant, MapsTransliterationVariantsOfOneName) {
  for (const char* v : {"mohamed", "mohammed", "muhammad", "mohamad", "mohammad", "mouhamed"}) {
    EXPECT_EQ(canonical_variant(v), "mohamed") << v;
  }
  for (const char* v : {"aisha", "aicha", "aysha", "ayesha", "aishah"}) {
    EXPECT_EQ(canonical_variant(v), "aisha") << v;
  }
  for (const char* v : {"yusuf", "youssef", "youssouf", "yousef"}) {
    EXPECT_EQ(canonical_variant(v), "yusuf") << v;
  }
  for (const char* v : {"ekaterina", "yekaterina", "jekaterina"}) {
    EXPECT_EQ(canonical_variant(v), "ekaterina") << v;
  }
  EXPECT_EQ(canon("A\u00EFcha"), "aisha");
  EXPECT_EQ(canon("Khadidja"), canon("Khadija"));
  EXPECT_EQ(canon("Ousmane"), canon("Usman"));
}

TEST(CanonicalVariant, KeepsRelatedButDifferentNamesApart) {
  EXPECT_NE(canonical_variant("joseph"), canonical_variant("yusuf"));
  EXPECT_NE(canonical_variant("fatima"), canonical_variant("fatoumata"));
  EXPECT_NE(canonical_variant("mohamed"), canonical_variant("mahmoud"));
  EXPECT_NE(canonical_variant("amina"), canonical_variant("aminata"));
}

TEST(CanonicalVariant, IsIdempotent) {
  for (const char* v :
       {"mohammed", "muhammad", "aicha",      "khadeeja", "hussain",  "youssouf", "abdallah",
        "oumar",    "ousmane",  "aboubacar",  "moussa",   "yevgeniy", "natalya",  "serghei",
        "blessing", "okonkwoo", "dmitriy",    "yy",       "hh",       "ahh",      "jdj",
        "pph",      "djj",      "yekaterina", "x",        ""}) {
    const std::string once = canonical_variant(v);
    EXPECT_EQ(canonical_variant(once), once) << v;
  }
}

// --------------------------------------------------------------------------------- phonetic_key

struct NamePair {
  const char* a;
  const char* b;
};
void PrintTo(const NamePair& p, std::ostream* os) { *os << p.a << " / " << p.b; }

class SameSoundingNames : public ::testing::TestWithParam<NamePair> {};

TEST_P(SameSoundingNames, ShareAPhoneticKey) {
  EXPECT_EQ(key(GetParam().a), key(GetParam().b)) << GetParam().a << " / " << GetParam().b;
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, SameSoundingNames,
    ::testing::Values(
        NamePair{"Blessing", "Blesing"}, NamePair{"Okonkwo", "Okonkwoo"},
        NamePair{"Chiamaka", "Shiamaka"}, NamePair{"Chiamaka", "Tchiamaka"},
        NamePair{"Oghenekaro", "Ogenekaro"}, NamePair{"Osagie", "Osagi\u00E9"},
        NamePair{"Ehigiator", "Ehighiator"}, NamePair{"Ifeoma", "Ifeomah"},
        NamePair{"Mohamed", "Muhammad"}, NamePair{"Mohammed", "Mouhamed"},
        NamePair{"Aisha", "A\u00EFcha"}, NamePair{"Ayesha", "Aisha"},
        NamePair{"Khadija", "Khadidja"}, NamePair{"Yusuf", "Youssouf"},
        NamePair{"Ekaterina", "Yekaterina"},
        NamePair{"Ekaterina", "\u0415\u043A\u0430\u0442\u0435\u0440\u0438\u043D\u0430"},
        NamePair{"Yelena", "Elena"}, NamePair{"Nguyen", "Nguy\u1EC5n"}, NamePair{"Zo\u00E9", "Zoe"},
        NamePair{"Stephen", "Stefan"}, NamePair{"Philippe", "Filip"},
        NamePair{"Christine", "Kristine"}, NamePair{"Catherine", "Katherine"},
        NamePair{"Wladimir", "Vladimir"}, NamePair{"Alexander", "Aleksandr"},
        NamePair{"Aleksandr", "\u0410\u043B\u0435\u043A\u0441\u0430\u043D\u0434\u0440"},
        NamePair{"Dmitriy", "Dmitry"},
        NamePair{"Dmitri", "\u0414\u043C\u0438\u0442\u0440\u0438\u0439"},
        NamePair{"Sergei", "Serghei"}, NamePair{"Sergey", "\u0421\u0435\u0440\u0433\u0435\u0439"},
        NamePair{"Xhemal", "Djemal"}, NamePair{"Qemal", "Kemal"}, NamePair{"\u0218tefan", "Stefan"},
        NamePair{"Arnaud", "Arno"}, NamePair{"Thibault", "Tibo"}, NamePair{"Schmidt", "Shmidt"},
        NamePair{"Mueller", "M\u00FCller"}, NamePair{"Fatima", "Fatimah"},
        NamePair{"Zainab", "Zaynab"}, NamePair{"Ibrahim", "Ibraheem"},
        NamePair{"O'Brien", "Obrien"}, NamePair{"Ngozi", "Ngozie"},
        NamePair{"Jekaterina", "Ekaterina"}, NamePair{"Quentin", "Kentin"},
        NamePair{"Alexsandra", "Aleksandra"}, NamePair{"Szabo", "Sabo"}));

class DifferentNames : public ::testing::TestWithParam<NamePair> {};

TEST_P(DifferentNames, HaveDifferentPhoneticKeys) {
  EXPECT_NE(key(GetParam().a), key(GetParam().b)) << GetParam().a << " / " << GetParam().b;
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, DifferentNames,
    ::testing::Values(
        NamePair{"Blessing", "Gift"}, NamePair{"Ada", "Ola"}, NamePair{"Chidi", "Chika"},
        NamePair{"Emeka", "Ekene"}, NamePair{"Osagie", "Osaro"}, NamePair{"Fatima", "Fatoumata"},
        NamePair{"Amina", "Aminata"}, NamePair{"Ngozi", "Nkechi"}, NamePair{"Tunde", "Tolu"},
        NamePair{"Mohamed", "Mahmoud"}, NamePair{"Ion", "Ivan"}, NamePair{"Ali", "Ola"},
        NamePair{"Joseph", "Yusuf"}, NamePair{"Kemi", "Bimpe"}, NamePair{"Adaeze", "Adanna"},
        NamePair{"Ioana", "Ileana"}, NamePair{"Yusuf", "Yakubu"}, NamePair{"Chiamaka", "Chioma"},
        NamePair{"Okonkwo", "Okafor"}, NamePair{"Ehigiator", "Osahon"}, NamePair{"Elena", "Helen"},
        NamePair{"Said", "Sami"}, NamePair{"Mahmoud", "Mahamadou"}, NamePair{"Sasha", "Sasa"}));

TEST(PhoneticKey, IsNeverEmptyForANonEmptyToken) {
  for (const char* t : {"a", "e", "h", "y", "w", "hh", "ye", "x", "7", "aeiou", "ya"}) {
    EXPECT_FALSE(phonetic_key(t).empty()) << t;
  }
  // A script without transliteration keeps its canonical form as key.
  EXPECT_EQ(phonetic_key("\u0645\u062D\u0645\u062F"), "\u0645\u062D\u0645\u062F");
}

// Documents a known limit rather than a wish: the key drops vowels after the first letter, so
// names that differ only in their vowels share it. The "t:" key still tells them apart.
TEST(PhoneticKey, NamesDifferingOnlyInVowelsShareTheKey) {
  EXPECT_EQ(key("Hassan"), key("Hussein"));
  EXPECT_EQ(key("Said"), key("Saad"));
  EXPECT_NE(canon("Hassan"), canon("Hussein"));
  EXPECT_NE(canon("Said"), canon("Saad"));
}

TEST(PhoneticKey, KeepsSilentFinalConsonantsThatArePronounced) {
  EXPECT_EQ(key("Mahmoud"), "MMD");  // not French: the d is sounded
  EXPECT_EQ(key("Said"), "SD");
  EXPECT_EQ(key("Dubois"), "DB");  // French: the s is silent
}

// ----------------------------------------------------------------------------- name_search_keys

bool shares_a_key(std::string_view a, std::string_view b) {
  const auto ka = name_search_keys(a);
  const auto kb = name_search_keys(b);
  std::vector<std::string> common;
  std::set_intersection(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(common));
  return !common.empty();
}

TEST(NameSearchKeys, AreSortedUniqueAndPrefixed) {
  const auto keys = name_search_keys("Blessing Okonkwo-Eze Blessing");
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
  EXPECT_EQ(keys.size(), 6u);
  for (const std::string& k : keys) {
    EXPECT_TRUE(k.rfind("t:", 0) == 0 || k.rfind("p:", 0) == 0) << k;
  }
  EXPECT_TRUE(name_search_keys("").empty());
}

TEST(NameSearchKeys, IgnoreWordOrderCaseAccentsAndPunctuation) {
  EXPECT_EQ(name_search_keys("Blessing Okonkwo-Eze"), name_search_keys("blessing  OKONKWO EZE"));
  EXPECT_EQ(name_search_keys("Blessing Okonkwo-Eze"),
            name_search_keys("Okonkwo \u00C9ze Blessing"));
}

TEST(NameSearchKeys, AMisspeltPartialNameFindsTheFullName) {
  const auto full = name_search_keys("Blessing Okonkwo-Eze");
  const auto typed = name_search_keys("Blesing Okonkwo");
  EXPECT_TRUE(std::includes(full.begin(), full.end(), typed.begin(), typed.end()));
}

TEST(NameSearchKeys, CrossScriptAndVariantSpellingsFindEachOther) {
  EXPECT_TRUE(shares_a_key("Yekaterina Ivanova",
                           "\u0415\u043A\u0430\u0442\u0435\u0440\u0438\u043D\u0430 "
                           "\u0418\u0432\u0430\u043D\u043E\u0432\u0430"));
  EXPECT_TRUE(shares_a_key("Muhammad Ali", "Mohamed"));
  EXPECT_FALSE(shares_a_key("Blessing", "Gift"));
  EXPECT_FALSE(shares_a_key("Ada", "Ola"));
}

}  // namespace
}  // namespace passerelle::crypto
