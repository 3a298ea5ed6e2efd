// daemon/proxy/proxy_protocol.hpp
//
// Incremental parser for the PROXY protocol header, versions 1 (text) and 2 (binary), as
// HAProxy specifies it (doc/proxy-protocol.txt, "The PROXY protocol", revision 2020/03/05).
// A load balancer (HAProxy `send-proxy` / `send-proxy-v2`, nginx `proxy_protocol on`, AWS NLB)
// writes one such header at the very start of each connection it opens to a backend; it
// carries the address of the client the balancer is serving, so the backend's per-IP limit
// and its logs see the client, not the balancer.
//
// Wire formats (what feed() accepts; anything else is kBad):
//   v1: "PROXY TCP4 <src> <dst> <sport> <dport>\r\n"   src/dst dotted-quad IPv4
//       "PROXY TCP6 <src> <dst> <sport> <dport>\r\n"   src/dst IPv6 text (inet_pton)
//       "PROXY UNKNOWN[ anything]\r\n"                  no usable address: keep the real peer
//       at most 107 bytes including CRLF; single spaces; ports 0..65535 in decimal without
//       leading zeros.
//   v2: 12-byte signature 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A, then
//       byte 13: 0x20 | command (0 LOCAL: a balancer's own connection, e.g. a health check;
//                1 PROXY: relayed), byte 14: family << 4 | transport, bytes 15-16: length of
//       the rest (big-endian). PROXY over TCP/IPv4 (0x11) carries 4+4+2+2 address bytes,
//       TCP/IPv6 (0x21) 16+16+2+2, then optional TLVs (skipped). The other valid family
//       bytes (0x00 UNSPEC, 0x12/0x22 UDP, 0x31/0x32 UNIX) fall back to the real peer, as the
//       spec allows a receiver to. The length is capped at kMaxProxyV2Length.
// Which version is coming is told by the first byte ('P' or '\r'); the prefix is checked as
// bytes arrive, so a client that speaks HTTP or telnet to a PROXY listener is refused at its
// first byte instead of after a timeout.
//
// The header is mandatory where it is expected (the spec forbids guessing), and only there:
// the listeners decide (daemon/runtime/listener.cpp); this file knows nothing of sockets.
// Not thread-safe: one parser per connection. Pure: no Asio, no logging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace charfinder {

inline constexpr std::size_t kMaxProxyV1Bytes = 107;    // the spec's worst case, CRLF included
inline constexpr std::size_t kMaxProxyV2Length = 4096;  // address block + TLVs we accept

struct ProxyHeader {
  int version = 0;  // 1 or 2
  // True when the header names the client (v1 TCP4/TCP6, v2 PROXY over TCP/IPv4 or IPv6).
  // False for v1 UNKNOWN, v2 LOCAL and the v2 families we do not use: the connection's real
  // peer address stays in force then.
  bool has_addresses = false;
  bool ipv6 = false;
  std::string source_address;  // canonical text: "192.0.2.7", "2001:db8::7"
  std::uint16_t source_port = 0;
  std::string destination_address;
  std::uint16_t destination_port = 0;
};

class ProxyHeaderParser {
 public:
  enum class Result { kNeedMore, kComplete, kBad };
  struct Progress {
    Result result;
    std::size_t consumed;         // bytes of this input used; the rest is the client's data
    std::string_view error = {};  // why, iff kBad ("PROXY v1: bad source port")
  };

  // Parses the next bytes of the connection. kNeedMore: all of `bytes` was used (kept
  // inside, at most kMaxProxyV1Bytes or 16 + kMaxProxyV2Length), feed more. kComplete:
  // `out` holds the header and `consumed` bytes of this call belonged to it; the rest are the
  // first bytes of the client's own protocol. kBad: close the connection. After kComplete or
  // kBad the parser must not be fed again.
  Progress feed(std::string_view bytes, ProxyHeader& out);

  // True once any byte has arrived (for a log line: "no header" vs "incomplete header").
  bool started() const { return !buffer_.empty(); }

 private:
  enum class State { kStart, kV1, kV2, kDone };
  Progress feed_v1(std::string_view bytes, ProxyHeader& out);
  Progress feed_v2(std::string_view bytes, ProxyHeader& out);

  State state_ = State::kStart;
  std::string buffer_;  // the header bytes seen so far
};

// The v1 and v2 headers a balancer would send (for tests and tools); IPv4 or IPv6 by the
// address text. Empty addresses give "PROXY UNKNOWN\r\n" / a v2 LOCAL header.
std::string make_proxy_v1(std::string_view source, std::uint16_t source_port,
                          std::string_view destination, std::uint16_t destination_port);
std::string make_proxy_v2(std::string_view source, std::uint16_t source_port,
                          std::string_view destination, std::uint16_t destination_port);

}  // namespace charfinder
