// tests/fuzz/telnet_decoder_fuzz.cpp
//
// libFuzzer target: TelnetDecoder on arbitrary bytes (IAC sequences, CR/LF/NUL endings,
// UTF-8, controls), fed all at once, in chunks whose sizes the input chooses, and a byte at
// a time. Byte 0 picks max_line_bytes (64..574), byte 1 seeds the chunk sizes.
// Properties: the three feeds give the same events in the same order; no line is longer
// than max_line_bytes, contains CR or LF, or starts with a control character (those end the
// session instead); the decoder never holds more than max_line_bytes; a reply is exactly
// IAC WONT x or IAC DONT x, each at most once per option; there is at most one end, and no
// line after it. The session writes the end's text (the refusals that came after the end in
// the same read, e.g. the TIMING-MARK answer) before its goodbye and reads nothing more, so
// the events are compared up to the end, without that text, which is checked on its own:
// exactly the replies that follow the end in the same feed.
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/telnet/telnet_decoder.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using charfinder::TelnetDecoder;
using charfinder::TelnetEvent;
namespace telnet = charfinder::telnet;

struct Event {
  TelnetEvent::Kind kind;
  charfinder::TelnetEnd end;
  std::string text;
  bool operator==(const Event&) const = default;
};

template <typename NextSize>
std::vector<Event> decode(std::string_view wire, std::size_t max_line, NextSize next_size) {
  TelnetDecoder decoder(max_line);
  std::vector<Event> events;
  std::bitset<256> wont, dont;
  bool ended = false;
  bool end_seen_in_this_feed = false;
  std::string end_text, after_end;  // the end's text; the replies after it in its feed
  for (std::size_t at = 0; at < wire.size();) {
    const std::string_view chunk = wire.substr(at, next_size());
    at += chunk.size();
    for (TelnetEvent& event : decoder.feed(chunk)) {
      switch (event.kind) {
        case TelnetEvent::Kind::kLine: {
          FUZZ_CHECK(!ended, "no line after the end");
          FUZZ_CHECK(event.text.size() <= max_line, "a line fits max_line_bytes");
          FUZZ_CHECK(event.text.find_first_of("\r\n") == std::string::npos, "no CR/LF in a line");
          FUZZ_CHECK(event.text.find('\x04') == std::string::npos, "Ctrl-D ends the session");
          if (!event.text.empty()) {
            const auto first = static_cast<unsigned char>(event.text[0]);
            FUZZ_CHECK(first >= 0x20 && first != 0x7F, "no line starts with C0 or DEL");
            if (first == 0xC2 && event.text.size() > 1) {
              const auto second = static_cast<unsigned char>(event.text[1]);
              FUZZ_CHECK(second < 0x80 || second > 0x9F, "no line starts with a C1 control");
            }
          }
          break;
        }
        case TelnetEvent::Kind::kLineTooLong:
          FUZZ_CHECK(!ended, "no overlong line after the end");
          FUZZ_CHECK(event.text.empty(), "an overlong line carries no text");
          break;
        case TelnetEvent::Kind::kReply: {
          FUZZ_CHECK(event.text.size() == 3, "a reply is IAC verb option");
          const auto iac = static_cast<unsigned char>(event.text[0]);
          const auto verb = static_cast<unsigned char>(event.text[1]);
          const auto opt = static_cast<unsigned char>(event.text[2]);
          FUZZ_CHECK(iac == telnet::kIac, "a reply starts with IAC");
          FUZZ_CHECK(verb == telnet::kWont || verb == telnet::kDont, "we only refuse");
          auto& seen = verb == telnet::kWont ? wont : dont;
          FUZZ_CHECK(!seen.test(opt), "each refusal is sent once (RFC 1143)");
          seen.set(opt);
          break;
        }
        case TelnetEvent::Kind::kEnd:
          FUZZ_CHECK(!ended, "one end per session");
          FUZZ_CHECK(event.end != charfinder::TelnetEnd::kNone, "an end says how");
          ended = true;
          end_seen_in_this_feed = true;
          end_text = std::move(event.text);
          after_end.clear();
          events.push_back({event.kind, event.end, {}});
          continue;
      }
      if (event.kind == TelnetEvent::Kind::kReply && ended) {
        if (!end_seen_in_this_feed) continue;  // the session has stopped reading
        after_end += event.text;
        continue;
      }
      events.push_back({event.kind, event.end, std::move(event.text)});
    }
    if (end_seen_in_this_feed)
      FUZZ_CHECK(end_text == after_end, "the end carries the replies after it in its read");
    end_seen_in_this_feed = false;
    FUZZ_CHECK(decoder.buffered() <= max_line, "memory bounded by max_line_bytes");
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max_line = 64 + 2 * static_cast<std::size_t>(data[0]);
  std::uint32_t state = data[1] * 2654435761u + 7;
  const std::size_t max_chunk = 1 + data[1] % 32;
  const std::string_view wire(reinterpret_cast<const char*>(data) + 2, size - 2);

  const auto whole = decode(wire, max_line, [&] { return wire.size(); });
  const auto chunked = decode(wire, max_line, [&] {
    state ^= state << 13, state ^= state >> 17, state ^= state << 5;
    return 1 + state % max_chunk;
  });
  FUZZ_CHECK(whole == chunked, "the same events however the bytes are split");
  const auto bytewise = decode(wire, max_line, [] { return std::size_t{1}; });
  FUZZ_CHECK(whole == bytewise, "the same events fed a byte at a time");
  return 0;
}
