// Generated, obviously fictional demo data. Deterministic: the same seed gives the same data on
// every machine (std::mt19937_64 and our own draws, no std::*_distribution whose output varies
// between standard libraries).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passerelle::io {

class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed);
  std::uint64_t next();
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n);
  // True with probability percent / 100.
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

// A staff member of the demo association.
struct DemoStaff {
  std::string username, display_name, role, language;
};

// One account per role, with fictional names; usernames are stable ("demo.coordinator", ...).
std::vector<DemoStaff> demo_staff();

// A fictional person's name drawn from one of several naming traditions (Edo, Yoruba, Igbo,
// French, Romanian, Albanian, Chinese, Brazilian, Maghrebi), with the family name from lists of
// invented surnames so that no generated name is a real person's by construction.
struct DemoName {
  std::string given, family, tradition;
};
DemoName demo_name(DemoRandom& random);

}  // namespace passerelle::io
