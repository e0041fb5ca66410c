// The only translation unit that includes Beast and Asio (build time on 2 cores).
#include "http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "http/framing.hpp"

namespace hf::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  ServerOptions opt;
  Application& app;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::thread_pool workers;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};

  Impl(ServerOptions o, Application& a)
      : opt(std::move(o)), app(a), ioc(opt.io_threads), workers(static_cast<size_t>(opt.worker_threads)) {}
  void accept();
};

namespace {

bool to_request(const bhttp::request<bhttp::string_body>& in, Request& out) {
  out.method = std::string(in.method_string());  // case-sensitive (RFC 9110 9.1); checked in on_header
  out.target = std::string(in.target());
  auto url = boost::urls::parse_origin_form(out.target);
  if (!url) return false;
  out.path = std::string(url->path());
  for (auto p : url->params()) out.query.emplace(std::string(p.key), std::string(p.value));
  out.headers.reserve(16);
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  out.body = in.body();
  return true;
}

// Header names and values come from our own code, but a CR or LF in one would split the answer:
// drop them rather than trust every caller.
void append_header_text(std::string& out, std::string_view text) {
  if (text.find('\r') == std::string_view::npos && text.find('\n') == std::string_view::npos) {
    out.append(text.data(), text.size());
    return;
  }
  for (char c : text)
    if (c != '\r' && c != '\n') out.push_back(c);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  append_header_text(out, name);
  out += ": ";
  append_header_text(out, value);
  out += "\r\n";
}

// The status line, headers and body of an HTTP/1.1 answer in one string. An answer to HEAD keeps
// the headers of the GET answer (Content-Length included) but no body (RFC 9110 9.3.2).
std::string serialize(const Response& res, bool close, bool head) {
  const auto status = static_cast<bhttp::status>(res.status);
  // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 8.6).
  const bool bodiless = res.status < 200 || res.status == 204 || res.status == 304;
  std::string out;
  out.reserve(256 + res.body.size() + res.headers.size() * 48);
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  const auto reason = bhttp::obsolete_reason(status);
  out.append(reason.data(), reason.size());
  out += "\r\nServer: healthflow\r\n";
  if (!res.content_type.empty() && !bodiless) append_header(out, "Content-Type", res.content_type);
  for (const auto& [k, v] : res.headers) append_header(out, k, v);
  if (!bodiless) {
    out += "Content-Length: ";
    out += std::to_string(res.body.size());
    out += "\r\n";
  }
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  if (!bodiless && !head) out += res.body;
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& s, Server::Impl& srv) : stream_(std::move(s)), srv_(srv) {}

  void start() {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(srv_.opt.body_limit);
    parser_->header_limit(static_cast<uint32_t>(srv_.opt.header_limit));
    stream_.expires_after(srv_.opt.request_timeout);
    folded_ = false;
    parse_header();
  }

  // What bhttp::async_read_header does, but each piece of header text the parser takes is looked
  // at first: Beast replaces obsolete line folding with a space, and after parsing it is gone.
  void parse_header() {
    while (buffer_.size() > 0) {
      beast::error_code ec;
      const auto data = buffer_.data();
      const size_t used = parser_->put(net::buffer(data), ec);
      // Beast takes whole lines only, and a folded line together with its continuation.
      folded_ = folded_ || has_obs_fold({static_cast<const char*>(data.data()), used});
      buffer_.consume(used);
      if (ec == bhttp::error::need_more) break;
      if (ec || parser_->is_header_done()) return on_header(ec);
      if (used == 0) break;
    }
    stream_.async_read_some(buffer_.prepare(beast::read_size(buffer_, 65536)),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec == net::error::eof && self->parser_->got_some())
                                ec = bhttp::error::partial_message;
                              if (ec == net::error::eof) ec = bhttp::error::end_of_stream;
                              if (ec) return self->on_error(ec);
                              self->buffer_.commit(n);
                              self->parse_header();
                            });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_error(ec);
    if (auto refusal = framing_refusal()) return reject(refusal->status, refusal->detail);
    // A request without a body is complete with its header: handle it now rather than through one
    // more asynchronous read that would only complete at once.
    if (parser_->is_done()) return on_read({}, 0);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // RFC 9112 framing that Beast accepts but a proxy in front of us may read differently.
  std::optional<FramingRefusal> framing_refusal() const {
    const auto& h = parser_->get();
    if (folded_)
      return FramingRefusal{400, "Obsolete line folding is not accepted (RFC 9112 5.2); send each field on one line."};
    // Method names are case-sensitive (RFC 9110 9.1): "get" is not GET, and a method we do not
    // know is not implemented.
    if (h.method() == bhttp::verb::unknown) {
      return FramingRefusal{501, "The method " + std::string(h.method_string().substr(0, 20)) +
                                     " is not implemented; method names are case-sensitive."};
    }
    std::vector<std::string_view> te;
    for (const auto& f : h)  // in the order received: the codings of all lines form one list
      if (f.name() == bhttp::field::transfer_encoding) te.emplace_back(f.value());
    return check_transfer_coding(te, h.count(bhttp::field::content_length) > 0, h.version() >= 11);
  }

  void on_error(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return close();
    }
    if (ec == bhttp::error::body_limit) return reject(413, "The request body is larger than the 1 MiB limit.");
    if (ec == bhttp::error::header_limit) return reject(431, "The request headers are larger than the 16 KiB limit.");
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return reject(400, "The request is not valid HTTP/1.1.");
    }
    close();
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) return on_error(ec);
    auto req = std::make_shared<Request>();
    const bool keep_alive = parser_->get().keep_alive();
    if (!to_request(parser_->get(), *req)) return reject(400, "The request target is not a valid URL path.");
    parser_.reset();
    req->remote_ip = remote_ip_;
    if (srv_.opt.trust_proxy) {
      const auto xff = req->header("x-forwarded-for");
      // The last entry is the one our proxy (the ALB, one hop) appended; entries before it are
      // whatever the client sent and can be forged to dodge per-address limits (RFC 7239 §5.2).
      auto last = xff.substr(xff.rfind(',') + 1);  // npos + 1 == 0: a single entry
      while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
      while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
      if (!last.empty()) req->remote_ip = std::string(last);
      req->behind_tls = req->header("x-forwarded-proto") == "https";
    }
    keep_alive_ = keep_alive;
    head_ = req->method == "HEAD";
    ++srv_.in_flight;
    stream_.expires_never();
    if (!srv_.app.prepare(*req)) {
      write(srv_.app.handle(*req));
      return;
    }
    net::post(srv_.workers, [self = shared_from_this(), req] {
      auto res = std::make_shared<Response>(self->srv_.app.handle(*req));
      net::post(self->stream_.get_executor(), [self, res] { self->write(std::move(*res)); });
    });
  }

  void reject(int status, const std::string& detail) {
    ++srv_.in_flight;
    keep_alive_ = false;
    head_ = false;
    auto res = srv_.app.reject(status, detail, remote_ip_);
    res.close = true;
    write(std::move(res));
  }

  void write(Response res) {
    const bool close = res.close || !keep_alive_ || srv_.draining.load();
    auto wire = std::make_shared<std::string>(serialize(res, close, head_));
    response_ = wire;
    stream_.expires_after(std::chrono::seconds(30));
    // One flat buffer, one write: Beast's serializer walks a view of many small buffers per field,
    // which was a quarter of the instructions of a small answer (bench/profile.sh version).
    net::async_write(stream_, net::buffer(*wire), [self = shared_from_this(), close](beast::error_code ec, size_t) {
      --self->srv_.in_flight;
      self->response_.reset();
      if (ec || close) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<void> response_;
  Server::Impl& srv_;
  std::string remote_ip_;
  bool keep_alive_ = true;
  bool folded_ = false;  // the header being read used obsolete line folding
  bool head_ = false;    // the request being answered is a HEAD
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
    accept();
  });
}

Server::Server(ServerOptions options, Application& app) : impl_(std::make_unique<Impl>(std::move(options), app)) {}
Server::~Server() {
  impl_->workers.join();
}

std::string Server::listen(uint16_t& bound_port) {
  beast::error_code ec;
  auto addr = net::ip::make_address(impl_->opt.host, ec);
  if (ec) return "invalid --host address: " + impl_->opt.host;
  tcp::endpoint ep{addr, impl_->opt.port};
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + impl_->opt.host + ":" + std::to_string(impl_->opt.port) + ": " + ec.message();
  bound_port = a.local_endpoint().port();
  return {};
}

void Server::run(const std::function<void(const std::string&)>& on_signal) {
  auto& im = *impl_;
  net::signal_set signals(im.ioc, SIGINT, SIGTERM);
  net::steady_timer drain_timer(im.ioc);
  std::chrono::steady_clock::time_point deadline;
  std::function<void()> check_drained = [&] {
    if (im.in_flight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      im.ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](beast::error_code) { check_drained(); });
  };
  signals.async_wait([&](beast::error_code ec, int sig) {
    if (ec) return;
    on_signal(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    // Stop accepting; requests already read are finished (and answered with Connection: close).
    im.draining = true;
    beast::error_code ignore;
    im.acceptor.close(ignore);
    deadline = std::chrono::steady_clock::now() + im.opt.drain_timeout;
    check_drained();
  });
  im.accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < im.opt.io_threads; ++i) threads.emplace_back([&] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
  im.workers.join();
}

}  // namespace hf::http
