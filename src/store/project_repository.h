// Projects (grants): period, aims, funders and amounts, partners, narrative fields for reports;
// the records that count towards each; its indicators (core/indicators.h) with targets and
// milestones; and which project viewers (funders' liaisons) may see it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/indicators.h"
#include "store/database.h"
#include "store/user_repository.h"

namespace passerelle::store {

struct Funder {
  std::string name;
  std::int64_t amount_cents = 0;
  std::string currency = "EUR";
};

struct ProjectPartner {
  std::optional<std::string> partner_id;
  std::string name;
  std::optional<std::string> country;
};

struct Project {
  std::string id, code, name, starts_on;
  std::optional<std::string> ends_on;
  std::string aims;
  std::vector<Funder> funders;
  std::vector<ProjectPartner> partners;
  std::map<std::string, std::string> narrative;
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
};

struct Milestone {
  std::string on;
  std::int64_t value = 0;
};

struct Indicator {
  std::string id, project_id;
  int position = 0;
  std::string name;
  core::IndicatorDefinition definition;
  std::optional<std::int64_t> target;
  std::vector<Milestone> milestones;
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

class ProjectRepository {
 public:
  void create(Tx& tx, const Project& p) const;
  std::optional<Project> find(Tx& tx, const std::string& id) const;
  std::optional<Project> find_by_code(Tx& tx, const std::string& code) const;
  UpdateOutcome update(Tx& tx, const Project& p, std::int64_t expected_version) const;
  // By start date, newest first; `viewer_id` non-empty: only the projects she may see.
  std::vector<Project> list(Tx& tx, const std::string& viewer_id = {}) const;

  // Links (idempotent); unlink returns false when there was no link.
  void link(Tx& tx, const std::string& project_id, const std::string& record_type,
            const std::string& record_id) const;
  bool unlink(Tx& tx, const std::string& project_id, const std::string& record_type,
              const std::string& record_id) const;
  // Projects a record counts towards.
  std::vector<std::string> projects_of(Tx& tx, const std::string& record_type,
                                       const std::string& record_id) const;
  std::int64_t link_count(Tx& tx, const std::string& project_id, const std::string& record_type) const;

  void set_viewer(Tx& tx, const std::string& project_id, const std::string& user_id, bool viewer) const;
  std::vector<std::string> viewers(Tx& tx, const std::string& project_id) const;

  void create_indicator(Tx& tx, const Indicator& i) const;
  std::optional<Indicator> find_indicator(Tx& tx, const std::string& id) const;
  UpdateOutcome update_indicator(Tx& tx, const Indicator& i, std::int64_t expected_version) const;
  bool delete_indicator(Tx& tx, const std::string& id) const;
  std::vector<Indicator> indicators_of(Tx& tx, const std::string& project_id) const;
};

}  // namespace passerelle::store
