// tests/e2e/test_listener.hpp: a listening socket owned by a test (to occupy a port, or to
// hand to the daemon as an activated socket).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

namespace charfinder {

// A listening socket owned by the test (to occupy a port, or to hand to the daemon).
class TestListener {
 public:
  explicit TestListener(const std::string& host = "127.0.0.1", std::uint16_t port = 0) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (host.find(':') == std::string::npos) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      ::inet_pton(AF_INET, host.c_str(), &v4->sin_addr);
      length = sizeof *v4;
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      ::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);
      length = sizeof *v6;
    }
    fd_ = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
          ::listen(fd_, 16) == 0;
    if (!ok_) error_ = std::generic_category().message(errno);
    if (ok_) {
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&storage), &length);
      port_ = ntohs(storage.ss_family == AF_INET
                        ? reinterpret_cast<sockaddr_in*>(&storage)->sin_port
                        : reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
    }
  }
  ~TestListener() { close(); }
  TestListener(const TestListener&) = delete;
  TestListener& operator=(const TestListener&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }  // why not ok()
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  bool ok_ = false;
  std::string error_;
  std::uint16_t port_ = 0;
};

inline bool has_ipv6_loopback() { return TestListener("::1").ok(); }

inline std::string addr(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

}  // namespace charfinder
