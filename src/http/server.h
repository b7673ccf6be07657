// The HTTP server: Boost.Beast over Asio with C++20 coroutines, optional TLS, static files for the
// web app, and a blocking api::Handler run on a worker pool. This header includes no Beast or Asio
// (compile cost): everything else stays behind the pimpl in src/http/.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/request.h"

namespace passerelle::http {

namespace detail {
struct ServerImpl;  // server.cpp
}

using Handler = std::function<api::Response(api::Request&)>;
// Tried first, on the network thread: must not block. Returns a response it could make from
// memory alone, or nullopt to have the request run by the Handler on the worker pool.
using InMemoryHandler = std::function<std::optional<api::Response>(api::Request&)>;

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;              // 0 = pick a free port
  int io_threads = 1;                     // Asio threads
  int worker_threads = 4;                 // blocking handler pool (DB, argon2)
  std::size_t body_limit = 1 << 20;       // bytes → 413 problem
  std::size_t header_limit = 16 * 1024;   // → 431 problem
  std::size_t max_connections = 1024;     // beyond → 503 and close
  std::chrono::seconds read_timeout{30};  // whole request must arrive within this
  std::chrono::seconds keep_alive_timeout{60};
  std::chrono::seconds shutdown_grace{
      20};  // in-flight requests finish within this on SIGTERM/SIGINT
  std::optional<std::filesystem::path> static_dir;  // built web app (web/dist)
  std::optional<std::filesystem::path> tls_certificate, tls_private_key;  // both → HTTPS only
  InMemoryHandler in_memory_handler;  // optional fast path, see InMemoryHandler
};

// Called for /api/..., /healthz and /readyz on a worker thread (never an I/O thread). May block,
// may throw: an exception becomes a generic 500 problem (its text is logged, never sent).

class Server {
 public:
  // Throws std::runtime_error on a bad configuration (e.g. only one of certificate / key, or a
  // certificate that does not load).
  Server(ServerConfig config, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds (throws std::runtime_error with a clear message if the port is taken), logs one JSON
  // line {"level":"info","msg":"listening","address":..,"port":..}, serves until SIGTERM/SIGINT
  // or stop(); then stops accepting, lets in-flight requests finish (up to shutdown_grace),
  // returns. Call once.
  void run();
  // Thread-safe; may be called before run() (run() then returns right after binding).
  void stop();
  // Actual port once bound (0 before).
  std::uint16_t port() const;

 private:
  std::unique_ptr<detail::ServerImpl> impl_;
};

}  // namespace passerelle::http
