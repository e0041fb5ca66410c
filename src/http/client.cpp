#include "http/client.hpp"

#include "http/address_policy.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace hf::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

bool non_public(const asio::ip::address& a) {
  if (a.is_v4()) return is_non_public_ipv4(a.to_v4().to_uint());
  return is_non_public_ipv6(a.to_v6().to_bytes());
}

}  // namespace

Result<TargetUrl> parse_target_url(std::string_view text) {
  auto u = boost::urls::parse_uri(text);
  if (!u) return Error::rule("The URL is not valid.", {{"url", "is not an absolute URL"}});
  TargetUrl out;
  out.scheme = std::string(u->scheme());
  for (auto& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.scheme != "http" && out.scheme != "https")
    return Error::rule("Only http and https URLs can receive webhooks.",
                       {{"url", "must start with http:// or https://"}});
  if (u->has_userinfo())
    return Error::rule("The URL must not carry a user name or password.", {{"url", "must not contain user:password@"}});
  switch (u->host_type()) {
    case boost::urls::host_type::ipv4:
      out.host = u->host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      out.host = u->host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name:
      out.host = std::string(u->host());
      break;
    default:
      return Error::rule("The URL has no usable host.", {{"url", "must name a host"}});
  }
  if (out.host.empty()) return Error::rule("The URL has no host.", {{"url", "must name a host"}});
  out.port = u->has_port() ? std::string(u->port()) : (out.scheme == "https" ? "443" : "80");
  if (u->has_port() && (u->port_number() == 0 || out.port.size() > 5))
    return Error::rule("The URL's port is not valid.", {{"url", "has an invalid port"}});
  out.target = std::string(u->encoded_path());
  if (out.target.empty()) out.target = "/";
  if (u->has_query()) out.target += "?" + std::string(u->encoded_query());
  return out;
}

bool is_non_public_address(std::string_view literal) {
  boost::system::error_code ec;
  const auto a = asio::ip::make_address(std::string(literal), ec);
  return ec || non_public(a);
}

Result<std::vector<std::string>> resolve_public(const TargetUrl& url, bool allow_private) {
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  auto results = resolver.resolve(url.host, url.port, ec);
  if (ec || results.empty())
    return Error::rule("The URL's host does not resolve.", {{"url", "host " + url.host + " does not resolve"}});
  std::vector<std::string> out;
  for (const auto& r : results) {
    const auto a = r.endpoint().address();
    if (!allow_private && non_public(a))
      return Error::rule("Webhook URLs may not point at loopback, link-local or private addresses.",
                         {{"url", url.host + " is (or resolves to) a non-public address"}});
    out.push_back(a.to_string());
  }
  return out;
}

PostResult post(const TargetUrl& url, const std::vector<std::pair<std::string, std::string>>& headers,
                const std::string& body, std::chrono::milliseconds timeout, bool allow_private) {
  PostResult out;
  asio::io_context ioc;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  const bool secure = url.scheme == "https";
  if (secure) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
  }
  tcp::resolver resolver(ioc);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
  asio::steady_timer deadline(ioc);
  bool timed_out = false;
  deadline.expires_after(timeout);
  // One deadline for the whole exchange: resolve, connect, handshake, write, read.
  deadline.async_wait([&](boost::system::error_code ec) {
    if (ec) return;
    timed_out = true;
    resolver.cancel();
    beast::get_lowest_layer(stream).cancel();
    beast::get_lowest_layer(stream).close();
  });

  auto exchange = [&]() -> asio::awaitable<void> {
    try {
      auto results = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
      std::vector<tcp::endpoint> allowed;
      for (const auto& r : results)
        if (allow_private || !non_public(r.endpoint().address())) allowed.push_back(r.endpoint());
      if (allowed.empty()) {
        out.error = "address not allowed (non-public)";
        co_return;
      }
      co_await beast::get_lowest_layer(stream).async_connect(allowed, asio::use_awaitable);
      if (secure) {
        if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
          out.error = "TLS: cannot set the server name";
          co_return;
        }
        stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
        co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      }
      bhttp::request<bhttp::string_body> req{bhttp::verb::post, url.target, 11};
      const bool default_port = url.port == (secure ? "443" : "80");
      const bool v6 = url.host.find(':') != std::string::npos;
      const std::string host = v6 ? "[" + url.host + "]" : url.host;
      req.set(bhttp::field::host, default_port ? host : host + ":" + url.port);
      req.set(bhttp::field::user_agent, "HealthFlow-Webhooks/1.0");
      req.set(bhttp::field::content_type, "application/json; charset=utf-8");
      req.set(bhttp::field::connection, "close");
      for (const auto& [k, v] : headers) req.set(k, v);
      req.body() = body;
      req.prepare_payload();
      beast::flat_buffer buffer;
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(kMaxAnswerBytes);
      if (secure) {
        co_await bhttp::async_write(stream, req, asio::use_awaitable);
        co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
      } else {
        auto& plain = beast::get_lowest_layer(stream);
        co_await bhttp::async_write(plain, req, asio::use_awaitable);
        co_await bhttp::async_read(plain, buffer, parser, asio::use_awaitable);
      }
      out.status = static_cast<int>(parser.get().result_int());
    } catch (const boost::system::system_error& e) {
      out.error = e.code().message();
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    deadline.cancel();
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  };
  asio::co_spawn(ioc, exchange, asio::detached);
  ioc.run();
  if (timed_out && out.status == 0) out.error = "timed out after " + std::to_string(timeout.count()) + " ms";
  return out;
}

}  // namespace hf::http
