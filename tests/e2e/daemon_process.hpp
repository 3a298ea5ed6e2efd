// tests/e2e/daemon_process.hpp
//
// Runs the real charfinder binary (CHARFINDER_BINARY) for an end-to-end test.
//
//   DaemonProcess daemon;                        // serve on 127.0.0.1:0 for both protocols
//   auto client = TestClient::connect(daemon.telnet_port());
//   daemon.send_signal(SIGTERM);
//   REQUIRE(daemon.wait_exit(10s) == 0);
//
// The child's stdout and stderr go to one pipe that a thread drains into log(); the
// constructor waits up to 10 s for the `ready telnet=… http=…` line (text or JSON log) and
// parses the bound addresses from it, or throws std::runtime_error with the log so far.
// The destructor SIGKILLs and reaps a child that is still running.
// Not thread-safe except log()/wait_for_log(), which any thread may call.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace charfinder {

class DaemonProcess {
 public:
  struct Options {
    std::vector<std::string> args;  // after `serve` (when default_listen) or after the binary
    bool default_listen = true;     // prepend serve --telnet-listen 127.0.0.1:0 --http-listen …
    bool wait_ready = true;         // false: return at once (for tests of failing start-ups)
    std::optional<std::string> config_yaml;  // written to a temporary file, passed as -c FILE
    // Socket activation: each fd (in the parent) is given to the child as fd 3, 4, … with
    // LISTEN_FDS, LISTEN_PID (the child's pid) and LISTEN_FDNAMES set.
    std::vector<std::pair<int, std::string>> listen_fds;
    std::vector<std::string> env;  // NAME=VALUE entries for the child (replacing the parent's)
    // CHARFINDER_E2E_THREADS applies (a config file with server.threads is added); false for
    // a test that needs the daemon without a config file.
    bool threads_from_environment = true;
  };

  explicit DaemonProcess(std::vector<std::string> extra_args = {}, bool default_listen = true);
  explicit DaemonProcess(Options options);
  DaemonProcess(DaemonProcess&&) noexcept;
  DaemonProcess& operator=(DaemonProcess&&) noexcept;
  ~DaemonProcess();  // SIGKILL + reap if still running; removes the temporary config

  // `serve -c <tmp file with yaml_text> [--telnet-listen 127.0.0.1:0 --http-listen …] extra_args`
  static DaemonProcess with_config(std::string yaml_text, std::vector<std::string> extra_args = {},
                                   bool default_listen = true);

  // Ports / addresses from the ready line ("127.0.0.1:40001", "[::1]:40002"). The port
  // getters throw when that protocol has no address.
  std::uint16_t telnet_port() const;
  std::uint16_t http_port() const;
  // The first PROXY listener's port (telnet.proxy_listen / http.proxy_listen); throws if none.
  std::uint16_t telnet_proxy_port() const;
  std::uint16_t http_proxy_port() const;
  // The temporary config file of with_config()/config_yaml (rewrite it, then SIGHUP).
  const std::string& config_path() const;
  const std::vector<std::string>& telnet_addresses() const;
  const std::vector<std::string>& http_addresses() const;

  pid_t pid() const;
  void send_signal(int sig);
  // Exit status (128 + signal number when killed by a signal); nullopt on timeout. Once it
  // returns a status, log() holds everything the child wrote.
  std::optional<int> wait_exit(std::chrono::milliseconds deadline);

  std::string log() const;  // everything the child wrote so far (stdout and stderr)
  bool wait_for_log(std::string_view needle, std::chrono::milliseconds deadline);
  // Count of non-overlapping occurrences of `needle` in log().
  std::size_t count_in_log(std::string_view needle) const;
  // Waits until `needle` occurs at least `count` times; false on timeout or child exit.
  bool wait_for_log_count(std::string_view needle, std::size_t count,
                          std::chrono::milliseconds deadline);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// "127.0.0.1:40001" / "[::1]:40002" -> 40001 / 40002; throws on a malformed address.
std::uint16_t port_of(std::string_view address);

// Parses "ready telnet=A,B http=C" out of a log line (text or JSON); nullopt if absent.
struct ReadyAddresses {
  std::vector<std::string> telnet;
  std::vector<std::string> http;
  std::vector<std::string> telnet_proxy;  // "telnet-proxy=…", when there are PROXY listeners
  std::vector<std::string> http_proxy;
};
std::optional<ReadyAddresses> parse_ready_line(std::string_view log_text);

}  // namespace charfinder
