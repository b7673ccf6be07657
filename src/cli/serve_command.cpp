// serve: the API and the web app.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "store/retention.h"

#include "api/app.h"
#include "cli/commands.h"
#include "core/log.h"
#include "http/server.h"

namespace passerelle::cli {

int run_serve(const Config& c) {
  auto store = open_store(c, static_cast<std::size_t>(c.worker_threads) + 2);
  api::AppConfig app_config;
  app_config.sessions.idle_seconds = c.session_idle_seconds;
  app_config.sessions.absolute_seconds = c.session_absolute_seconds;
  app_config.secure_cookies = c.tls_certificate.has_value();
  app_config.organisation_name = c.organisation_name;
  app_config.suppression_k = c.suppression_k;
  api::App app(*store, app_config);

  http::ServerConfig server_config;
  server_config.address = c.listen_address;
  server_config.port = c.port;
  server_config.worker_threads = c.worker_threads;
  server_config.io_threads = c.io_threads;
  server_config.static_dir = c.static_dir;
  server_config.tls_certificate = c.tls_certificate;
  server_config.tls_private_key = c.tls_private_key;
  server_config.in_memory_handler = [&app](api::Request& req) { return app.handle_in_memory(req); };
  http::Server server(server_config, [&app](api::Request& req) { return app.handle(req); });
  core::log("info", "starting", {{"engine", c.is_sqlite() ? "sqlite" : "postgresql"},
                                  {"schema", store->db().schema_version()}});
  // Retention runs once a day beside the server (first an hour after start, so that a restart
  // loop does not hammer the database).
  std::mutex m;
  std::condition_variable cv;
  bool stopping = false;
  std::thread retention([&] {
    store::RetentionPolicy policy{c.retention_closed_case_years, c.retention_unfollowed_person_years};
    std::unique_lock lock(m);
    auto wait = std::chrono::hours(1);
    while (!cv.wait_for(lock, wait, [&] { return stopping; })) {
      try {
        auto report = store::run_retention(*store, policy, core::now_unix(), c.session_idle_seconds);
        core::log("info", "retention", {{"people_anonymised", report.people_anonymised},
                                        {"sessions_removed", report.sessions_removed}});
      } catch (const std::exception&) {
        core::log("error", "retention failed");
      }
      wait = std::chrono::hours(24);
    }
  });
  server.run();
  {
    std::lock_guard lock(m);
    stopping = true;
  }
  cv.notify_all();
  retention.join();
  core::log("info", "stopped");
  // A handler still running past the shutdown grace (the server has given up waiting for it)
  // may still use the store: leave without running destructors. Every acknowledged write is
  // already committed; SQLite's WAL and PostgreSQL recover anything in flight.
  std::fflush(stderr);
  std::fflush(stdout);
  std::_Exit(ok);
}

}  // namespace passerelle::cli
