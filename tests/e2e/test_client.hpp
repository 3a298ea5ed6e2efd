// tests/e2e/test_client.hpp
//
// A small blocking TCP client for end-to-end tests (POSIX sockets, loopback only). Every
// wait has a deadline; failures throw std::runtime_error whose message says what was
// received so far, so a failed test shows the conversation.
//
//   auto client = TestClient::connect(daemon.telnet_port());
//   client.read_until("?> ", 5s);
//   client.send_all("chess black\r\n");
//   std::string answer = client.read_until("?> ", 5s);
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace charfinder {

class TestClient {
 public:
  // Connects to host:port (an IPv4 or IPv6 literal) within `timeout`. `receive_buffer`
  // (bytes, 0: system default) sets SO_RCVBUF before connecting, so the TCP window stays
  // small: use it to make the server meet back-pressure.
  static TestClient connect(std::uint16_t port,
                            std::chrono::milliseconds timeout = std::chrono::seconds(5),
                            const std::string& host = "127.0.0.1", int receive_buffer = 0);

  TestClient(TestClient&& other) noexcept;
  TestClient& operator=(TestClient&& other) noexcept;
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;
  ~TestClient();

  void send_all(std::string_view bytes);  // throws when the peer is gone
  // Returns everything up to and including the first `needle`; what follows it stays
  // buffered for the next read. Throws on EOF or when `deadline` passes first.
  std::string read_until(std::string_view needle, std::chrono::milliseconds deadline);
  // Same, but nullopt instead of throwing (then nothing is consumed).
  std::optional<std::string> try_read_until(std::string_view needle,
                                            std::chrono::milliseconds deadline);
  // Everything until the server closes the connection (EOF or reset); throws on timeout.
  std::string read_to_eof(std::chrono::milliseconds deadline);
  // Reads whatever arrives within `deadline` (at least one read attempt); "" on timeout.
  std::string read_some(std::chrono::milliseconds deadline);

  void set_receive_buffer(int bytes);  // SO_RCVBUF now (affects the window less than connect's)
  void shutdown_write();               // half-close: the server sees EOF
  void close();
  bool closed_by_peer() const { return eof_; }
  int fd() const { return fd_; }
  const std::string& buffered() const { return buffer_; }

 private:
  explicit TestClient(int fd) : fd_(fd) {}
  // Reads once into buffer_, waiting at most until `until`. false on timeout; sets eof_.
  bool fill(std::chrono::steady_clock::time_point until);

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace charfinder
