#include "daemon/proxy/proxy_protocol.hpp"

#include <arpa/inet.h>  // inet_pton, inet_ntop: pure conversions, no sockets

#include <array>
#include <cstring>
#include <vector>

namespace charfinder {
namespace {

constexpr std::string_view kV1Prefix = "PROXY ";
constexpr std::string_view kV2Signature{"\r\n\r\n\0\r\nQUIT\n", 12};
constexpr std::size_t kV2FixedBytes = 16;

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t space = line.find(' ', start);
    fields.push_back(line.substr(start, space - start));
    if (space == std::string_view::npos) return fields;
    start = space + 1;
  }
}

bool parse_port(std::string_view text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5 || (text.size() > 1 && text[0] == '0')) return false;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

// Parses `text` as an address of `family` and writes its canonical form (so "2001:DB8::1"
// and "2001:db8:0::1" both become "2001:db8::1", the form the per-IP limit counts by).
bool parse_address(std::string_view text, int family, std::string& canonical) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return false;
  char zero_terminated[INET6_ADDRSTRLEN] = {};
  std::memcpy(zero_terminated, text.data(), text.size());
  unsigned char binary[16];
  if (::inet_pton(family, zero_terminated, binary) != 1) return false;
  char out[INET6_ADDRSTRLEN];
  if (::inet_ntop(family, binary, out, sizeof out) == nullptr) return false;
  canonical = out;
  return true;
}

std::string format_address(int family, const unsigned char* binary) {
  char out[INET6_ADDRSTRLEN];
  if (::inet_ntop(family, binary, out, sizeof out) == nullptr) return {};
  return out;
}

std::uint16_t read_u16(const unsigned char* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

bool valid_v2_family(unsigned char family) {
  switch (family) {
    case 0x00:
    case 0x11:
    case 0x12:
    case 0x21:
    case 0x22:
    case 0x31:
    case 0x32:
      return true;
    default:
      return false;
  }
}

}  // namespace

ProxyHeaderParser::Progress ProxyHeaderParser::feed(std::string_view bytes, ProxyHeader& out) {
  if (state_ == State::kDone) return {Result::kBad, 0, "PROXY: parser fed after the header"};
  if (bytes.empty()) return {Result::kNeedMore, 0};
  if (state_ == State::kStart) {
    if (bytes[0] == 'P') {
      state_ = State::kV1;
    } else if (bytes[0] == '\r') {
      state_ = State::kV2;
    } else {
      state_ = State::kDone;
      return {Result::kBad, 0, "PROXY: no PROXY protocol header"};
    }
  }
  Progress progress = state_ == State::kV1 ? feed_v1(bytes, out) : feed_v2(bytes, out);
  if (progress.result != Result::kNeedMore) state_ = State::kDone;
  return progress;
}

ProxyHeaderParser::Progress ProxyHeaderParser::feed_v1(std::string_view bytes, ProxyHeader& out) {
  std::size_t used = 0;
  while (used < bytes.size()) {
    const char c = bytes[used++];
    buffer_.push_back(c);
    const std::size_t at = buffer_.size() - 1;
    if (at < kV1Prefix.size()) {
      if (c != kV1Prefix[at]) {
        // The same first byte as "PROXY " but not the signature: not a PROXY header at all.
        return {Result::kBad, used, "PROXY: no PROXY protocol header"};
      }
      continue;
    }
    if (c == '\n') break;
    if (buffer_.size() >= kMaxProxyV1Bytes)
      return {Result::kBad, used, "PROXY v1: header too long"};
  }
  if (buffer_.back() != '\n') return {Result::kNeedMore, used};
  if (buffer_.size() < 2 || buffer_[buffer_.size() - 2] != '\r')
    return {Result::kBad, used, "PROXY v1: line does not end in CRLF"};

  const std::string_view line =
      std::string_view(buffer_).substr(kV1Prefix.size(), buffer_.size() - kV1Prefix.size() - 2);
  for (char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
      return {Result::kBad, used, "PROXY v1: control or non-ASCII byte in the header"};
  }
  ProxyHeader header;
  header.version = 1;
  const std::vector<std::string_view> fields = split_spaces(line);
  if (fields[0] == "UNKNOWN") {  // the rest of the line is to be ignored (spec 2.1)
    out = std::move(header);
    return {Result::kComplete, used};
  }
  int family = 0;
  if (fields[0] == "TCP4") {
    family = AF_INET;
  } else if (fields[0] == "TCP6") {
    family = AF_INET6;
    header.ipv6 = true;
  } else {
    return {Result::kBad, used, "PROXY v1: protocol is not TCP4, TCP6 or UNKNOWN"};
  }
  if (fields.size() != 5) return {Result::kBad, used, "PROXY v1: expected 5 fields"};
  if (!parse_address(fields[1], family, header.source_address))
    return {Result::kBad, used, "PROXY v1: bad source address"};
  if (!parse_address(fields[2], family, header.destination_address))
    return {Result::kBad, used, "PROXY v1: bad destination address"};
  if (!parse_port(fields[3], header.source_port))
    return {Result::kBad, used, "PROXY v1: bad source port"};
  if (!parse_port(fields[4], header.destination_port))
    return {Result::kBad, used, "PROXY v1: bad destination port"};
  header.has_addresses = true;
  out = std::move(header);
  return {Result::kComplete, used};
}

ProxyHeaderParser::Progress ProxyHeaderParser::feed_v2(std::string_view bytes, ProxyHeader& out) {
  std::size_t used = 0;
  // The fixed part, checked byte by byte so garbage is refused as soon as it shows.
  while (buffer_.size() < kV2FixedBytes && used < bytes.size()) {
    const char c = bytes[used++];
    const std::size_t at = buffer_.size();
    buffer_.push_back(c);
    const auto byte = static_cast<unsigned char>(c);
    if (at < kV2Signature.size()) {
      if (c != kV2Signature[at]) return {Result::kBad, used, "PROXY: no PROXY protocol header"};
    } else if (at == 12) {
      if ((byte & 0xf0) != 0x20) return {Result::kBad, used, "PROXY v2: version is not 2"};
      if ((byte & 0x0f) > 1) return {Result::kBad, used, "PROXY v2: command is not LOCAL or PROXY"};
    } else if (at == 13) {
      if (!valid_v2_family(byte))
        return {Result::kBad, used, "PROXY v2: unknown address family or transport"};
    } else if (at == 15) {
      const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data());
      if (read_u16(p + 14) > kMaxProxyV2Length)
        return {Result::kBad, used, "PROXY v2: header longer than 4096 bytes"};
    }
  }
  if (buffer_.size() < kV2FixedBytes) return {Result::kNeedMore, used};

  const auto* fixed = reinterpret_cast<const unsigned char*>(buffer_.data());
  const std::size_t total = kV2FixedBytes + read_u16(fixed + 14);
  const std::size_t take = std::min(total - buffer_.size(), bytes.size() - used);
  buffer_.append(bytes.substr(used, take));
  used += take;
  if (buffer_.size() < total) return {Result::kNeedMore, used};

  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data());
  const unsigned char command = p[12] & 0x0f;
  const unsigned char family = p[13];
  const std::size_t length = total - kV2FixedBytes;
  const unsigned char* block = p + kV2FixedBytes;
  ProxyHeader header;
  header.version = 2;
  if (command == 1 && family == 0x11) {
    if (length < 12) return {Result::kBad, used, "PROXY v2: IPv4 address block too short"};
    header.source_address = format_address(AF_INET, block);
    header.destination_address = format_address(AF_INET, block + 4);
    header.source_port = read_u16(block + 8);
    header.destination_port = read_u16(block + 10);
    header.has_addresses = true;
  } else if (command == 1 && family == 0x21) {
    if (length < 36) return {Result::kBad, used, "PROXY v2: IPv6 address block too short"};
    header.ipv6 = true;
    header.source_address = format_address(AF_INET6, block);
    header.destination_address = format_address(AF_INET6, block + 16);
    header.source_port = read_u16(block + 32);
    header.destination_port = read_u16(block + 34);
    header.has_addresses = true;
  }
  // LOCAL, UNSPEC, UDP, UNIX: the addresses (if any) and TLVs are skipped; the real peer
  // stays. TLVs after the addresses are skipped too: we use none of them.
  out = std::move(header);
  return {Result::kComplete, used};
}

std::string make_proxy_v1(std::string_view source, std::uint16_t source_port,
                          std::string_view destination, std::uint16_t destination_port) {
  if (source.empty() || destination.empty()) return "PROXY UNKNOWN\r\n";
  const bool v6 = source.find(':') != std::string_view::npos;
  std::string line = v6 ? "PROXY TCP6 " : "PROXY TCP4 ";
  line.append(source).append(" ").append(destination);
  line += " " + std::to_string(source_port) + " " + std::to_string(destination_port) + "\r\n";
  return line;
}

std::string make_proxy_v2(std::string_view source, std::uint16_t source_port,
                          std::string_view destination, std::uint16_t destination_port) {
  std::string out(kV2Signature);
  if (source.empty() || destination.empty()) {
    out += std::string("\x20\x00\x00\x00", 4);  // LOCAL, UNSPEC, no address block
    return out;
  }
  const bool v6 = source.find(':') != std::string_view::npos;
  const int family = v6 ? AF_INET6 : AF_INET;
  const std::size_t size = v6 ? 16 : 4;
  std::array<unsigned char, 16> src{}, dst{};
  const std::string s(source), d(destination);
  ::inet_pton(family, s.c_str(), src.data());
  ::inet_pton(family, d.c_str(), dst.data());
  const std::size_t length = 2 * size + 4;
  out.push_back('\x21');                // version 2, PROXY
  out.push_back(v6 ? '\x21' : '\x11');  // TCP over IPv6 / IPv4
  out.push_back(static_cast<char>(length >> 8));
  out.push_back(static_cast<char>(length & 0xff));
  out.append(reinterpret_cast<const char*>(src.data()), size);
  out.append(reinterpret_cast<const char*>(dst.data()), size);
  for (std::uint16_t port : {source_port, destination_port}) {
    out.push_back(static_cast<char>(port >> 8));
    out.push_back(static_cast<char>(port & 0xff));
  }
  return out;
}

}  // namespace charfinder
