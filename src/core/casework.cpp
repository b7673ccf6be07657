#include "core/casework.h"

#include <algorithm>
#include <array>

namespace passerelle::core {
namespace {

template <std::size_t N>
bool among(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool is_case_status(std::string_view s) {
  static constexpr std::array<std::string_view, 4> v = {"Active", "FollowUp", "Closed", "ClosedReferred"};
  return among(v, s);
}

bool is_closed_status(std::string_view s) { return s == "Closed" || s == "ClosedReferred"; }

bool is_victim_status(std::string_view s) {
  static constexpr std::array<std::string_view, 3> v = {"possible", "actual", "not_victim"};
  return among(v, s);
}

bool is_exploitation_type(std::string_view s) {
  static constexpr std::array<std::string_view, 12> v = {
      "ForcedLabour", "SexualExploitation", "ChildLabour", "ForcedMarriage",
      "Servitude", "ForcedMilitaryByNonStateActors", "OrganRemoval", "ForcedBegging",
      "ForcedAdoption", "Surrogacy", "ForcedCriminality", "Other"};
  return among(v, s);
}

bool is_means_of_control(std::string_view s) {
  static constexpr std::array<std::string_view, 18> v = {
      "PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily", "DebtBondage",
      "FalsePromises", "PhysicalAbuse", "SexualAbuse", "TakesEarnings",
      "RestrictsFinancialAccess", "RestrictsMedicalCare", "WithholdsNecessities",
      "PsychologicalAbuse", "PsychoactiveSubstance", "ExcessiveWorkingHours",
      "WithholdsDocuments", "SpiritualCoercion", "RestrictsMovement", "Other"};
  return among(v, s);
}

bool is_recruitment_method(std::string_view s) {
  static constexpr std::array<std::string_view, 10> v = {
      "AtAPlaceOfBusiness", "AtAnEducationalInstitution", "AtWork",
      "ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement", "ThroughATelevisionAdvert",
      "ThroughANewspaperAdvert", "ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents",
      "Other"};
  return among(v, s);
}

bool is_case_member_role(std::string_view s) {
  static constexpr std::array<std::string_view, 5> v = {"lead", "peer_mediator", "lawyer",
                                                        "psychologist", "other"};
  return among(v, s);
}

bool is_encounter_type(std::string_view s) {
  static constexpr std::array<std::string_view, 11> v = {
      "outreach_contact", "individual_meeting", "orientation", "legal_consultation",
      "accompaniment_police", "accompaniment_prefecture", "accompaniment_court",
      "accompaniment_hospital", "psychological_session", "phone_follow_up", "other"};
  return among(v, s);
}

bool is_consent_purpose(std::string_view s) {
  static constexpr std::array<std::string_view, 5> v = {"case_management", "sharing", "research",
                                                        "media", "photo"};
  return among(v, s);
}

bool is_consent_method(std::string_view s) { return s == "oral" || s == "written"; }

bool is_age_band(std::string_view s) {
  static constexpr std::array<std::string_view, 6> v = {"0-14", "15-17", "18-24", "25-34", "35-49", "50+"};
  return among(v, s);
}

const Consent* latest_consent(const std::vector<Consent>& history, std::string_view purpose,
                              std::string_view partner) {
  const Consent* latest = nullptr;
  for (const Consent& c : history) {
    if (c.purpose != purpose) continue;
    if (purpose == "sharing" && c.partner_id.value_or("") != partner &&
        c.partner_name.value_or("") != partner)
      continue;
    if (!latest || c.given_on > latest->given_on ||
        (c.given_on == latest->given_on && c.created_at >= latest->created_at))
      latest = &c;
  }
  return latest;
}

bool consent_in_force(const std::vector<Consent>& history, std::string_view purpose,
                      std::string_view partner) {
  const Consent* latest = latest_consent(history, purpose, partner);
  return latest && latest->status == "given";
}

}  // namespace passerelle::core
