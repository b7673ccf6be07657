#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/permissions.h"

using namespace passerelle::core;

TEST(Permissions, AdministratorRunsTheSystemButReadsNoCaseData) {
  EXPECT_TRUE(role_has("administrator", perm::users_manage));
  EXPECT_TRUE(role_has("administrator", perm::audit_read));
  EXPECT_FALSE(role_has("administrator", perm::cases_read_org));
  EXPECT_FALSE(role_has("administrator", perm::clinical_notes_read));
}

TEST(Permissions, ClinicalNotesAreThePsychologistsAlone) {
  for (auto role : kRoles)
    EXPECT_EQ(role_has(role, perm::clinical_notes_read), role == std::string_view("psychologist"))
        << role;
}

TEST(Permissions, PartnerSeesOnlyReferralsAddressedToHerOrganisation) {
  auto p = role_permissions("partner");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], perm::partner_referrals);
}

TEST(Permissions, UnknownRoleHasNothing) {
  EXPECT_FALSE(is_role("superuser"));
  EXPECT_TRUE(role_permissions("superuser").empty());
  EXPECT_FALSE(role_has("", perm::users_manage));
}

TEST(Permissions, EveryGrantedPermissionIsDeclared) {
  auto all = all_permissions();
  for (auto role : kRoles)
    for (auto p : role_permissions(role))
      EXPECT_NE(std::find(all.begin(), all.end(), p), all.end()) << role << " " << p;
}

TEST(Permissions, SecondFactorRequiredForRolesThatReadAcrossCaseloads) {
  EXPECT_TRUE(role_requires_mfa("administrator"));
  EXPECT_TRUE(role_requires_mfa("coordinator"));
  EXPECT_FALSE(role_requires_mfa("peer_mediator"));
  // Any role holding an organisation-wide read must require 2FA.
  for (auto role : kRoles) {
    if (role_has(role, perm::cases_read_org) || role_has(role, perm::users_manage)) {
      EXPECT_TRUE(role_requires_mfa(role)) << role;
    }
  }
}

// Referrals, procedures and the partner directory (issue 4; access.md rows "legal notes and
// procedures", "referrals", "shelter addresses").
TEST(Permissions, ReferralsAreWorkedByEveryCaseRoleButThePsychologist) {
  for (auto role : {"coordinator", "social_worker", "peer_mediator", "lawyer"})
    EXPECT_TRUE(role_has(role, perm::referrals_work)) << role;
  for (auto role : {"administrator", "psychologist", "researcher", "project_viewer", "partner"})
    EXPECT_FALSE(role_has(role, perm::referrals_work)) << role;
}

TEST(Permissions, LegalProceduresAreForCoordinatorsSocialWorkersAndLawyers) {
  for (auto role : kRoles)
    EXPECT_EQ(role_has(role, perm::procedures_legal),
              role == std::string_view("coordinator") ||
                  role == std::string_view("social_worker") || role == std::string_view("lawyer"))
        << role;
  // Procedures are not notes: the social worker sees legal procedures but not legal notes.
  EXPECT_FALSE(role_has("social_worker", perm::legal_notes_read));
  EXPECT_FALSE(role_has("peer_mediator", perm::procedures_legal));
  EXPECT_FALSE(role_has("psychologist", perm::procedures_legal));
}

TEST(Permissions, TheDirectoryIsReadByStaffAndManagedByCoordinatorsAndAdministrators) {
  for (auto role : {"administrator", "coordinator", "social_worker", "peer_mediator", "lawyer",
                    "psychologist"})
    EXPECT_TRUE(role_has(role, perm::partners_read)) << role;
  for (auto role : kRoles)
    EXPECT_EQ(role_has(role, perm::partners_manage),
              role == std::string_view("administrator") || role == std::string_view("coordinator"))
        << role;
  for (auto role : {"researcher", "project_viewer", "partner"})
    EXPECT_FALSE(role_has(role, perm::partners_read)) << role;
}

TEST(Permissions, SecretPlacesByRoleOnlyForCoordinators) {
  // Social workers get shelter addresses by an explicit per-user grant, partners see only their
  // own address: neither is a role permission. The administrator reads no case data.
  for (auto role : kRoles)
    EXPECT_EQ(role_has(role, perm::places_secret), role == std::string_view("coordinator")) << role;
}

TEST(Permissions, PartnerStillHasOnlyItsReferrals) {
  EXPECT_EQ(role_permissions("partner"), std::vector<std::string_view>{perm::partner_referrals});
  EXPECT_FALSE(role_has("partner", perm::referrals_work));
  EXPECT_FALSE(role_has("partner", perm::partners_read));
  EXPECT_FALSE(role_has("partner", perm::places_secret));
}

TEST(Permissions, NewPermissionsAreDeclaredOnce) {
  auto all = all_permissions();
  for (auto p : {perm::referrals_work, perm::procedures_legal, perm::partners_read,
                 perm::partners_manage, perm::places_secret})
    EXPECT_EQ(std::count(all.begin(), all.end(), p), 1) << p;
  std::set<std::string_view> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size());
}
