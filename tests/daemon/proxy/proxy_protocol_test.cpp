#include "daemon/proxy/proxy_protocol.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace charfinder {
namespace {

using Result = ProxyHeaderParser::Result;

std::string v2(std::string_view after_signature) {
  return std::string("\r\n\r\n\0\r\nQUIT\n", 12) + std::string(after_signature);
}

struct Good {
  const char* name;
  std::string wire;  // the header alone
  bool has_addresses;
  const char* source;
  std::uint16_t source_port;
  const char* destination;
  std::uint16_t destination_port;
};

const std::vector<Good>& good_cases() {
  static const std::vector<Good> cases = {
      {"v1 TCP4", "PROXY TCP4 192.0.2.7 198.51.100.1 56324 2323\r\n", true, "192.0.2.7", 56324,
       "198.51.100.1", 2323},
      {"v1 TCP6, canonicalised", "PROXY TCP6 2001:DB8:0::7 ::1 65535 8888\r\n", true, "2001:db8::7",
       65535, "::1", 8888},
      {"v1 port 0", "PROXY TCP4 10.0.0.1 10.0.0.2 0 0\r\n", true, "10.0.0.1", 0, "10.0.0.2", 0},
      {"v1 UNKNOWN", "PROXY UNKNOWN\r\n", false, "", 0, "", 0},
      {"v1 UNKNOWN with ignored rest", "PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n", false, "", 0, "",
       0},
      {"v1 UNKNOWN worst case, 107 bytes",
       "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
       "65535 65535\r\n",
       false, "", 0, "", 0},
      {"v1 TCP6 longest, 104 bytes",
       "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
       "65535 65535\r\n",
       true, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535,
       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535},
      {"v2 PROXY TCP4", make_proxy_v2("192.0.2.7", 56324, "198.51.100.1", 2323), true, "192.0.2.7",
       56324, "198.51.100.1", 2323},
      {"v2 PROXY TCP6", make_proxy_v2("2001:db8::7", 1, "2001:db8::1", 8888), true, "2001:db8::7",
       1, "2001:db8::1", 8888},
      {"v2 LOCAL (a health check)", make_proxy_v2("", 0, "", 0), false, "", 0, "", 0},
      {"v2 LOCAL with an ignored address block",
       v2(std::string("\x20\x11\x00\x0c", 4) + std::string(12, '\x01')), false, "", 0, "", 0},
      {"v2 PROXY TCP4 with TLVs after the addresses",
       v2(std::string("\x21\x11\x00\x13", 4) + std::string("\xc0\x00\x02\x07", 4) +
          std::string("\x0a\x00\x00\x01", 4) + std::string("\x01\x02\x03\x04", 4) +
          std::string("\x04\x00\x04", 3) + "abcd"),  // PP2_TYPE_NOOP, 4 bytes
       true, "192.0.2.7", 0x0102, "10.0.0.1", 0x0304},
      {"v2 PROXY UNSPEC", v2(std::string("\x21\x00\x00\x00", 4)), false, "", 0, "", 0},
      {"v2 PROXY UDP4 falls back to the real peer",
       v2(std::string("\x21\x12\x00\x0c", 4) + std::string(12, '\x02')), false, "", 0, "", 0},
      {"v2 PROXY UNIX stream falls back to the real peer",
       v2(std::string("\x21\x31\x00\xd8", 4) + std::string(216, '\0')), false, "", 0, "", 0},
  };
  return cases;
}

struct Bad {
  const char* name;
  std::string wire;
  const char* error;  // a substring of the error
};

const std::vector<Bad>& bad_cases() {
  static const std::vector<Bad> cases = {
      {"HTTP instead of a header", "GET / HTTP/1.1\r\n\r\n", "no PROXY protocol header"},
      {"telnet text instead of a header", "chess black\r\n", "no PROXY protocol header"},
      {"P but not PROXY", "PUT / HTTP/1.1\r\n", "no PROXY protocol header"},
      {"lower-case proxy", "Proxy TCP4 1.2.3.4 1.2.3.5 1 2\r\n", "no PROXY protocol header"},
      {"CR but not the v2 signature", "\r\nGET /\r\n", "no PROXY protocol header"},
      {"v1 bare LF", "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\n", "CRLF"},
      {"v1 bare CR inside", "PROXY TCP4 1.2.3.4\r1.2.3.5 1 2\r\n", "control"},
      {"v1 too long", "PROXY UNKNOWN " + std::string(100, 'x') + "\r\n", "too long"},
      {"v1 TCP5", "PROXY TCP5 1.2.3.4 1.2.3.5 1 2\r\n", "protocol"},
      {"v1 missing port", "PROXY TCP4 1.2.3.4 1.2.3.5 1\r\n", "5 fields"},
      {"v1 extra field", "PROXY TCP4 1.2.3.4 1.2.3.5 1 2 3\r\n", "5 fields"},
      {"v1 double space", "PROXY TCP4  1.2.3.4 1.2.3.5 1 2\r\n", "5 fields"},
      {"v1 IPv6 in TCP4", "PROXY TCP4 ::1 ::1 1 2\r\n", "source address"},
      {"v1 IPv4 in TCP6", "PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "source address"},
      {"v1 octet over 255", "PROXY TCP4 1.2.3.4 1.2.3.256 1 2\r\n", "destination address"},
      {"v1 leading zero in an address", "PROXY TCP4 01.2.3.4 1.2.3.5 1 2\r\n", "source address"},
      {"v1 host name", "PROXY TCP4 localhost 1.2.3.5 1 2\r\n", "source address"},
      {"v1 port over 65535", "PROXY TCP4 1.2.3.4 1.2.3.5 65536 2\r\n", "source port"},
      {"v1 port with leading zero", "PROXY TCP4 1.2.3.4 1.2.3.5 1 02\r\n", "destination port"},
      {"v1 negative port", "PROXY TCP4 1.2.3.4 1.2.3.5 -1 2\r\n", "source port"},
      {"v1 non-ASCII", "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\xc3\xa9\r\n", "non-ASCII"},
      {"v2 version 1 in the v2 format", v2(std::string("\x11\x11\x00\x0c", 4)), "version"},
      {"v2 command 2", v2(std::string("\x22\x11\x00\x0c", 4)), "command"},
      {"v2 family 4", v2(std::string("\x21\x41\x00\x0c", 4)), "family"},
      {"v2 transport 3", v2(std::string("\x21\x13\x00\x0c", 4)), "family"},
      {"v2 length over the cap", v2(std::string("\x21\x11\x10\x01", 4)), "longer"},
      {"v2 IPv4 block too short", v2(std::string("\x21\x11\x00\x08", 4) + std::string(8, '\x01')),
       "too short"},
      {"v2 IPv6 block too short", v2(std::string("\x21\x21\x00\x0c", 4) + std::string(12, '\x01')),
       "too short"},
  };
  return cases;
}

const std::string kPayload = "GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n";

void check_header(const Good& c, const ProxyHeader& h) {
  CHECK(h.version == (c.wire[0] == 'P' ? 1 : 2));
  CHECK(h.has_addresses == c.has_addresses);
  CHECK(h.source_address == c.source);
  CHECK(h.source_port == c.source_port);
  CHECK(h.destination_address == c.destination);
  CHECK(h.destination_port == c.destination_port);
}

TEST_CASE("PROXY headers parse whole, and leave the client's bytes alone", "[proxy]") {
  for (const Good& c : good_cases()) {
    CAPTURE(c.name);
    ProxyHeaderParser parser;
    ProxyHeader header;
    const std::string wire = c.wire + kPayload;
    const auto progress = parser.feed(wire, header);
    REQUIRE(progress.result == Result::kComplete);
    CHECK(progress.consumed == c.wire.size());
    check_header(c, header);
  }
}

TEST_CASE("PROXY headers parse the same however the bytes are split", "[proxy]") {
  for (const Good& c : good_cases()) {
    const std::string wire = c.wire + kPayload;
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
      CAPTURE(c.name, cut);
      ProxyHeaderParser parser;
      ProxyHeader header;
      const std::string_view first = std::string_view(wire).substr(0, cut);
      const auto p1 = parser.feed(first, header);
      std::size_t consumed = p1.consumed;
      if (cut < c.wire.size()) {
        REQUIRE(p1.result == Result::kNeedMore);
        REQUIRE(p1.consumed == cut);
        CHECK(parser.started());
        const auto p2 = parser.feed(std::string_view(wire).substr(cut), header);
        REQUIRE(p2.result == Result::kComplete);
        consumed += p2.consumed;
      } else {
        REQUIRE(p1.result == Result::kComplete);
      }
      CHECK(consumed == c.wire.size());
      check_header(c, header);
    }
  }
}

TEST_CASE("PROXY headers parse fed one byte at a time", "[proxy]") {
  for (const Good& c : good_cases()) {
    CAPTURE(c.name);
    ProxyHeaderParser parser;
    ProxyHeader header;
    std::size_t i = 0;
    Result result = Result::kNeedMore;
    for (; i < c.wire.size() && result == Result::kNeedMore; ++i)
      result = parser.feed(std::string_view(c.wire).substr(i, 1), header).result;
    REQUIRE(result == Result::kComplete);
    CHECK(i == c.wire.size());
    check_header(c, header);
  }
}

TEST_CASE("malformed PROXY headers are refused however the bytes are split", "[proxy]") {
  for (const Bad& c : bad_cases()) {
    const std::string wire = c.wire + kPayload;
    for (std::size_t cut = 0; cut < wire.size(); ++cut) {
      CAPTURE(c.name, cut);
      ProxyHeaderParser parser;
      ProxyHeader header;
      auto p = parser.feed(std::string_view(wire).substr(0, cut), header);
      if (p.result == Result::kNeedMore) {
        REQUIRE(p.consumed == cut);
        p = parser.feed(std::string_view(wire).substr(cut), header);
      }
      REQUIRE(p.result == Result::kBad);
      CHECK_THAT(std::string(p.error), Catch::Contains(c.error));
      CHECK(header.version == 0);  // `out` is left alone
      // Once refused, it stays refused.
      CHECK(parser.feed("PROXY UNKNOWN\r\n", header).result == Result::kBad);
    }
  }
}

TEST_CASE("a PROXY listener refuses a plain client at its first byte", "[proxy]") {
  for (std::string_view first : {"G", "c", "\x04", "\xff", " ", "\n"}) {
    CAPTURE(first);
    ProxyHeaderParser parser;
    ProxyHeader header;
    const auto p = parser.feed(first, header);
    CHECK(p.result == Result::kBad);
  }
}

TEST_CASE("a v1 header without its LF is refused at byte 107, not later", "[proxy]") {
  ProxyHeaderParser parser;
  ProxyHeader header;
  const std::string endless = "PROXY UNKNOWN " + std::string(500, 'x');
  const auto p = parser.feed(endless, header);
  CHECK(p.result == Result::kBad);
  CHECK(p.consumed == kMaxProxyV1Bytes);
}

TEST_CASE("the header builders round-trip through the parser", "[proxy]") {
  CHECK(make_proxy_v1("192.0.2.7", 1, "192.0.2.8", 2) == "PROXY TCP4 192.0.2.7 192.0.2.8 1 2\r\n");
  CHECK(make_proxy_v1("::1", 1, "::2", 2) == "PROXY TCP6 ::1 ::2 1 2\r\n");
  CHECK(make_proxy_v1("", 0, "", 0) == "PROXY UNKNOWN\r\n");
  for (const std::string& wire : {make_proxy_v1("2001:db8::5", 40000, "::1", 2323),
                                  make_proxy_v2("2001:db8::5", 40000, "::1", 2323)}) {
    ProxyHeaderParser parser;
    ProxyHeader header;
    REQUIRE(parser.feed(wire, header).result == Result::kComplete);
    CHECK(header.ipv6);
    CHECK(header.source_address == "2001:db8::5");
    CHECK(header.source_port == 40000);
  }
}

}  // namespace
}  // namespace charfinder
