#include "daemon/runtime/listen_sockets.hpp"

#include <asio/connect.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "daemon/ops/shard_counters.hpp"

namespace charfinder {
namespace {

using asio::ip::tcp;

std::vector<asio::io_context*> pointers(std::vector<std::unique_ptr<asio::io_context>>& ios) {
  std::vector<asio::io_context*> out;
  out.reserve(ios.size());
  for (auto& io : ios) out.push_back(io.get());
  return out;
}

}  // namespace

TEST_CASE("open_shard_acceptors: one port for every shard, also for port 0", "[listen]") {
  std::vector<std::unique_ptr<asio::io_context>> ios;
  ios.reserve(4);
  for (int i = 0; i < 4; ++i) ios.push_back(std::make_unique<asio::io_context>(1));
  std::string error;
  std::vector<tcp::acceptor> acceptors =
      open_shard_acceptors(pointers(ios), ListenAddress{"127.0.0.1", 0}, error);
  REQUIRE(error.empty());
  REQUIRE(acceptors.size() == 4);
  const unsigned short port = acceptors[0].local_endpoint().port();
  CHECK(port != 0);
  for (const tcp::acceptor& acceptor : acceptors) CHECK(acceptor.local_endpoint().port() == port);

  SECTION("a second set on the same port is refused: the probe has no SO_REUSEPORT") {
    std::string second_error;
    CHECK(open_shard_acceptors(pointers(ios), ListenAddress{"127.0.0.1", port}, second_error)
              .empty());
    CHECK(second_error ==
          "cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use");
  }
  SECTION("and so is a single socket (threads: 1)") {
    std::string single_error;
    CHECK_FALSE(open_acceptor(*ios[0], ListenAddress{"127.0.0.1", port}, single_error));
    CHECK(single_error.find("Address already in use") != std::string::npos);
  }
  SECTION("connections reach the shards' sockets") {
    asio::io_context client_io;
    std::vector<tcp::socket> clients;
    for (int i = 0; i < 32; ++i) {
      clients.emplace_back(client_io);
      clients.back().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    std::size_t accepted = 0;
    for (tcp::acceptor& acceptor : acceptors) {
      acceptor.non_blocking(true);
      for (;;) {
        std::error_code ec;
        tcp::socket peer = acceptor.accept(ec);
        if (ec) break;
        ++accepted;
      }
    }
    CHECK(accepted == 32);
  }
}

TEST_CASE("open_shard_acceptors: a port someone else holds is refused", "[listen]") {
  asio::io_context io(1);
  std::string error;
  std::optional<tcp::acceptor> held = open_acceptor(io, ListenAddress{"127.0.0.1", 0}, error);
  REQUIRE(held);
  const unsigned short port = held->local_endpoint().port();
  std::vector<asio::io_context*> shards{&io, &io};
  CHECK(open_shard_acceptors(shards, ListenAddress{"127.0.0.1", port}, error).empty());
  CHECK(error == "cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use");
}

TEST_CASE("ShardCounters: per-shard connection counts in the exposition", "[metrics]") {
  ShardCounters counters;
  std::string empty;
  counters.render(empty);
  CHECK(empty.empty());
  counters.resize(2);
  counters.opened(0);
  counters.opened(1);
  counters.opened(1);
  counters.closed(1);
  counters.opened(7);  // out of range: ignored
  std::string out;
  counters.render(out);
  CHECK(out.find("charfinder_shard_connections_total{shard=\"0\"} 1\n") != std::string::npos);
  CHECK(out.find("charfinder_shard_connections_total{shard=\"1\"} 2\n") != std::string::npos);
  CHECK(out.find("charfinder_shard_active_connections{shard=\"1\"} 1\n") != std::string::npos);
  CHECK(out.find("shard=\"7\"") == std::string::npos);
}

}  // namespace charfinder
