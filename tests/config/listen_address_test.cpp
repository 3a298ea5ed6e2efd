#include "config/listen_address.hpp"

#include <catch2/catch.hpp>
#include <string>

using charfinder::ListenAddress;
using charfinder::parse_listen_address;

TEST_CASE("listen addresses: IPv4 and bracketed IPv6 literals with a port", "[config][address]") {
  struct Case {
    const char* text;
    ListenAddress expected;
    const char* written;  // to_string()
  };
  const Case cases[] = {
      {"127.0.0.1:2323", {"127.0.0.1", 2323}, "127.0.0.1:2323"},
      {"0.0.0.0:0", {"0.0.0.0", 0}, "0.0.0.0:0"},
      {"10.1.2.3:65535", {"10.1.2.3", 65535}, "10.1.2.3:65535"},
      {"[::1]:2323", {"::1", 2323}, "[::1]:2323"},
      {"[::]:8888", {"::", 8888}, "[::]:8888"},
      {"[2001:db8::17]:80", {"2001:db8::17", 80}, "[2001:db8::17]:80"},
      {"[::ffff:127.0.0.1]:1", {"::ffff:127.0.0.1", 1}, "[::ffff:127.0.0.1]:1"},
      {"127.0.0.1:00080", {"127.0.0.1", 80}, "127.0.0.1:80"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    auto parsed = parse_listen_address(c.text, error);
    REQUIRE(parsed);
    CHECK(*parsed == c.expected);
    CHECK(parsed->to_string() == c.written);
    CHECK(error.empty());
  }
}

TEST_CASE("malformed listen addresses are rejected with a reason", "[config][address]") {
  struct Case {
    const char* text;
    const char* reason;
  };
  const Case cases[] = {
      {"", "expected host:port"},
      {"x", "expected host:port"},
      {"127.0.0.1", "expected host:port"},
      {"2323", "expected host:port"},
      {"127.0.0.1:", "port 0..65535"},
      {"127.0.0.1:65536", "port 0..65535"},
      {"127.0.0.1:99999999999", "port 0..65535"},
      {"127.0.0.1:-1", "port 0..65535"},
      {"127.0.0.1:+80", "port 0..65535"},
      {"127.0.0.1:80x", "port 0..65535"},
      {"127.0.0.1: 80", "port 0..65535"},
      {"[::1]:65536", "port 0..65535"},
      {"[::1]:", "port 0..65535"},
      {":80", "expected a host"},
      {"localhost:80", "names such as localhost are not resolved"},
      {"example.com:80", "address literal"},
      {"256.0.0.1:80", "address literal"},
      {"1.2.3:80", "address literal"},
      {"01.2.3.4:80", "address literal"},
      {" 127.0.0.1:80", "address literal"},
      {"::1:80", "in brackets"},
      {"::1", "in brackets"},
      {"[::1]", "expected [IPv6]:port"},
      {"[::1", "expected [IPv6]:port"},
      {"[::1]80", "expected [IPv6]:port"},
      {"[127.0.0.1]:80", "IPv6 address literal inside the brackets"},
      {"[localhost]:80", "IPv6 address literal inside the brackets"},
      {"[]:80", "IPv6 address literal inside the brackets"},
      {"[fe80::1%eth0]:80", "IPv6 address literal inside the brackets"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    CHECK_FALSE(parse_listen_address(c.text, error));
    CHECK_THAT(error, Catch::Contains(c.reason));
    CHECK_THAT(error, Catch::EndsWith(std::string("got \"") + c.text + "\""));
  }
}

TEST_CASE("a host with a NUL inside is not the address before it", "[config][address]") {
  // inet_pton stops at the NUL; found by config_loader_fuzz (regress-nul-in-listen-host).
  for (const std::string& text :
       {std::string("127.0.0.1\0junk:80", 17), std::string("[::1\0]:80", 9),
        std::string("127.0.0.1\0:80", 13)}) {
    std::string error;
    CHECK_FALSE(parse_listen_address(text, error));
    CHECK_THAT(error, Catch::Contains("address literal"));
  }
}
