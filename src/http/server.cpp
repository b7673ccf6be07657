// Boost.Beast server: accept loop, one coroutine per connection, handler calls on a worker pool,
// static files, security headers, graceful shutdown. The only file that includes Beast and Asio.
#include "http/server.h"

#include <cxxabi.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <typeinfo>
#include <unordered_set>
#include <vector>

#include "http/internal.h"

namespace passerelle::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using detail::log_line;
using detail::ServerImpl;

namespace {

using Clock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;
using Strand = asio::strand<asio::io_context::executor_type>;

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
constexpr std::string_view kHsts = "max-age=63072000; includeSubDomains";
// Mozilla "intermediate" TLS 1.2 suites (TLS 1.3 suites are OpenSSL's defaults).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

constexpr std::size_t kMaxRejecting = 256;  // 503 connections in progress, beyond: close
constexpr auto kRejectTimeout = std::chrono::seconds(5);
constexpr auto kLingerTimeout = std::chrono::seconds(1);
constexpr std::size_t kLingerBytes = 1 << 20;

std::string type_name(const std::type_info& t) {
  int status = 0;
  char* name = abi::__cxa_demangle(t.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name ? name : t.name();
  std::free(name);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_token_char(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

bool valid_header_value(std::string_view value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

// Headers the server owns: a handler may not set them.
bool reserved_header(std::string_view lower_name) {
  // Set-Cookie comes from Response::set_cookies only.
  static constexpr std::string_view reserved[] = {"content-length", "transfer-encoding",
                                                  "connection",     "keep-alive",
                                                  "upgrade",        "te",
                                                  "trailer",        "server",
                                                  "date",           "x-request-id",
                                                  "set-cookie"};
  return std::find(std::begin(reserved), std::end(reserved), lower_name) != std::end(reserved);
}

bool is_api_path(std::string_view path) {
  return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz";
}

const beast::error_category& http_error_category() {
  static const auto& cat = bhttp::make_error_code(bhttp::error::bad_target).category();
  return cat;
}

// What a failed read means for the client: 0 = just close.
int status_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (&ec.category() == &http_error_category()) return 400;
  return 0;  // timeout, reset, cancelled, TLS errors
}

// Request framing Beast lets through but RFC 9112 (6.1) refuses: Transfer-Encoding in HTTP/1.0,
// or a transfer coding other than plain "chunked" (Beast would read no body, and the rest of the
// stream would be taken as the next request).
int framing_error(const bhttp::request_header<>& h) {
  auto te = h.find(bhttp::field::transfer_encoding);
  if (te == h.end()) return 0;
  if (h.version() < 11 || h.count(bhttp::field::transfer_encoding) != 1) return 400;
  std::string_view v = te->value();
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return beast::iequals(v, "chunked") ? 0 : 501;
}

std::string_view problem_slug(int status, std::string_view& title) {
  switch (status) {
    case 400:
      title = "Bad request";
      return "bad-request";
    case 404:
      title = "Not found";
      return "not-found";
    case 405:
      title = "Method not allowed";
      return "method-not-allowed";
    case 413:
      title = "Request body too large";
      return "payload-too-large";
    case 431:
      title = "Request header fields too large";
      return "header-too-large";
    case 501:
      title = "Not implemented";
      return "not-implemented";
    case 503:
      title = "Service unavailable";
      return "unavailable";
    case 505:
      title = "HTTP version not supported";
      return "http-version";
    default:
      title = "Internal error";
      return "internal";
  }
}

void make_problem(BeastResponse& res, int status, const std::string& request_id) {
  std::string_view title;
  std::string_view slug = problem_slug(status, title);
  res.result(static_cast<unsigned>(status));
  res.set(bhttp::field::content_type, "application/problem+json");
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = detail::problem_body(slug, title, status, request_id);
}

// The headers every response carries. Handler-set values win, except X-Request-Id.
void finish(BeastResponse& res, const std::string& request_id, bool tls, bool head) {
  auto set_default = [&](bhttp::field f, std::string_view v) {
    if (res.find(f) == res.end()) res.set(f, v);
  };
  auto set_default_name = [&](std::string_view name, std::string_view v) {
    if (res.find(name) == res.end()) res.set(name, v);
  };
  set_default_name("Content-Security-Policy", kCsp);
  set_default_name("X-Content-Type-Options", "nosniff");
  set_default_name("Referrer-Policy", "no-referrer");
  set_default(bhttp::field::x_frame_options, "DENY");
  set_default_name("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  set_default_name("Cross-Origin-Opener-Policy", "same-origin");
  set_default_name("Cross-Origin-Resource-Policy", "same-origin");
  if (tls) set_default(bhttp::field::strict_transport_security, kHsts);
  res.set("X-Request-Id", request_id);
  res.set(bhttp::field::date, detail::http_date_now());
  res.erase(bhttp::field::server);
  unsigned status = res.result_int();
  if (status == 204 || status == 304 || status < 200) {
    res.body().clear();
    res.erase(bhttp::field::content_length);
    return;
  }
  res.content_length(res.body().size());
  if (head) res.body().clear();  // Content-Length stays: what GET would send
}

}  // namespace

// --- the server state -------------------------------------------------------------------------

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // Called at shutdown: an idle connection (between requests, or in its TLS handshake) is closed;
  // a busy one finishes its response with Connection: close.
  virtual void close_if_idle() = 0;
};

struct detail::ServerImpl {
  ServerConfig cfg;
  Handler handler;
  std::optional<detail::StaticFiles> static_files;
  std::unique_ptr<ssl::context> tls;

  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};  // sessions served (not the 503 ones)
  std::atomic<std::size_t> rejecting{0};    // connections being answered 503
  std::atomic<std::size_t> in_flight{0};    // handler calls queued or running
  std::mutex sessions_mutex;
  std::unordered_set<SessionBase*> sessions;
  bool ran = false;

  // Asio objects last: destroyed first (sessions in the io_context use the members above).
  std::unique_ptr<asio::thread_pool> workers;
  std::unique_ptr<asio::io_context> ioc;
  std::optional<Strand> strand;  // acceptor, signals, shutdown
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::signal_set> signals;

  ServerImpl(ServerConfig c, Handler h);
  ~ServerImpl();
  void bind();
  asio::awaitable<void> accept_loop();
  void begin_shutdown();
  asio::awaitable<void> drain();
  void add_session(SessionBase* s) {
    std::lock_guard lock(sessions_mutex);
    sessions.insert(s);
  }
  void remove_session(SessionBase* s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
  }
  asio::awaitable<api::Response> call_handler(api::Request& request);
};

namespace {

// --- one connection ---------------------------------------------------------------------------

template <class Stream>
class Session final : public SessionBase {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(ServerImpl& server, Stream stream, std::string client_ip, bool reject)
      : server_(server),
        stream_(std::move(stream)),
        client_ip_(std::move(client_ip)),
        reject_(reject),
        buffer_(server.cfg.header_limit + 64 * 1024) {}

  ~Session() override {
    if (reject_) {
      server_.rejecting.fetch_sub(1);
    } else {
      server_.remove_session(this);
      server_.connections.fetch_sub(1);
    }
  }

  void close_if_idle() override {
    asio::post(stream_.get_executor(), [self = shared_from_this(), this] {
      if (idle_) beast::get_lowest_layer(stream_).cancel();
    });
  }

  static asio::awaitable<void> run(std::shared_ptr<Session> self) { co_await self->serve(); }

 private:
  ServerImpl& server_;
  const ServerConfig& cfg() const { return server_.cfg; }
  Stream stream_;
  std::string client_ip_;
  bool reject_;
  bool idle_ = true;  // touched only on the connection's strand
  beast::flat_buffer buffer_;

  struct Outcome {
    BeastResponse res;
    std::string request_id;
    bool close = false;
  };

  asio::awaitable<void> serve() {
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.expires_after(reject_ ? std::chrono::duration_cast<std::chrono::seconds>(kRejectTimeout)
                                 : cfg().read_timeout);
    if constexpr (kTls) {
      if (server_.stopping) co_return;
      auto [ec] = co_await stream_.async_handshake(ssl::stream_base::server, nothrow);
      if (ec) co_return;  // scanners, plain HTTP on the TLS port, timeouts: nothing to answer
    }
    bool first = true;
    for (;;) {
      // Wait for the first byte of the next request (keep-alive idle time).
      if (buffer_.size() == 0) {
        if (!first) lowest.expires_after(cfg().keep_alive_timeout);
        idle_ = true;
        if (server_.stopping) break;
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(4096), nothrow);
        idle_ = false;
        if (ec) break;
        buffer_.commit(n);
      }
      idle_ = false;
      // The whole request (header and body) must arrive within read_timeout.
      if (!first) lowest.expires_after(cfg().read_timeout);
      first = false;
      const auto start = Clock::now();

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(
          std::min<std::size_t>(cfg().header_limit, std::numeric_limits<std::uint32_t>::max())));
      parser.body_limit(static_cast<std::uint64_t>(cfg().body_limit));

      auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, nothrow);
      int framing = ec ? 0 : framing_error(parser.get());
      if (!ec && !framing && !parser.is_done()) {
        const auto& h = parser.get();
        if (h.version() >= 11 && beast::iequals(h[bhttp::field::expect], "100-continue") &&
            !reject_) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          auto [wec, wn] = co_await bhttp::async_write(stream_, cont, nothrow);
          if (wec) break;
        }
        std::tie(ec, n) = co_await bhttp::async_read(stream_, buffer_, parser, nothrow);
      }
      std::string method, raw_target;
      if (parser.is_header_done()) {
        method = std::string(parser.get().method_string().substr(0, 32));
        raw_target = std::string(parser.get().target());
      }
      if (ec || framing) {
        int status = framing ? framing : status_for_read_error(ec);
        if (status == 0) break;
        Outcome out;
        out.request_id = detail::random_request_id();
        make_problem(out.res, status, out.request_id);
        out.res.version(11);
        out.close = true;
        co_await respond(out, false, method, raw_target, start);
        break;
      }
      if (reject_) {
        Outcome out;
        out.request_id = detail::random_request_id();
        make_problem(out.res, 503, out.request_id);
        out.res.set(bhttp::field::retry_after, "5");
        out.close = true;
        out.res.version(parser.get().version() == 10 ? 10 : 11);
        co_await respond(out, false, method, raw_target, start);
        break;
      }

      BeastRequest req = parser.release();
      Outcome out = co_await process(req);
      out.res.version(req.version() == 10 ? 10 : 11);
      if (!req.keep_alive() || server_.stopping) out.close = true;
      bool ok = co_await respond(out, req.method() == bhttp::verb::head, method, raw_target, start);
      if (!ok || out.close) break;
    }
    co_await close();
  }

  // Writes the response, logs the request line. False if the write failed.
  asio::awaitable<bool> respond(Outcome& out, bool head, const std::string& method,
                                const std::string& raw_target, Clock::time_point start) {
    finish(out.res, out.request_id, kTls, head);
    out.res.keep_alive(!out.close);
    beast::get_lowest_layer(stream_).expires_after(cfg().read_timeout);  // slow readers
    auto [ec, n] = co_await bhttp::async_write(stream_, out.res, nothrow);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    log_line("info", "request",
             {{"request_id", out.request_id},
              {"method", method},
              {"path", detail::loggable_path(raw_target)},
              {"status", out.res.result_int()},
              {"duration_ms", ms}});
    co_return !ec;
  }

  asio::awaitable<Outcome> process(BeastRequest& req) {
    Outcome out;
    out.request_id = detail::random_request_id();
    auto problem = [&](int status) -> Outcome& {
      make_problem(out.res, status, out.request_id);
      return out;
    };
    if (req.version() != 10 && req.version() != 11) {
      out.close = true;
      co_return problem(505);
    }
    // HTTP/1.1 requires exactly one Host (RFC 9112, 3.2).
    if (req.version() == 11 && req.count(bhttp::field::host) != 1) {
      out.close = true;
      co_return problem(400);
    }
    auto target = detail::parse_target(req.target());
    if (!target) {
      out.close = true;
      co_return problem(400);
    }
    if (is_api_path(target->path)) {
      co_await api_call(req, std::move(*target), out);
      co_return out;
    }
    serve_static(req, target->path, out);
    co_return out;
  }

  asio::awaitable<void> api_call(BeastRequest& req, detail::Target target, Outcome& out) {
    api::Request in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    in.path = std::move(target.path);
    in.query = std::move(target.query);
    for (const auto& field : req) {
      std::string name = lower(field.name_string());
      auto [it, inserted] = in.headers.try_emplace(std::move(name), field.value());
      if (!inserted) {  // repeated field: combine (RFC 9110, 5.3); cookies with "; "
        it->second += it->first == "cookie" ? "; " : ", ";
        it->second.append(field.value());
      }
    }
    in.body = std::move(req.body());
    in.client_ip = client_ip_;
    in.request_id = out.request_id;
    in.secure = kTls;

    api::Response result;
    bool failed = false;
    try {
      result = co_await server_.call_handler(in);
    } catch (const std::exception& e) {
      failed = true;
      log_line("error", "handler exception",
               {{"request_id", out.request_id},
                {"exception", type_name(typeid(e))},
                {"what", std::string_view(e.what()).substr(0, 300)}});
    } catch (...) {
      failed = true;
      log_line("error", "handler exception",
               {{"request_id", out.request_id}, {"exception", "unknown"}});
    }
    if (failed || !to_beast(result, out)) {
      out.res = BeastResponse{};
      make_problem(out.res, 500, out.request_id);
    }
    if (out.res.find(bhttp::field::cache_control) == out.res.end()) {
      out.res.set(bhttp::field::cache_control, "no-store");
    }
  }

  // Copies a handler response; false (and a log line) if it cannot be sent as it is.
  static bool to_beast(api::Response& r, Outcome& out) {
    const char* problem = nullptr;
    if (r.status < 200 || r.status > 599) problem = "status out of range";
    for (const auto& [name, value] : r.headers) {
      if (problem) break;
      if (!valid_header_name(name) || !valid_header_value(value)) problem = "invalid header";
    }
    for (const auto& cookie : r.set_cookies) {
      if (problem) break;
      if (!valid_header_value(cookie)) problem = "invalid Set-Cookie";
    }
    if (problem) {
      log_line("error", "handler response rejected",
               {{"request_id", out.request_id}, {"reason", problem}});
      return false;
    }
    out.res.result(static_cast<unsigned>(r.status));
    for (const auto& [name, value] : r.headers) {
      std::string n = lower(name);
      if (reserved_header(n)) continue;
      if (auto f = bhttp::string_to_field(n); f != bhttp::field::unknown) {
        out.res.set(f, value);  // canonical spelling, e.g. Content-Type
      } else {
        out.res.set(n, value);
      }
    }
    for (const auto& cookie : r.set_cookies) out.res.insert(bhttp::field::set_cookie, cookie);
    out.res.body() = std::move(r.body);
    return true;
  }

  void serve_static(const BeastRequest& req, const std::string& path, Outcome& out) {
    auto problem = [&](int status) { make_problem(out.res, status, out.request_id); };
    if (!server_.static_files) return problem(404);
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
      problem(405);
      out.res.set(bhttp::field::allow, "GET, HEAD");
      return;
    }
    auto file = server_.static_files->find(path);
    if (!file) return problem(404);
    out.res.set(bhttp::field::etag, file->etag);
    out.res.set(bhttp::field::cache_control, file->cache_control);
    auto inm = req.find(bhttp::field::if_none_match);
    if (inm != req.end() && detail::etag_matches(inm->value(), file->etag)) {
      out.res.result(bhttp::status::not_modified);
      return;
    }
    out.res.result(bhttp::status::ok);
    out.res.set(bhttp::field::content_type, file->content_type);
    out.res.body() = *file->content;
  }

  // Closes the connection: TLS close_notify, or a TCP half-close followed by a short drain so
  // that a client still sending (e.g. a refused body) reads our answer instead of a reset.
  asio::awaitable<void> close() {
    auto& lowest = beast::get_lowest_layer(stream_);
    beast::error_code ec;
    if constexpr (kTls) {
      lowest.expires_after(kLingerTimeout);
      std::tie(ec) = co_await stream_.async_shutdown(nothrow);
    } else {
      lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
      if (!ec) {
        lowest.expires_after(kLingerTimeout);
        std::size_t drained = 0;
        std::array<char, 4096> sink;
        while (drained < kLingerBytes) {
          auto [rec, n] = co_await lowest.async_read_some(asio::buffer(sink), nothrow);
          if (rec) break;
          drained += n;
        }
      }
    }
    lowest.close();
  }
};

}  // namespace

// --- ServerImpl -----------------------------------------------------------------------------

ServerImpl::ServerImpl(ServerConfig c, Handler h) : cfg(std::move(c)), handler(std::move(h)) {
  cfg.io_threads = std::max(cfg.io_threads, 1);
  cfg.worker_threads = std::max(cfg.worker_threads, 1);
  if (cfg.static_dir) static_files.emplace(*cfg.static_dir);
  if (cfg.tls_certificate.has_value() != cfg.tls_private_key.has_value()) {
    throw std::runtime_error("TLS needs both a certificate chain file and a private key file");
  }
  if (cfg.tls_certificate) {
    tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use | ssl::context::no_compression);
    SSL_CTX* native = tls->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
      throw std::runtime_error("TLS: cannot set the cipher list");
    }
    boost::system::error_code ec;
    tls->use_certificate_chain_file(cfg.tls_certificate->string(), ec);
    if (ec) {
      throw std::runtime_error("TLS: cannot load certificate chain " +
                               cfg.tls_certificate->string() + ": " + ec.message());
    }
    tls->use_private_key_file(cfg.tls_private_key->string(), ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error("TLS: cannot load private key " + cfg.tls_private_key->string() +
                               ": " + ec.message());
    }
    if (SSL_CTX_check_private_key(native) != 1) {
      throw std::runtime_error("TLS: the private key does not match the certificate");
    }
  }
  workers = std::make_unique<asio::thread_pool>(static_cast<std::size_t>(cfg.worker_threads));
  ioc = std::make_unique<asio::io_context>(cfg.io_threads);
  strand.emplace(asio::make_strand(*ioc));
  acceptor = std::make_unique<tcp::acceptor>(*strand);
}

ServerImpl::~ServerImpl() {
  // Tear down sessions (coroutine frames) while the state they touch is still alive.
  signals.reset();
  acceptor.reset();
  strand.reset();
  ioc.reset();
  if (workers) workers->join();
}

void ServerImpl::bind() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(cfg.address, ec);
  if (ec) throw std::runtime_error("invalid listen address \"" + cfg.address + "\"");
  tcp::endpoint endpoint(address, cfg.port);
  const std::string where = cfg.address + ":" + std::to_string(cfg.port);
  acceptor->open(endpoint.protocol(), ec);
  if (ec) throw std::runtime_error("cannot open a socket for " + where + ": " + ec.message());
  acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  acceptor->bind(endpoint, ec);
  if (ec) {
    std::string why =
        ec == asio::error::address_in_use ? "the address is already in use" : ec.message();
    throw std::runtime_error("cannot listen on " + where + ": " + why);
  }
  acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  bound_port = acceptor->local_endpoint().port();
}

asio::awaitable<void> ServerImpl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::make_strand(*ioc), nothrow);
    if (stopping) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
      // EMFILE and friends: do not spin.
      log_line("warn", "accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(nothrow);
      continue;
    }
    boost::system::error_code ignored;
    auto peer = socket.remote_endpoint(ignored);
    if (ignored) continue;  // already gone
    socket.set_option(tcp::no_delay(true), ignored);
    bool reject = connections.load() >= cfg.max_connections;
    if (reject) {
      if (rejecting.load() >= kMaxRejecting) continue;  // socket closes here
      rejecting.fetch_add(1);
    } else {
      connections.fetch_add(1);
    }
    auto executor = socket.get_executor();
    auto spawn = [&](auto session) {
      using S = typename decltype(session)::element_type;
      if (!reject) add_session(session.get());
      asio::co_spawn(executor, S::run(std::move(session)), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& x) {
          log_line("error", "connection failed", {{"exception", type_name(typeid(x))}});
        } catch (...) {
          log_line("error", "connection failed", {{"exception", "unknown"}});
        }
      });
    };
    std::string ip = peer.address().to_string();
    if (tls) {
      using S = Session<beast::ssl_stream<beast::tcp_stream>>;
      spawn(std::make_shared<S>(
          *this, beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *tls),
          std::move(ip), reject));
    } else {
      using S = Session<beast::tcp_stream>;
      spawn(
          std::make_shared<S>(*this, beast::tcp_stream(std::move(socket)), std::move(ip), reject));
    }
  }
}

asio::awaitable<api::Response> ServerImpl::call_handler(api::Request& request) {
  if (cfg.in_memory_handler) {
    try {
      if (auto response = cfg.in_memory_handler(request)) co_return std::move(*response);
    } catch (...) {
      // Fall through to the worker pool, which renders failures properly.
    }
  }
  in_flight.fetch_add(1);
  // Runs on the worker pool; the awaiting connection resumes on its own strand.
  co_return co_await asio::co_spawn(
      workers->get_executor(),
      [this, &request]() -> asio::awaitable<api::Response> {
        struct Done {
          std::atomic<std::size_t>& n;
          ~Done() { n.fetch_sub(1); }
        } done{in_flight};
        co_return handler(request);
      },
      asio::use_awaitable);
}

// On the strand. Stop accepting, close idle connections, let busy ones finish, then stop.
void ServerImpl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  log_line("info", "shutting down",
           {{"connections", static_cast<unsigned long>(connections.load())},
            {"in_flight", static_cast<unsigned long>(in_flight.load())}});
  boost::system::error_code ignored;
  acceptor->close(ignored);
  if (signals) signals->cancel(ignored);
  {
    std::lock_guard lock(sessions_mutex);
    for (SessionBase* s : sessions) {
      if (auto alive = s->weak_from_this().lock()) alive->close_if_idle();
    }
  }
  asio::co_spawn(*strand, drain(), asio::detached);
}

asio::awaitable<void> ServerImpl::drain() {
  const auto deadline = Clock::now() + cfg.shutdown_grace;
  asio::steady_timer timer(*strand);
  while ((connections.load() > 0 || rejecting.load() > 0) && Clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(nothrow);
  }
  if (connections.load() > 0 || in_flight.load() > 0) {
    log_line("warn", "shutdown grace expired",
             {{"connections", static_cast<unsigned long>(connections.load())},
              {"in_flight", static_cast<unsigned long>(in_flight.load())}});
  }
  ioc->stop();
}

// --- Server -----------------------------------------------------------------------------------

Server::Server(ServerConfig config, Handler handler)
    : impl_(std::make_unique<ServerImpl>(std::move(config), std::move(handler))) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->bound_port.load(); }

void Server::stop() {
  ServerImpl* impl = impl_.get();
  asio::post(*impl->strand, [impl] { impl->begin_shutdown(); });
}

void Server::run() {
  ServerImpl& s = *impl_;
  if (s.ran) throw std::logic_error("Server::run() called twice");
  s.ran = true;
  s.bind();
  log_line("info", "listening",
           {{"address", s.cfg.address},
            {"port", static_cast<unsigned>(s.bound_port.load())},
            {"tls", s.tls != nullptr}});

  s.signals = std::make_unique<asio::signal_set>(*s.strand, SIGINT, SIGTERM);
  s.signals->async_wait([&s](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log_line("info", "signal received", {{"signal", signal}});
    s.begin_shutdown();
  });
  asio::co_spawn(*s.strand, s.accept_loop(), [](std::exception_ptr e) {
    if (e) log_line("error", "accept loop ended by an exception");
  });

  auto run_io = [&s] {
    for (;;) {
      try {
        s.ioc->run();
        return;
      } catch (const std::exception& e) {  // handlers catch their own; belt and braces
        log_line("error", "io thread exception", {{"exception", type_name(typeid(e))}});
      } catch (...) {
        log_line("error", "io thread exception", {{"exception", "unknown"}});
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < s.cfg.io_threads; ++i) threads.emplace_back(run_io);
  run_io();
  for (auto& t : threads) t.join();

  if (s.in_flight.load() == 0) {
    s.workers->join();
  } else {
    // A handler is stuck past the grace period. Threads cannot be killed: leave the pool and the
    // io_context (which its completion will post to) allocated, so that nothing it touches is
    // freed under it, and let the process exit.
    log_line("error", "abandoning stuck handlers",
             {{"in_flight", static_cast<unsigned long>(s.in_flight.load())}});
    s.signals.reset();
    s.acceptor.reset();
    (void)s.ioc.release();
    (void)s.workers.release();
  }
  log_line("info", "stopped");
}

}  // namespace passerelle::http
