#include "tests/e2e/test_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "tests/e2e/sanitized_build.hpp"

namespace charfinder {
namespace {

using Clock = std::chrono::steady_clock;

std::runtime_error failure(const std::string& what, const std::string& received) {
  return std::runtime_error(what + "; received so far (" + std::to_string(received.size()) +
                            " bytes): \"" + received.substr(0, 4000) + "\"");
}

int millis_until(Clock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count()) + 1;
}

}  // namespace

TestClient TestClient::connect(std::uint16_t port, std::chrono::milliseconds timeout,
                               const std::string& host, int receive_buffer) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof *v4;
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof *v6;
  } else {
    throw std::runtime_error("TestClient: not an IP literal: " + host);
  }
  const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("socket: ") + std::generic_category().message(errno));
  TestClient client(fd);
  if (receive_buffer > 0) client.set_receive_buffer(receive_buffer);
  const std::string where = host + " port " + std::to_string(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    if (errno != EINPROGRESS)
      throw std::runtime_error("connect to " + where + ": " +
                               std::generic_category().message(errno));
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1)
      throw std::runtime_error("connect to " + where + ": timed out");
    int error = 0;
    socklen_t error_length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length);
    if (error != 0)
      throw std::runtime_error("connect to " + where + ": " +
                               std::generic_category().message(error));
  }
  return client;
}

TestClient::TestClient(TestClient&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)), eof_(other.eof_) {
  other.fd_ = -1;
}

TestClient& TestClient::operator=(TestClient&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    buffer_ = std::move(other.buffer_);
    eof_ = other.eof_;
    other.fd_ = -1;
  }
  return *this;
}

TestClient::~TestClient() { close(); }

void TestClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void TestClient::set_receive_buffer(int bytes) {
  if (::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) != 0)
    throw std::runtime_error(std::string("SO_RCVBUF: ") + std::generic_category().message(errno));
}

void TestClient::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

void TestClient::send_all(std::string_view bytes) {
  const auto until = Clock::now() + std::chrono::seconds(10);
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, millis_until(until)) == 0)
        throw std::runtime_error("send: peer did not read for 10 s");
      continue;
    }
    throw std::runtime_error(std::string("send: ") + std::generic_category().message(errno));
  }
}

bool TestClient::fill(Clock::time_point until) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, millis_until(until));
  if (ready <= 0) return false;
  char chunk[16384];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n > 0) {
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return true;
  eof_ = true;  // 0: orderly close; ECONNRESET and friends: the server is gone too
  return false;
}

std::optional<std::string> TestClient::try_read_until(std::string_view needle,
                                                      std::chrono::milliseconds deadline) {
  const auto until = Clock::now() + arrival_deadline(deadline);
  std::size_t searched = 0;
  for (;;) {
    const std::size_t at = buffer_.find(needle, searched);
    if (at != std::string::npos) {
      std::string out = buffer_.substr(0, at + needle.size());
      buffer_.erase(0, at + needle.size());
      return out;
    }
    searched = buffer_.size() >= needle.size() ? buffer_.size() - needle.size() + 1 : 0;
    if (Clock::now() >= until || eof_) return std::nullopt;
    fill(until);
  }
}

std::string TestClient::read_until(std::string_view needle, std::chrono::milliseconds deadline) {
  if (auto out = try_read_until(needle, deadline)) return *std::move(out);
  throw failure(std::string(eof_ ? "connection closed" : "timed out") + " before \"" +
                    std::string(needle) + "\"",
                buffer_);
}

std::string TestClient::read_to_eof(std::chrono::milliseconds deadline) {
  const auto until = Clock::now() + arrival_deadline(deadline);
  while (!eof_) {
    if (Clock::now() >= until) throw failure("timed out waiting for the server to close", buffer_);
    fill(until);
  }
  return std::exchange(buffer_, {});
}

std::string TestClient::read_some(std::chrono::milliseconds deadline) {
  if (buffer_.empty()) fill(Clock::now() + deadline);
  return std::exchange(buffer_, {});
}

}  // namespace charfinder
