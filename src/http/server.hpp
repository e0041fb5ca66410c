#pragma once
// The HTTP/1.1 server (Boost.Beast): keep-alive, body and header limits, timeouts against slow
// clients, a worker pool for handlers that touch the database, and a graceful drain on SIGTERM.
// Only server.cpp includes Beast and Asio.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace hf::http {

class Application {
 public:
  virtual ~Application() = default;
  // On the I/O thread: route the request; true if handling may block (database work).
  virtual bool prepare(Request& req) = 0;
  virtual Response handle(Request& req) = 0;
  // The request could not be read (too large, malformed): answer with this problem.
  virtual Response reject(int status, const std::string& detail, const std::string& remote_ip) = 0;
};

struct ServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;
  int io_threads = 2;
  int worker_threads = 8;
  size_t body_limit = 1024 * 1024;  // 413 above (API.md)
  size_t header_limit = 16 * 1024;  // 431 above
  // From the moment the server waits for a request (new or kept-alive connection) the whole
  // request must arrive within this time; slow clients (slowloris) are cut off.
  std::chrono::seconds request_timeout{15};
  std::chrono::seconds drain_timeout{10};
  bool trust_proxy = false;  // take the client address from X-Forwarded-For
};

class Server {
 public:
  Server(ServerOptions options, Application& app);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds; returns the port actually bound (for --port 0) or an error message.
  std::string listen(uint16_t& bound_port);
  // Runs until SIGTERM/SIGINT, then drains in-flight requests. Returns when stopped.
  void run(const std::function<void(const std::string&)>& on_signal);

  struct Impl;  // public so the connection type in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hf::http
