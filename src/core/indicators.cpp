#include "core/indicators.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "core/casework.h"
#include "core/person.h"
#include "core/procedures.h"

namespace passerelle::core {
namespace {

template <std::size_t N>
bool among(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

template <std::size_t N>
bool among(const std::string_view (&values)[N], std::string_view v) {
  return std::find(std::begin(values), std::end(values), v) != std::end(values);
}

bool is_audience(std::string_view s) {
  return s == "members" || s == "professionals" || s == "mixed" || s == "public";
}
bool is_truth(std::string_view s) { return s == "true" || s == "false"; }
bool is_direction(std::string_view s) { return s == "in" || s == "out"; }
bool is_via(std::string_view s) {
  return s == "cases" || s == "encounters" || s == "procedures" || s == "attendance" || s == "media";
}
// HTCDS 2.0 spl_Type, as support-plan goals are typed (api/case_detail_routes.cpp).
bool is_goal_type(std::string_view s) {
  static constexpr std::array<std::string_view, 10> v = {
      "Education", "Financial", "Health", "LabourExploitationRehabilitation", "Legal",
      "Livelihood", "RightsBasedTraining", "SexualExploitationRehabilitation", "SocialCare",
      "Housing"};
  return among(v, s);
}

// The counts where people are counted one by one: their filters on the person apply.
constexpr std::array<std::string_view, 7> kPersonCounts = {
    "people", "households", "attendances", "encounters", "referrals", "procedures", "outcomes"};

struct FilterSpec {
  std::string_view name;
  bool single;                          // a scalar (a one-item list)
  bool (*valid)(std::string_view);      // each value; nullptr: checked against the kind below
  std::vector<std::string_view> counts;  // what it may filter
};

const std::vector<FilterSpec>& filter_specs() {
  static const std::vector<FilterSpec> specs = {
      {"activity_types", false, is_activity_type,
       {"sessions", "activities", "attendances", "outsiders", "people"}},
      {"audience", true, is_audience, {"sessions", "activities", "attendances", "outsiders", "people"}},
      {"international", true, is_truth, {"sessions", "activities", "attendances", "outsiders", "people"}},
      {"attendance_roles", false, is_attendance_role, {"attendances", "people"}},
      {"professions", false, is_profession, {"outsiders"}},
      {"encounter_types", false, is_encounter_type, {"encounters", "people"}},
      {"procedure_kind", true, nullptr, {"procedures", "outcomes"}},
      {"statuses", false, nullptr, {"procedures", "referrals", "outcomes"}},
      {"direction", true, is_direction, {"referrals"}},
      {"goal_types", false, is_goal_type, {"outcomes"}},
      {"media_kinds", false, is_media_kind, {"media_items", "people"}},
      {"media_statuses", false, is_media_status, {"media_items", "people"}},
      {"application_statuses", false, is_application_status, {"applications"}},
      {"via", false, is_via, {"people", "households"}},
      {"gender", false, is_gender, {kPersonCounts.begin(), kPersonCounts.end()}},
      {"minor", true, is_truth, {kPersonCounts.begin(), kPersonCounts.end()}},
      {"member", true, is_truth, {kPersonCounts.begin(), kPersonCounts.end()}},
  };
  return specs;
}

constexpr std::size_t kMaxValues = 50;
constexpr std::size_t kMaxValueBytes = 100;

// The procedure kind the statuses refer to: the named one, or the referral kind for referrals.
const ProcedureKind* kind_of(const IndicatorDefinition& d) {
  if (d.counts == "referrals") return find_procedure_kind("referral");
  auto it = d.filters.find("procedure_kind");
  if (it == d.filters.end() || it->second.size() != 1) return nullptr;
  return find_procedure_kind(it->second.front());
}

}  // namespace

std::vector<IndicatorError> validate_indicator(const IndicatorDefinition& d) {
  std::vector<IndicatorError> errors;
  if (d.counts.empty()) {
    errors.push_back({"counts", "field.required"});
    return errors;
  }
  if (!among(kIndicatorCounts, d.counts)) {
    errors.push_back({"counts", "field.invalid"});
    return errors;
  }
  const auto& specs = filter_specs();
  for (const auto& [name, values] : d.filters) {
    std::string field = "filters." + name;
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const FilterSpec& s) { return s.name == name; });
    if (spec == specs.end()) {
      errors.push_back({field, "field.unknown"});
      continue;
    }
    bool applies = std::find(spec->counts.begin(), spec->counts.end(), d.counts) != spec->counts.end();
    bool shaped = !values.empty() && values.size() <= kMaxValues && (!spec->single || values.size() == 1);
    std::set<std::string_view> seen;
    bool each_valid = true;
    for (const auto& v : values) {
      if (v.empty() || v.size() > kMaxValueBytes || !seen.insert(v).second) each_valid = false;
      else if (spec->valid && !spec->valid(v)) each_valid = false;
    }
    if (!applies || !shaped || !each_valid) {
      errors.push_back({field, "field.invalid"});
      continue;
    }
    if (name == "procedure_kind" && !find_procedure_kind(values.front()))
      errors.push_back({field, "field.invalid"});
    if (name == "statuses") {
      // Statuses are those of the kind counted: without a kind, a status filter would mean
      // different things kind by kind.
      const ProcedureKind* kind = kind_of(d);
      if (!kind) {
        // An unknown kind is already refused under its own name.
        if (!d.filters.count("procedure_kind")) errors.push_back({"filters.procedure_kind", "field.required"});
      } else {
        for (const auto& v : values)
          if (std::find(kind->statuses.begin(), kind->statuses.end(), v) == kind->statuses.end()) {
            errors.push_back({field, "field.invalid"});
            break;
          }
      }
    }
  }
  // An outcome is a status reached or a goal achieved: one of the two must be said.
  if (d.counts == "outcomes" && !d.filters.count("statuses") && !d.filters.count("goal_types"))
    errors.push_back({"filters.statuses", "field.required"});
  if (d.counts == "outcomes" && d.filters.count("procedure_kind") && !d.filters.count("statuses"))
    errors.push_back({"filters.statuses", "field.required"});
  std::sort(errors.begin(), errors.end(), [](const IndicatorError& a, const IndicatorError& b) {
    return std::tie(a.field, a.code) < std::tie(b.field, b.code);
  });
  errors.erase(std::unique(errors.begin(), errors.end(),
                           [](const IndicatorError& a, const IndicatorError& b) {
                             return a.field == b.field && a.code == b.code;
                           }),
               errors.end());
  return errors;
}

bool is_dimension(std::string_view s) { return among(kDimensions, s); }

bool dimension_applies(std::string_view counts, std::string_view dimension) {
  if (dimension == "profession") return counts == "outsiders";
  if (!is_dimension(dimension)) return false;
  return counts == "people" || counts == "attendances" || counts == "encounters" ||
         counts == "outcomes";
}

std::string age_band_for(std::optional<int> birth_year, int year) {
  if (!birth_year || *birth_year > year) return "unknown";
  int age = year - *birth_year;
  if (age <= 14) return "0-14";
  if (age <= 17) return "15-17";
  if (age <= 24) return "18-24";
  if (age <= 34) return "25-34";
  if (age <= 49) return "35-49";
  return "50+";
}

bool is_activity_type(std::string_view s) {
  static constexpr std::array<std::string_view, 9> v = {
      "workshop", "discussion_group", "art_therapy", "training", "awareness_session",
      "film_debate", "podcast_recording", "event", "outreach_round"};
  return among(v, s);
}

bool is_profession(std::string_view s) {
  static constexpr std::array<std::string_view, 9> v = {
      "police_officer", "lawyer", "magistrate", "social_worker", "health_worker",
      "teacher", "ngo_worker", "student", "other"};
  return among(v, s);
}

bool is_attendance_role(std::string_view s) {
  return s == "participant" || s == "peer_helper" || s == "trainee";
}

bool is_media_kind(std::string_view s) {
  static constexpr std::array<std::string_view, 5> v = {"podcast_episode", "film", "video",
                                                        "article", "photo_series"};
  return among(v, s);
}

bool is_media_status(std::string_view s) {
  return s == "in_production" || s == "ready" || s == "published" || s == "taken_down";
}

bool is_application_status(std::string_view s) {
  static constexpr std::array<std::string_view, 5> v = {"received", "under_review", "selected",
                                                        "not_selected", "withdrawn"};
  return among(v, s);
}

bool is_project_record_type(std::string_view s) {
  static constexpr std::array<std::string_view, 8> v = {
      "case", "encounter", "procedure", "activity", "session", "attendance", "media_item",
      "application"};
  return among(v, s);
}

}  // namespace passerelle::core
