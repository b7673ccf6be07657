#include <gtest/gtest.h>

#include <set>

#include "api/messages.h"
#include "api/routes.h"
#include "core/permissions.h"

using namespace passerelle;

TEST(Routes, EveryRouteDeclaresItsAccess) {
  for (const auto& r : api::routes()) {
    EXPECT_NE(r.access, api::Access::undeclared) << r.method << " " << r.pattern;
    EXPECT_NE(r.handler, nullptr) << r.pattern;
    if (r.access == api::Access::permission) {
      auto all = core::all_permissions();
      EXPECT_NE(std::find(all.begin(), all.end(), r.permission), all.end())
          << r.pattern << " names an unknown permission";
    } else {
      EXPECT_TRUE(r.permission.empty()) << r.pattern;
    }
  }
}

TEST(Routes, OnlyHealthLoginAndTheTokenCalendarAreOpen) {
  std::set<std::string> open;
  for (const auto& r : api::routes())
    if (r.access == api::Access::open) open.insert(std::string(r.method) + " " + std::string(r.pattern));
  EXPECT_EQ(open, (std::set<std::string>{"GET /healthz", "GET /readyz", "POST /api/v1/auth/login",
                                         "GET /api/v1/calendar.ics"}));
}

TEST(Routes, EachMethodAndPatternIsDeclaredOnce) {
  std::set<std::string> seen;
  for (const auto& r : api::routes())
    EXPECT_TRUE(seen.insert(std::string(r.method) + " " + std::string(r.pattern)).second) << r.pattern;
}

TEST(Routes, MatchesIdsAndRefusesOtherSegments) {
  std::map<std::string, std::string, std::less<>> params;
  EXPECT_TRUE(api::match_route("/api/v1/users/{id}", "/api/v1/users/01900000-0000-7000-8000-000000000000", params));
  EXPECT_EQ(params["id"], "01900000-0000-7000-8000-000000000000");
  EXPECT_FALSE(api::match_route("/api/v1/users/{id}", "/api/v1/users/../../etc", params));
  EXPECT_FALSE(api::match_route("/api/v1/users/{id}", "/api/v1/users/", params));
  EXPECT_FALSE(api::match_route("/api/v1/users", "/api/v1/users/", params));
  EXPECT_FALSE(api::match_route("/api/v1/users", "/api/v1/usersx", params));
}

TEST(Messages, EveryMessageHasEnglishAndFrench) { EXPECT_TRUE(api::catalog_complete()); }

TEST(Messages, LanguageFromUserThenAcceptLanguage) {
  EXPECT_EQ(api::pick_language("fr", "en-GB"), "fr");
  EXPECT_EQ(api::pick_language("", "fr-FR,fr;q=0.9,en;q=0.8"), "fr");
  EXPECT_EQ(api::pick_language("", "de-DE, en;q=0.5"), "en");
  EXPECT_EQ(api::pick_language("", ""), "en");
  EXPECT_NE(api::message("fr", "validation"), api::message("en", "validation"));
}

TEST(Routes, RoutesAnsweredFromMemoryNeedNoPermissionAudit) {
  // A permission refusal writes to the audit log; such routes must never run on the network
  // thread, where nothing may block.
  int in_memory = 0;
  for (const auto& r : api::routes()) {
    if (!r.in_memory) continue;
    ++in_memory;
    EXPECT_EQ(r.method, "GET") << r.pattern;
    EXPECT_NE(r.access, api::Access::permission) << r.pattern;
  }
  EXPECT_GE(in_memory, 1);
}
