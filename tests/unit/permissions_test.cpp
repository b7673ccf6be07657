#include <gtest/gtest.h>

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
  for (auto role : kRoles)
    if (role_has(role, perm::cases_read_org) || role_has(role, perm::users_manage))
      EXPECT_TRUE(role_requires_mfa(role)) << role;
}
