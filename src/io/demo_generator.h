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

namespace passerelle::store {
class Store;
}

namespace passerelle::io {

struct DemoCounts {
  int people = 0, cases = 0, encounters = 0, notes = 0, tasks = 0, consents = 0;
  int partners = 0, procedures = 0;  // partners created by this run; procedures of every kind
};

// Generates `people` fictional people with realistic proportions (most followed in a case, a
// few minors, ~10 encounters each over the last two years, notes, tasks, consents), plus teams and
// sites, and puts the demo staff on teams and case teams. Adds fictional partner organisations
// in France and abroad (once), links the demo partner account to one of them, and gives the
// cases procedures of every kind — referrals with sharing consents, legal and rights procedures,
// exit programmes, housing, protection of minors — with their steps and computed deadlines.
// Deterministic for a seed (the dates are relative to `today`). Writes in batches; safe to call
// on a database that already has people (it adds more).
DemoCounts generate_casework(store::Store& store, int people, std::uint64_t seed,
                             const std::string& today);

struct ProgrammeCounts {
  bool already_there = false;  // the projects existed: nothing was added
  int projects = 0, indicators = 0, activities = 0, sessions = 0, attendance = 0;
  int media_items = 0, applications = 0, earlier_cases = 0, procedures = 0;
  long long links = 0;  // records linked to projects
};

// The association's fourteen programmes (as its projects page states them) as projects
// with their periods, aims, funders (demo amounts), partners and indicators — the targets the
// page states, and untargeted counts beside them — and the fictional work behind them: group
// activities of every type with member and outsider attendance (about one session for every
// five people), media made with members (with their media consent; one published episode must
// come down), a call for contributions with reviewed applications, earlier cases for the
// programmes that ran before the casework's two years, and the casework records that count
// towards each project linked to it. Run after generate_casework: members who attend are its
// people. Deterministic for a seed (its own random stream); does nothing when the projects
// already exist.
ProgrammeCounts generate_programmes(store::Store& store, std::uint64_t seed,
                                    const std::string& today);

}  // namespace passerelle::io
