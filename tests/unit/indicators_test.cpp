#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/indicators.h"

using namespace passerelle::core;

namespace {

// "field:code" of each error, in order.
std::vector<std::string> errors_of(const std::string& counts, IndicatorFilters filters = {}) {
  std::vector<std::string> out;
  for (const auto& e : validate_indicator({counts, std::move(filters)}))
    out.push_back(e.field + ":" + e.code);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST(Indicators, EveryCountIsAcceptedBare) {
  for (auto counts : kIndicatorCounts) {
    if (counts == "outcomes") continue;  // needs what an outcome is
    EXPECT_EQ(errors_of(std::string(counts)), V{}) << counts;
  }
  EXPECT_EQ(errors_of("outcomes"), V{"filters.statuses:field.required"});
}

TEST(Indicators, CountsRequiredAndKnown) {
  EXPECT_EQ(errors_of(""), V{"counts:field.required"});
  EXPECT_EQ(errors_of("persons"), V{"counts:field.invalid"});
  EXPECT_EQ(errors_of("People"), V{"counts:field.invalid"});
}

TEST(Indicators, UnknownFilterIsNamed) {
  EXPECT_EQ(errors_of("people", {{"colour", {"red"}}}), V{"filters.colour:field.unknown"});
}

TEST(Indicators, FiltersApplyOnlyToTheirCounts) {
  EXPECT_EQ(errors_of("outsiders", {{"professions", {"police_officer", "lawyer"}}}), V{});
  EXPECT_EQ(errors_of("people", {{"professions", {"police_officer"}}}),
            V{"filters.professions:field.invalid"});
  EXPECT_EQ(errors_of("sessions", {{"activity_types", {"workshop", "film_debate"}}}), V{});
  EXPECT_EQ(errors_of("applications", {{"activity_types", {"workshop"}}}),
            V{"filters.activity_types:field.invalid"});
  EXPECT_EQ(errors_of("referrals", {{"direction", {"out"}}}), V{});
  EXPECT_EQ(errors_of("procedures", {{"direction", {"out"}}}), V{"filters.direction:field.invalid"});
  EXPECT_EQ(errors_of("people", {{"gender", {"Feminine"}}, {"minor", {"false"}}}), V{});
  EXPECT_EQ(errors_of("sessions", {{"gender", {"Feminine"}}}), V{"filters.gender:field.invalid"});
  EXPECT_EQ(errors_of("applications", {{"application_statuses", {"selected"}}}), V{});
  EXPECT_EQ(errors_of("media_items", {{"media_kinds", {"podcast_episode"}}, {"media_statuses", {"published"}}}), V{});
}

TEST(Indicators, ValuesAreCheckedAgainstTheirVocabulary) {
  EXPECT_EQ(errors_of("sessions", {{"activity_types", {"workshop", "knitting"}}}),
            V{"filters.activity_types:field.invalid"});
  EXPECT_EQ(errors_of("people", {{"gender", {"female"}}}), V{"filters.gender:field.invalid"});
  EXPECT_EQ(errors_of("people", {{"via", {"attendance", "media"}}}), V{});
  EXPECT_EQ(errors_of("people", {{"via", {"friends"}}}), V{"filters.via:field.invalid"});
  EXPECT_EQ(errors_of("encounters", {{"encounter_types", {"outreach_contact"}}}), V{});
  EXPECT_EQ(errors_of("encounters", {{"encounter_types", {"chat"}}}), V{"filters.encounter_types:field.invalid"});
  EXPECT_EQ(errors_of("attendances", {{"attendance_roles", {"peer_helper"}}}), V{});
  EXPECT_EQ(errors_of("attendances", {{"attendance_roles", {"guest"}}}), V{"filters.attendance_roles:field.invalid"});
}

TEST(Indicators, ScalarsAreOneValue) {
  EXPECT_EQ(errors_of("sessions", {{"audience", {"professionals"}}}), V{});
  EXPECT_EQ(errors_of("sessions", {{"audience", {"members", "public"}}}), V{"filters.audience:field.invalid"});
  EXPECT_EQ(errors_of("sessions", {{"international", {"yes"}}}), V{"filters.international:field.invalid"});
  EXPECT_EQ(errors_of("sessions", {{"international", {"true"}}}), V{});
}

TEST(Indicators, EmptyDuplicateOrOversizedListsAreRefused) {
  EXPECT_EQ(errors_of("sessions", {{"activity_types", {}}}), V{"filters.activity_types:field.invalid"});
  EXPECT_EQ(errors_of("sessions", {{"activity_types", {"workshop", "workshop"}}}),
            V{"filters.activity_types:field.invalid"});
  EXPECT_EQ(errors_of("people", {{"gender", {""}}}), V{"filters.gender:field.invalid"});
  EXPECT_EQ(errors_of("people", {{"gender", {std::string(101, 'a')}}}), V{"filters.gender:field.invalid"});
}

TEST(Indicators, OutcomesNeedStatusesOfTheirKindOrGoalTypes) {
  // Housing procedures that reached "housed": the kind's own statuses only.
  EXPECT_EQ(errors_of("outcomes", {{"procedure_kind", {"housing"}}, {"statuses", {"housed"}}}), V{});
  EXPECT_EQ(errors_of("outcomes", {{"procedure_kind", {"housing"}}, {"statuses", {"granted"}}}),
            V{"filters.statuses:field.invalid"});
  EXPECT_EQ(errors_of("outcomes", {{"procedure_kind", {"housing"}}}), V{"filters.statuses:field.required"});
  EXPECT_EQ(errors_of("outcomes", {{"statuses", {"housed"}}}), V{"filters.procedure_kind:field.required"});
  EXPECT_EQ(errors_of("outcomes", {{"procedure_kind", {"spaceship"}}, {"statuses", {"housed"}}}),
            V{"filters.procedure_kind:field.invalid"});
  EXPECT_EQ(errors_of("outcomes", {{"goal_types", {"Livelihood", "Education"}}}), V{});
  EXPECT_EQ(errors_of("outcomes", {{"goal_types", {"Happiness"}}}), V{"filters.goal_types:field.invalid"});
}

TEST(Indicators, ReferralStatusesAreTheReferralKinds) {
  EXPECT_EQ(errors_of("referrals", {{"statuses", {"accepted"}}, {"direction", {"out"}}}), V{});
  EXPECT_EQ(errors_of("referrals", {{"statuses", {"housed"}}}), V{"filters.statuses:field.invalid"});
  EXPECT_EQ(errors_of("referrals", {{"procedure_kind", {"referral"}}}), V{"filters.procedure_kind:field.invalid"});
}

TEST(Indicators, Dimensions) {
  for (auto d : kDimensions) EXPECT_TRUE(is_dimension(d)) << d;
  EXPECT_FALSE(is_dimension("religion"));
  EXPECT_FALSE(is_dimension(""));
  for (auto counts : {"people", "attendances", "encounters", "outcomes"}) {
    EXPECT_TRUE(dimension_applies(counts, "gender")) << counts;
    EXPECT_TRUE(dimension_applies(counts, "age_band")) << counts;
    EXPECT_TRUE(dimension_applies(counts, "minor")) << counts;
    EXPECT_TRUE(dimension_applies(counts, "nationality")) << counts;
    EXPECT_FALSE(dimension_applies(counts, "profession")) << counts;
  }
  EXPECT_TRUE(dimension_applies("outsiders", "profession"));
  EXPECT_FALSE(dimension_applies("outsiders", "gender"));
  for (auto counts : {"sessions", "activities", "media_items", "applications", "households"})
    for (auto d : kDimensions) EXPECT_FALSE(dimension_applies(counts, d)) << counts << " " << d;
  EXPECT_FALSE(dimension_applies("people", "religion"));
}

TEST(Indicators, AgeBandsAtTheirEdges) {
  EXPECT_EQ(age_band_for(std::nullopt, 2025), "unknown");
  EXPECT_EQ(age_band_for(2026, 2025), "unknown");  // born after the period: not a real age
  EXPECT_EQ(age_band_for(2025, 2025), "0-14");
  EXPECT_EQ(age_band_for(2011, 2025), "0-14");
  EXPECT_EQ(age_band_for(2010, 2025), "15-17");
  EXPECT_EQ(age_band_for(2008, 2025), "15-17");
  EXPECT_EQ(age_band_for(2007, 2025), "18-24");
  EXPECT_EQ(age_band_for(2001, 2025), "18-24");
  EXPECT_EQ(age_band_for(2000, 2025), "25-34");
  EXPECT_EQ(age_band_for(1991, 2025), "25-34");
  EXPECT_EQ(age_band_for(1990, 2025), "35-49");
  EXPECT_EQ(age_band_for(1976, 2025), "35-49");
  EXPECT_EQ(age_band_for(1975, 2025), "50+");
  EXPECT_EQ(age_band_for(1930, 2025), "50+");
}

TEST(Indicators, Vocabularies) {
  for (auto t : {"workshop", "discussion_group", "art_therapy", "training", "awareness_session",
                 "film_debate", "podcast_recording", "event", "outreach_round"})
    EXPECT_TRUE(is_activity_type(t)) << t;
  EXPECT_FALSE(is_activity_type("Workshop"));
  for (auto p : {"police_officer", "lawyer", "magistrate", "social_worker", "health_worker",
                 "teacher", "ngo_worker", "student", "other"})
    EXPECT_TRUE(is_profession(p)) << p;
  EXPECT_FALSE(is_profession("police"));
  for (auto r : {"participant", "peer_helper", "trainee"}) EXPECT_TRUE(is_attendance_role(r)) << r;
  EXPECT_FALSE(is_attendance_role("guest"));
  for (auto k : {"podcast_episode", "film", "video", "article", "photo_series"}) EXPECT_TRUE(is_media_kind(k)) << k;
  EXPECT_FALSE(is_media_kind("podcast"));
  for (auto s : {"in_production", "ready", "published", "taken_down"}) EXPECT_TRUE(is_media_status(s)) << s;
  EXPECT_FALSE(is_media_status("draft"));
  for (auto s : {"received", "under_review", "selected", "not_selected", "withdrawn"})
    EXPECT_TRUE(is_application_status(s)) << s;
  EXPECT_FALSE(is_application_status("accepted"));
  for (auto t : {"case", "encounter", "procedure", "activity", "session", "attendance", "media_item", "application"})
    EXPECT_TRUE(is_project_record_type(t)) << t;
  EXPECT_FALSE(is_project_record_type("person"));
  EXPECT_FALSE(is_project_record_type("media"));
}
