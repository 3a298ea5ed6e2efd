// daemon/cli/healthcheck_command.cpp: `charfinder healthcheck [HOST:PORT]`. See
// healthcheck_command.hpp.
#include "daemon/cli/healthcheck_command.hpp"

#include <asio.hpp>
#include <iostream>

#include "daemon/cli/commands.hpp"
#include "text/host_port.hpp"

namespace charfinder {
namespace {

constexpr std::chrono::milliseconds kProbeTimeout{2000};
constexpr std::size_t kMaxStatusLine = 1024;

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<ProbeTarget> parse_probe_target(std::string_view text, std::string& error) {
  auto fail = [&] {
    error = "expected HOST:PORT or [IPv6]:PORT, got \"" + std::string(text) + "\"";
    return std::nullopt;
  };
  HostPortError ignored{};
  const std::optional<HostPort> split = split_host_port(text, ignored);
  if (!split || split->host.empty()) return fail();
  const std::optional<std::uint16_t> port = parse_port(split->port);
  if (!port || *port == 0) return fail();
  ProbeTarget target;
  target.host = std::string(split->host);
  target.port = std::string(split->port);
  return target;
}

std::optional<int> parse_status_line(std::string_view line) {
  // HTTP/1.x SP 3DIGIT [SP reason]
  if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ') return std::nullopt;
  auto code = line.substr(9, 3);
  if (!all_digits(code) || (line.size() > 12 && line[12] != ' ')) return std::nullopt;
  return (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
}

int probe_healthz(const ProbeTarget& target, std::chrono::milliseconds timeout) {
  using asio::ip::tcp;
  const std::string where = format_host_port(target.host, target.port);
  asio::io_context io;
  tcp::resolver resolver(io);
  tcp::socket socket(io);
  asio::streambuf response(kMaxStatusLine);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: " + where +
                              "\r\nUser-Agent: charfinder-healthcheck\r\n"
                              "Connection: close\r\n\r\n";
  std::string failure;  // empty while all goes well
  std::optional<int> status;

  auto fail = [&](std::string what, const asio::error_code& ec) {
    failure = std::move(what) + ": " + ec.message();
  };
  // Each step starts the next one; run_for() below bounds the whole chain.
  resolver.async_resolve(target.host, target.port, [&](auto ec, tcp::resolver::results_type r) {
    if (ec) return fail("cannot resolve " + target.host, ec);
    asio::async_connect(socket, r, [&](auto ec2, const tcp::endpoint&) {
      if (ec2) return fail("cannot connect", ec2);
      asio::async_write(socket, asio::buffer(request), [&](auto ec3, std::size_t) {
        if (ec3) return fail("cannot send the request", ec3);
        asio::async_read_until(socket, response, "\r\n", [&](auto ec4, std::size_t n) {
          if (ec4) return fail("no status line in the answer", ec4);
          std::string line(asio::buffers_begin(response.data()),
                           asio::buffers_begin(response.data()) + static_cast<long>(n - 2));
          status = parse_status_line(line);
          if (!status) failure = "not an HTTP answer: \"" + line.substr(0, 80) + "\"";
        });
      });
    });
  });
  io.run_for(timeout);
  if (!io.stopped()) {
    std::cerr << "unhealthy: " << where << ": no answer within " << timeout.count() << " ms\n";
    return 1;
  }
  if (!failure.empty() || !status) {
    std::cerr << "unhealthy: " << where << ": " << (failure.empty() ? "no status line" : failure)
              << "\n";
    return 1;
  }
  if (*status != 200) {
    std::cerr << "unhealthy: " << where << ": GET /healthz answered " << *status << "\n";
    return 1;
  }
  std::cout << "healthy: " << where << ": GET /healthz answered 200\n";
  return 0;
}

int run_healthcheck(const std::string& address) {
  std::string error;
  auto target = parse_probe_target(address, error);
  if (!target) {
    std::cerr << "charfinder healthcheck: " << error << "\n";
    return 2;
  }
  return probe_healthz(*target, kProbeTimeout);
}

}  // namespace charfinder
