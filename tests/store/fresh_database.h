// A fresh, empty database for each store test, on the engine named by PASSERELLE_TEST_ENGINE.
#pragma once

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "core/ids.h"
#include "crypto/secret_bytes.h"
#include "store/store.h"

namespace passerelle::testing_support {
namespace fs = std::filesystem;

inline std::string engine() {
  const char* e = std::getenv("PASSERELLE_TEST_ENGINE");
  return e ? e : "sqlite";
}

// A fresh, empty database for each test.
class Fresh {
 public:
  Fresh() {
    std::string name = "t" + crypto::to_hex(crypto::random_bytes(6));
    if (engine() == "postgres") {
      const char* base = std::getenv("PASSERELLE_TEST_PG_URL");
      if (!base) throw std::runtime_error("PASSERELLE_TEST_PG_URL is not set");
      admin_url_ = base;
      soci::session admin(soci::postgresql, store::postgres_connection_string(admin_url_));
      admin << "CREATE DATABASE " + name;  // name is generated hex, not input
      pg_name_ = name;
      std::string u = admin_url_;
      url_ = u.substr(0, u.rfind('/') + 1) + name;
    } else {
      dir_ = fs::temp_directory_path() / ("passerelle-store-" + name);
      fs::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
    }
  }
  ~Fresh() {
    if (!pg_name_.empty()) {
      try {
        soci::session admin(soci::postgresql, store::postgres_connection_string(admin_url_));
        admin << "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)";
      } catch (...) {
      }
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  const std::string& url() const { return url_; }

 private:
  std::string url_, admin_url_, pg_name_;
  fs::path dir_;
};

inline crypto::MasterKey key_from(int byte) {
  return crypto::MasterKey(crypto::Bytes(32, static_cast<std::uint8_t>(byte)));
}

inline core::User make_user(const std::string& username, const std::string& name = "Amina Okoro") {
  core::User u;
  u.id = core::new_id();
  u.username = username;
  u.display_name = name;
  u.role = "social_worker";
  u.password_hash = "$argon2id$placeholder-for-store-test";
  u.created_at = u.updated_at = core::now_iso8601();
  return u;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    fresh_ = std::make_unique<Fresh>();
    store_ = store::Store::open(fresh_->url(), key_from(7));
  }
  void TearDown() override {
    store_.reset();
    fresh_.reset();
  }
  store::Store& s() { return *store_; }
  std::unique_ptr<Fresh> fresh_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace passerelle::testing_support
