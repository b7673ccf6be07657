// Every role against every note level and scope: the matrix of shared/design/access.md.
#include <gtest/gtest.h>

#include "core/case_access.h"
#include "core/permissions.h"

using namespace passerelle::core;

namespace {
CaseFacts on_team() { CaseFacts f; f.on_case_team = true; return f; }
CaseFacts team_group() { CaseFacts f; f.in_case_team_group = true; return f; }
CaseFacts stranger() { return CaseFacts{}; }
}  // namespace

TEST(CaseAccess, ScopeOfEachRole) {
  EXPECT_EQ(case_scope("coordinator"), Scope::org);
  EXPECT_EQ(case_scope("social_worker"), Scope::team);
  EXPECT_EQ(case_scope("peer_mediator"), Scope::own);
  EXPECT_EQ(case_scope("lawyer"), Scope::own);
  EXPECT_EQ(case_scope("psychologist"), Scope::own);
  for (auto role : {"administrator", "researcher", "project_viewer", "partner"})
    EXPECT_EQ(case_scope(role), Scope::none) << role;
}

TEST(CaseAccess, PeerMediatorSeesOnlyCasesWhereSheIsOnTheTeam) {
  EXPECT_TRUE(can_read_case("peer_mediator", on_team()));
  EXPECT_FALSE(can_read_case("peer_mediator", team_group()));
  EXPECT_FALSE(can_read_case("peer_mediator", stranger()));
}

TEST(CaseAccess, SocialWorkerSeesHerTeamsCases) {
  EXPECT_TRUE(can_read_case("social_worker", team_group()));
  EXPECT_FALSE(can_read_case("social_worker", stranger()));
}

TEST(CaseAccess, AdministratorReadsNoCaseData) {
  CaseFacts everything;
  everything.on_case_team = everything.in_case_team_group = everything.break_glass = true;
  EXPECT_FALSE(can_read_case("administrator", everything));
  for (auto level : {NoteLevel::general, NoteLevel::legal, NoteLevel::clinical})
    EXPECT_FALSE(can_read_notes("administrator", level, everything));
}

// The full matrix: role × note level × (on the case team | only in the team group | stranger).
TEST(CaseAccess, EveryRoleAgainstEveryNoteLevel) {
  struct Row {
    const char* role;
    bool general[3], legal[3], clinical[3];  // on team, team group, stranger
  };
  const Row rows[] = {
      {"administrator", {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {"coordinator", {1, 1, 1}, {1, 1, 1}, {0, 0, 0}},
      {"social_worker", {1, 1, 0}, {0, 0, 0}, {0, 0, 0}},
      {"peer_mediator", {1, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {"lawyer", {1, 0, 0}, {1, 0, 0}, {0, 0, 0}},
      {"psychologist", {1, 0, 0}, {0, 0, 0}, {1, 0, 0}},
      {"researcher", {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {"project_viewer", {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {"partner", {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
  };
  const CaseFacts facts[3] = {on_team(), team_group(), stranger()};
  for (const Row& r : rows) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(can_read_notes(r.role, NoteLevel::general, facts[i]), r.general[i]) << r.role << " general " << i;
      EXPECT_EQ(can_read_notes(r.role, NoteLevel::legal, facts[i]), r.legal[i]) << r.role << " legal " << i;
      EXPECT_EQ(can_read_notes(r.role, NoteLevel::clinical, facts[i]), r.clinical[i]) << r.role << " clinical " << i;
    }
  }
  // Every role of the system is in the table above.
  EXPECT_EQ(std::size(rows), std::size(kRoles));
}

TEST(CaseAccess, MinorsFilesAreNarrower) {
  CaseFacts minor_team_group = team_group();
  minor_team_group.minor = true;
  EXPECT_FALSE(can_read_case("social_worker", minor_team_group)) << "own only for minors";
  CaseFacts minor_on_team = on_team();
  minor_on_team.minor = true;
  EXPECT_TRUE(can_read_case("social_worker", minor_on_team));
  EXPECT_FALSE(can_read_case("peer_mediator", minor_on_team)) << "needs training for minors";
  minor_on_team.trained_for_minors = true;
  EXPECT_TRUE(can_read_case("peer_mediator", minor_on_team));
  CaseFacts minor_stranger = stranger();
  minor_stranger.minor = true;
  EXPECT_TRUE(can_read_case("coordinator", minor_stranger));
}

TEST(CaseAccess, BreakTheGlassGivesTimeLimitedReadNotWrite) {
  CaseFacts glass;
  glass.break_glass = true;
  EXPECT_TRUE(can_read_case("peer_mediator", glass));
  EXPECT_FALSE(can_write_case("peer_mediator", glass));
  EXPECT_FALSE(can_read_case("researcher", glass)) << "only case roles may break the glass";
  EXPECT_TRUE(can_read_notes("psychologist", NoteLevel::clinical, [] { CaseFacts f; f.break_glass = true; return f; }()));
  EXPECT_FALSE(can_read_notes("lawyer", NoteLevel::clinical, glass));
}

TEST(CaseAccess, NoteLevelsParse) {
  NoteLevel l;
  EXPECT_TRUE(parse_note_level("legal", l));
  EXPECT_EQ(l, NoteLevel::legal);
  EXPECT_FALSE(parse_note_level("secret", l));
  EXPECT_EQ(to_string(NoteLevel::clinical), "clinical");
}
