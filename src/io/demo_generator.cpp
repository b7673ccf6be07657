#include "io/demo_generator.h"

namespace passerelle::io {

DemoRandom::DemoRandom(std::uint64_t seed) : state_(seed ^ 0x9e3779b97f4a7c15ULL) {}

// SplitMix64: tiny, fast, identical everywhere.
std::uint64_t DemoRandom::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t DemoRandom::below(std::uint64_t n) {
  if (n == 0) return 0;
  // Rejection sampling removes modulo bias.
  std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do x = next();
  while (x >= limit);
  return x % n;
}

std::vector<DemoStaff> demo_staff() {
  return {
      {"demo.admin", "Admin Démo", "administrator", "fr"},
      {"demo.coordinator", "Coline Démo-Coordination", "coordinator", "fr"},
      {"demo.socialworker", "Samir Démo-Social", "social_worker", "fr"},
      {"demo.mediator", "Blessing Démo-Médiation", "peer_mediator", "en"},
      {"demo.lawyer", "Louise Démo-Avocate", "lawyer", "fr"},
      {"demo.psychologist", "Paul Démo-Psy", "psychologist", "fr"},
      {"demo.researcher", "Rosa Démo-Recherche", "researcher", "en"},
      {"demo.viewer", "Victor Démo-Projets", "project_viewer", "fr"},
      {"demo.partner", "Pia Démo-Partenaire", "partner", "en"},
  };
}

namespace {

struct Tradition {
  const char* name;
  std::vector<std::string> given;
  std::vector<std::string> family_roots;
  std::vector<std::string> family_endings;
};

const std::vector<Tradition>& traditions() {
  // Family names are built from invented roots and endings of each tradition's sound, so a
  // generated person is fictional by construction.
  static const std::vector<Tradition> t = {
      {"edo", {"Osaro", "Efosa", "Uyi", "Osagie", "Ivie", "Eghosa", "Omoye", "Idia", "Esohe", "Itohan"},
       {"Ogie", "Ede", "Usu", "Ihe", "Obaz"}, {"kpolo", "rhuwa", "gbemi", "mwanta"}},
      {"yoruba", {"Adunni", "Folake", "Yetunde", "Kemi", "Bisola", "Temitope", "Funmi", "Ayodele"},
       {"Ola", "Ade", "Ayo", "Fola"}, {"wunmidemo", "tokunbe", "kanmire", "jobiwe"}},
      {"igbo", {"Chiamaka", "Nkechi", "Ngozi", "Adaeze", "Chinwe", "Ifeoma", "Obiageli", "Uju"},
       {"Okon", "Nwa", "Eze", "Obi"}, {"kwelu", "chukara", "doriem", "gbuzo"}},
      {"french", {"Camille", "Manon", "Léa", "Chloé", "Inès", "Élodie", "Nathalie", "Sandrine"},
       {"Bel", "Mar", "Dufr", "Lav"}, {"envaux", "ichonne", "astel", "erneuil"}},
      {"romanian", {"Ioana", "Andreea", "Mihaela", "Elena", "Roxana", "Bianca", "Alina"},
       {"Pop", "Dumi", "Stanc", "Mare"}, {"escuvan", "trelea", "ovidru", "ăianu"}},
      {"albanian", {"Arta", "Besa", "Drita", "Elira", "Fatbardha", "Mimoza", "Vjosa"},
       {"Hox", "Kra", "Shal", "Ber"}, {"hajdemo", "sniqi", "orraku", "isheni"}},
      {"chinese", {"Mei", "Xiu Ying", "Li Na", "Hui", "Jing", "Yan"},
       {"Zhuo", "Qian", "Lan"}, {"demo", "feng", "rui"}},
      {"brazilian", {"Larissa", "Thaís", "Juliana", "Bruna", "Aline", "Renata"},
       {"Souz", "Carv", "Mour"}, {"ello", "antes", "irinho"}},
      {"maghrebi", {"Amina", "Fatima Zahra", "Samira", "Nadia", "Khadija", "Leïla"},
       {"Ben", "El", "Bou"}, {" Demrani", "hadouri", "zaroun"}},
  };
  return t;
}

}  // namespace

DemoName demo_name(DemoRandom& random) {
  // Weights follow the association's public (mostly Nigerian women, then others).
  static const int weights[] = {30, 15, 15, 8, 8, 6, 6, 6, 6};
  int roll = static_cast<int>(random.below(100));
  std::size_t i = 0;
  for (int acc = 0; i < traditions().size(); ++i) {
    acc += weights[i];
    if (roll < acc) break;
  }
  if (i >= traditions().size()) i = 0;
  const Tradition& t = traditions()[i];
  DemoName n;
  n.given = random.pick(t.given);
  n.family = random.pick(t.family_roots) + random.pick(t.family_endings);
  n.tradition = t.name;
  return n;
}

}  // namespace passerelle::io
