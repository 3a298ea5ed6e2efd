#include "tests/e2e/daemon_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "tests/e2e/sanitized_build.hpp"

extern char** environ;

namespace charfinder {
namespace {

using namespace std::chrono_literals;

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::generic_category().message(errno);
}

bool is_systemd_variable(std::string_view entry) {
  for (std::string_view name : {"LISTEN_FDS=", "LISTEN_PID=", "LISTEN_FDNAMES=", "NOTIFY_SOCKET=",
                                "WATCHDOG_USEC=", "WATCHDOG_PID="}) {
    if (entry.substr(0, name.size()) == name) return true;
  }
  return false;
}

std::vector<std::string> split_addresses(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::uint16_t port_of(std::string_view address) {
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == address.size())
    throw std::runtime_error("no port in address '" + std::string(address) + "'");
  unsigned long port = 0;
  for (char c : address.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535)
      throw std::runtime_error("bad port in address '" + std::string(address) + "'");
    port = port * 10 + static_cast<unsigned long>(c - '0');
  }
  if (port > 65535) throw std::runtime_error("bad port in address '" + std::string(address) + "'");
  return static_cast<std::uint16_t>(port);
}

std::optional<ReadyAddresses> parse_ready_line(std::string_view log_text) {
  static constexpr std::string_view kTelnet = "ready telnet=";
  static constexpr std::string_view kHttp = " http=";
  const std::size_t start = log_text.find(kTelnet);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view rest = log_text.substr(start + kTelnet.size());
  const std::size_t end = rest.find_first_of("\"\r\n");
  if (end == std::string_view::npos) return std::nullopt;  // line not complete yet
  rest = rest.substr(0, end);
  const std::size_t http = rest.find(kHttp);
  if (http == std::string_view::npos) return std::nullopt;
  ReadyAddresses addresses;
  addresses.telnet = split_addresses(rest.substr(0, http));
  rest = rest.substr(http + kHttp.size());
  // Optional " telnet-proxy=A,B http-proxy=C" after the plain lists.
  const std::size_t space = rest.find(' ');
  addresses.http = split_addresses(rest.substr(0, space));
  while (rest.find(' ') != std::string_view::npos) {
    rest = rest.substr(rest.find(' ') + 1);
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) break;
    const std::string_view key = rest.substr(0, eq);
    const std::string_view list = rest.substr(eq + 1, rest.find(' ') - eq - 1);
    if (key == "telnet-proxy") addresses.telnet_proxy = split_addresses(list);
    if (key == "http-proxy") addresses.http_proxy = split_addresses(list);
  }
  return addresses;
}

struct DaemonProcess::State {
  pid_t pid = -1;
  int pidfd = -1;
  int read_fd = -1;
  std::optional<int> exit_status;
  std::string config_path;
  ReadyAddresses addresses;
  std::thread drainer;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::string log;   // guarded by mutex
  bool eof = false;  // guarded by mutex

  ~State() {
    if (pid > 0 && !exit_status) {
      ::kill(pid, SIGKILL);
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (drainer.joinable()) drainer.join();
    if (read_fd >= 0) ::close(read_fd);
    if (pidfd >= 0) ::close(pidfd);
    if (!config_path.empty()) ::unlink(config_path.c_str());
  }

  void drain() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(read_fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard lock(mutex);
      if (n <= 0) {
        eof = true;
        changed.notify_all();
        return;
      }
      log.append(buffer, static_cast<std::size_t>(n));
      changed.notify_all();
    }
  }
};

DaemonProcess::DaemonProcess(std::vector<std::string> extra_args, bool default_listen)
    : DaemonProcess(Options{std::move(extra_args), default_listen, true, std::nullopt, {}, {}}) {}

DaemonProcess::DaemonProcess(DaemonProcess&&) noexcept = default;
DaemonProcess& DaemonProcess::operator=(DaemonProcess&&) noexcept = default;
DaemonProcess::~DaemonProcess() = default;

DaemonProcess DaemonProcess::with_config(std::string yaml_text, std::vector<std::string> extra_args,
                                         bool default_listen) {
  Options options;
  options.args = std::move(extra_args);
  options.default_listen = default_listen;
  options.config_yaml = std::move(yaml_text);
  return DaemonProcess(std::move(options));
}

namespace {

// CHARFINDER_E2E_THREADS=N (scripts/test.sh --sanitize=thread sets 4) runs every daemon a
// test serves with server.threads: N, so the thread sanitizer sees sessions on several
// threads. A test's own config gets the key added to its server section (or a new one); a
// config that sets server.threads itself is left alone.
void add_threads_from_environment(DaemonProcess::Options& options) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in the tests changes the environment
  const char* threads = std::getenv("CHARFINDER_E2E_THREADS");
  if (threads == nullptr || *threads == '\0') return;
  if (!options.threads_from_environment) return;
  if (!options.config_yaml && !options.default_listen) return;  // not `serve`
  for (const std::string& arg : options.args)
    if (arg == "-c" || arg == "--config") return;  // the test's own file (a FIFO, say)
  std::string yaml = options.config_yaml.value_or("");
  if (yaml.find("threads:") != std::string::npos) return;
  const std::string line = std::string("  threads: ") + threads + "\n";
  const std::size_t server = yaml.rfind("server:\n", 0) == 0 ? 0 : yaml.find("\nserver:\n");
  if (server == std::string::npos) {
    if (!yaml.empty() && yaml.back() != '\n') yaml += '\n';
    yaml += "server:\n" + line;
  } else {
    yaml.insert(yaml.find('\n', server + (server == 0 ? 0 : 1)) + 1, line);
  }
  options.config_yaml = std::move(yaml);
}

}  // namespace

DaemonProcess::DaemonProcess(Options options) : state_(std::make_unique<State>()) {
  State& state = *state_;
  add_threads_from_environment(options);

  if (options.config_yaml) {
    std::string path =
        (std::filesystem::temp_directory_path() / "charfinder-e2e-XXXXXX.yaml").string();
    const int fd = ::mkstemps(path.data(), 5);
    if (fd < 0) throw std::runtime_error(errno_text("mkstemps"));
    state.config_path = path;
    const std::string& text = *options.config_yaml;
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!written) throw std::runtime_error(errno_text("writing the temporary config"));
  }

  std::vector<std::string> args{CHARFINDER_BINARY};
  if (options.config_yaml || options.default_listen) args.emplace_back("serve");
  if (options.config_yaml) {
    args.emplace_back("-c");
    args.push_back(state.config_path);
  }
  if (options.default_listen) {
    for (const char* flag : {"--telnet-listen", "--http-listen"}) {
      args.emplace_back(flag);
      args.emplace_back("127.0.0.1:0");
    }
  }
  args.insert(args.end(), options.args.begin(), options.args.end());

  std::vector<std::string> env;
  // An entry of options.env replaces the parent's variable of the same name.
  const auto overridden = [&](std::string_view entry) {
    const std::string_view name = entry.substr(0, entry.find('='));
    return std::any_of(options.env.begin(), options.env.end(), [&](const std::string& mine) {
      return std::string_view(mine).substr(0, mine.find('=')) == name;
    });
  };
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (!is_systemd_variable(*entry) && !overridden(*entry)) env.emplace_back(*entry);
  env.insert(env.end(), options.env.begin(), options.env.end());
  const std::size_t fd_count = options.listen_fds.size();
  std::size_t listen_pid_index = 0;
  if (fd_count > 0) {
    std::string names;
    for (const auto& [fd, name] : options.listen_fds) names += (names.empty() ? "" : ":") + name;
    env.push_back("LISTEN_FDS=" + std::to_string(fd_count));
    env.push_back("LISTEN_FDNAMES=" + names);
    listen_pid_index = env.size();
    env.push_back("LISTEN_PID=" + std::string(20, '\0'));  // filled in by the child
  }

  // Everything the child touches is prepared here: between fork and exec only
  // async-signal-safe calls are allowed (this process has threads).
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<int> inherit;
  inherit.reserve(options.listen_fds.size());
  for (const auto& [fd, name] : options.listen_fds) inherit.push_back(fd);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::runtime_error(errno_text("fork"));
  }
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    // Move the activation sockets out of the way first, then to 3, 4, …
    for (int& fd : inherit) fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 100);
    for (std::size_t i = 0; i < inherit.size(); ++i) ::dup2(inherit[i], 3 + static_cast<int>(i));
    ::close_range(3 + static_cast<unsigned>(inherit.size()), ~0U, 0);
    if (fd_count > 0) {
      char* digits = envp[listen_pid_index] + std::strlen("LISTEN_PID=");
      char reversed[20];
      int n = 0;
      for (pid_t self = ::getpid(); self > 0; self /= 10)
        reversed[n++] = static_cast<char>('0' + self % 10);
      for (int i = 0; i < n; ++i) digits[i] = reversed[n - 1 - i];
      digits[n] = '\0';
    }
    ::execve(argv[0], argv.data(), envp.data());
    static constexpr char kMessage[] = "DaemonProcess: execve failed\n";
    [[maybe_unused]] auto ignored = ::write(2, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  state.pid = pid;
  state.read_fd = pipe_fds[0];
  state.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // -1: poll instead
  state.drainer = std::thread([&state] { state.drain(); });

  if (!options.wait_ready) return;
  std::unique_lock lock(state.mutex);
  std::optional<ReadyAddresses> ready;
  const bool got = state.changed.wait_for(lock, arrival_deadline(10s), [&] {
    ready = parse_ready_line(state.log);
    return ready.has_value() || state.eof;
  });
  if (!got || !ready) {
    const std::string why = got ? "exited before it was ready" : "not ready within 10 s";
    throw std::runtime_error("charfinder " + why + "; log:\n" + state.log);
  }
  state.addresses = std::move(*ready);
}

std::uint16_t DaemonProcess::telnet_port() const {
  if (state_->addresses.telnet.empty()) throw std::runtime_error("no telnet address");
  return port_of(state_->addresses.telnet.front());
}

std::uint16_t DaemonProcess::http_port() const {
  if (state_->addresses.http.empty()) throw std::runtime_error("no http address");
  return port_of(state_->addresses.http.front());
}

std::uint16_t DaemonProcess::telnet_proxy_port() const {
  if (state_->addresses.telnet_proxy.empty()) throw std::runtime_error("no telnet-proxy address");
  return port_of(state_->addresses.telnet_proxy.front());
}

std::uint16_t DaemonProcess::http_proxy_port() const {
  if (state_->addresses.http_proxy.empty()) throw std::runtime_error("no http-proxy address");
  return port_of(state_->addresses.http_proxy.front());
}

const std::string& DaemonProcess::config_path() const { return state_->config_path; }

const std::vector<std::string>& DaemonProcess::telnet_addresses() const {
  return state_->addresses.telnet;
}

const std::vector<std::string>& DaemonProcess::http_addresses() const {
  return state_->addresses.http;
}

pid_t DaemonProcess::pid() const { return state_->pid; }

void DaemonProcess::send_signal(int sig) {
  if (state_->exit_status) throw std::runtime_error("send_signal: charfinder already exited");
  if (::kill(state_->pid, sig) != 0) throw std::runtime_error(errno_text("kill"));
}

std::optional<int> DaemonProcess::wait_exit(std::chrono::milliseconds deadline) {
  State& state = *state_;
  if (state.exit_status) return state.exit_status;
  const auto until = std::chrono::steady_clock::now() + arrival_deadline(deadline);
  for (;;) {
    int status = 0;
    const pid_t reaped = ::waitpid(state.pid, &status, WNOHANG);
    if (reaped == state.pid) {
      state.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // The child is gone but its last lines may still be in the pipe: wait for the
      // drainer to reach EOF, so log() is complete when wait_exit returns.
      std::unique_lock lock(state.mutex);
      state.changed.wait_for(lock, 5s, [&] { return state.eof; });
      return state.exit_status;
    }
    if (reaped < 0 && errno != EINTR) throw std::runtime_error(errno_text("waitpid"));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left <= 0ms) return std::nullopt;
    if (state.pidfd >= 0) {
      pollfd fd{state.pidfd, POLLIN, 0};
      ::poll(&fd, 1, static_cast<int>(left.count()) + 1);  // readable when the child exits
    } else {
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(left, 5ms));
    }
  }
}

std::string DaemonProcess::log() const {
  std::lock_guard lock(state_->mutex);
  return state_->log;
}

bool DaemonProcess::wait_for_log(std::string_view needle, std::chrono::milliseconds deadline) {
  std::unique_lock lock(state_->mutex);
  state_->changed.wait_for(lock, arrival_deadline(deadline), [&] {
    return state_->log.find(needle) != std::string::npos || state_->eof;
  });
  return state_->log.find(needle) != std::string::npos;
}

namespace {
std::size_t count_occurrences(const std::string& text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++count;
  return count;
}
}  // namespace

std::size_t DaemonProcess::count_in_log(std::string_view needle) const {
  std::lock_guard lock(state_->mutex);
  return count_occurrences(state_->log, needle);
}

bool DaemonProcess::wait_for_log_count(std::string_view needle, std::size_t count,
                                       std::chrono::milliseconds deadline) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, arrival_deadline(deadline), [&] {
    return count_occurrences(state_->log, needle) >= count || state_->eof;
  }) && count_occurrences(state_->log, needle) >= count;
}

}  // namespace charfinder
