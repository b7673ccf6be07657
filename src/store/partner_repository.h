// The directory of partner organisations and national mechanisms (HTCDS org_). The location
// (address and coordinates) is always encrypted; whether a reader may see it is decided by the
// API (confidential addresses: need-to-know only).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

struct Partner {
  std::string id, name, kind;
  std::optional<std::string> mechanism;
  std::vector<std::string> services, languages;
  std::optional<std::string> country, region, city;
  std::string address;  // decrypted ("" when none)
  std::optional<double> latitude, longitude;  // decrypted
  bool address_confidential = false;
  std::optional<std::string> phone, email, website, contact_name, notes;
  bool active = true;
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

struct PartnerFilter {
  std::string text;        // case-insensitive substring of name, city or region
  std::string kind, service, language, country, mechanism;
  bool include_inactive = false;
};

class PartnerRepository {
 public:
  explicit PartnerRepository(const Vault& vault) : vault_(vault) {}

  void create(Tx& tx, const Partner& p) const;
  std::optional<Partner> find(Tx& tx, const std::string& id) const;
  std::optional<Partner> find_by_mechanism(Tx& tx, const std::string& mechanism) const;
  // Exact (case-insensitive) name match, for imports that update by name.
  std::optional<Partner> find_by_name(Tx& tx, const std::string& name) const;
  UpdateOutcome update(Tx& tx, const Partner& p, std::int64_t expected_version) const;
  // By name; at most `limit` (1..1000).
  std::vector<Partner> list(Tx& tx, const PartnerFilter& filter, int limit) const;
  // Names of many partners at once (for lists of referrals), id → name.
  std::map<std::string, std::string> names(Tx& tx, const std::vector<std::string>& ids) const;

 private:
  const Vault& vault_;
};

}  // namespace passerelle::store
