// tests/e2e/reload_e2e_util.hpp
//
// What the SIGHUP reload tests share: one-shot HTTP requests, rewriting the daemon's
// configuration file, and reading a /metrics value.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <regex>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {

// GET `target` on a connection of its own (closed after the response). 15 s: a search
// soon after start may wait for the spelling build, which takes seconds under the sanitizers
// on a loaded machine (an ASan run timed out at 5 s).
inline HttpReply get_once(std::uint16_t port, const std::string& target,
                          const std::string& extra_headers = "") {
  auto client = TestClient::connect(port);
  client.send_all("GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
                  extra_headers + "\r\n");
  std::string stream;
  return read_reply(client, stream, false, std::chrono::seconds(15));
}

// Replaces the daemon's configuration file (then send it SIGHUP).
inline void rewrite_config(const DaemonProcess& daemon, const std::string& yaml) {
  std::ofstream(daemon.config_path(), std::ios::trunc) << yaml;
}

// The value of the /metrics line `name VALUE`, or -1 when there is none.
inline double metric_value(std::uint16_t port, const std::string& name) {
  const HttpReply reply = get_once(port, "/metrics");
  const std::regex line("\n" + name + " ([0-9.e+]+)\n");
  std::smatch m;
  if (!std::regex_search(reply.body, m, line)) return -1;
  return std::stod(m[1]);
}

}  // namespace charfinder
