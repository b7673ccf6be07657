// The store as the rest of the program sees it: the database, the keys, and the repositories.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/activity_repository.h"
#include "store/audit_log.h"
#include "store/case_repository.h"
#include "store/person_repository.h"
#include "store/database.h"
#include "store/indicator_engine.h"
#include "store/login_throttle.h"
#include "store/partner_repository.h"
#include "store/procedure_repository.h"
#include "store/project_repository.h"
#include "store/session_repository.h"
#include "store/user_repository.h"
#include "store/vault.h"

namespace passerelle::store {

class Store {
 public:
  // Opens the database, applies migrations, loads the wrapped keys. Throws StoreError.
  static std::unique_ptr<Store> open(std::string_view url, crypto::MasterKey key,
                                     std::optional<crypto::MasterKey> previous = {},
                                     std::size_t pool_size = 4);

  Database& db() { return *db_; }
  const Vault& vault() const { return *vault_; }
  const UserRepository& users() const { return users_; }
  const SessionRepository& sessions() const { return sessions_; }
  const AuditLog& audit() const { return audit_; }
  const PersonRepository& people() const { return people_; }
  const CaseRepository& cases() const { return cases_; }
  const CaseDetailRepository& details() const { return details_; }
  const PartnerRepository& partners() const { return partners_; }
  const ProcedureRepository& procedures() const { return procedures_; }
  const ActivityRepository& activities() const { return activities_; }
  const ProjectRepository& projects() const { return projects_; }
  const IndicatorEngine& indicators() const { return indicators_; }
  // Per account name (strict) and per client address (looser: offices share addresses).
  const LoginThrottle& account_throttle() const { return account_throttle_; }
  const LoginThrottle& address_throttle() const { return address_throttle_; }

 private:
  Store(std::unique_ptr<Database> db, std::unique_ptr<Vault> vault);
  std::unique_ptr<Database> db_;
  std::unique_ptr<Vault> vault_;
  UserRepository users_;
  SessionRepository sessions_;
  AuditLog audit_;
  PersonRepository people_;
  CaseRepository cases_;
  CaseDetailRepository details_;
  PartnerRepository partners_;
  ProcedureRepository procedures_;
  ActivityRepository activities_;
  ProjectRepository projects_;
  IndicatorEngine indicators_;
  LoginThrottle account_throttle_;
  LoginThrottle address_throttle_;
};

}  // namespace passerelle::store
