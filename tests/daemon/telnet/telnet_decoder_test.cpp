#include "daemon/telnet/telnet_decoder.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace charfinder {
namespace {

using namespace std::string_literals;

// Events as short strings, so a table can say what it expects.
std::string show(const TelnetEvent& event) {
  switch (event.kind) {
    case TelnetEvent::Kind::kLine:
      return "line:" + event.text;
    case TelnetEvent::Kind::kLineTooLong:
      return "too long";
    case TelnetEvent::Kind::kReply: {
      std::string out = "reply:";
      for (char c : event.text) out += std::to_string(static_cast<unsigned char>(c)) + " ";
      out.pop_back();
      return out;
    }
    case TelnetEvent::Kind::kEnd:
      switch (event.end) {
        case TelnetEnd::kInterrupt:
          return "end:interrupt";
        case TelnetEnd::kEndOfFile:
          return "end:eof";
        case TelnetEnd::kControlCharacter:
          return "end:control";
        case TelnetEnd::kNone:
          return "end:none";
      }
  }
  return "?";
}

std::vector<std::string> decode(TelnetDecoder& decoder, std::string_view bytes) {
  std::vector<std::string> out;
  for (const TelnetEvent& event : decoder.feed(bytes)) out.push_back(show(event));
  return out;
}

std::vector<std::string> decode_in_pieces(std::size_t max_line, std::string_view bytes,
                                          std::vector<std::size_t> cuts) {
  TelnetDecoder decoder(max_line);
  std::vector<std::string> out;
  std::size_t at = 0;
  cuts.push_back(bytes.size());
  for (std::size_t cut : cuts) {
    for (auto& e : decode(decoder, bytes.substr(at, cut - at))) out.push_back(e);
    at = cut;
  }
  return out;
}

const std::string IAC = "\xff";

struct Case {
  std::string name;
  std::string input;
  std::vector<std::string> expected;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      {"CR LF ends a line", "chess black\r\n", {"line:chess black"}},
      {"bare LF ends a line", "sun\n", {"line:sun"}},
      {"CR NUL ends a line", "sun\r\0"s, {"line:sun"}},
      {"bare CR ends a line at once", "sun\r", {"line:sun"}},
      {"bare CR then text: two lines", "a\rb\n", {"line:a", "line:b"}},
      {"CR LF LF: a line, then an empty one", "a\r\n\n", {"line:a", "line:"}},
      {"empty lines", "\r\n\r\n", {"line:", "line:"}},
      {"several lines in one read", "a\r\nb\r\nc\n", {"line:a", "line:b", "line:c"}},
      {"no line ending yet: nothing", "chess", {}},
      {"IAC IAC is the data byte 0xFF",
       "a" + IAC + IAC + "b\r\n",
       {"line:a\xff"
        "b"}},
      {"IAC NOP stripped",
       "s" + IAC +
           "\xf1"
           "un\r\n",
       {"line:sun"}},
      {"IAC DM and GA stripped",
       IAC +
           "\xf2"
           "s" +
           IAC +
           "\xf9"
           "un\n",
       {"line:sun"}},
      {"IAC AYT ignored", "x" + IAC + "\xf6\n", {"line:x"}},
      {"IAC SB ... IAC SE stripped",
       "su" + IAC + "\xfa\x18\x00xterm"s + IAC + "\xf0n\r\n",
       {"line:sun"}},
      {"IAC IAC inside SB does not end it",
       "a" + IAC + "\xfa\x18" + IAC + IAC +
           "\xf0"
           "b" +
           IAC +
           "\xf0"
           "c\n",
       {"line:ac"}},
      {"IAC EC erases a character", "sunx" + IAC + "\xf7\n", {"line:sun"}},
      {"IAC EC erases a whole UTF-8 character", "a\xe2\x98\x83" + IAC + "\xf7\n", {"line:a"}},
      {"IAC EL erases the line",
       "garbage" + IAC +
           "\xf8"
           "sun\n",
       {"line:sun"}},
      {"DO x gets WONT x", IAC + "\xfd\x01", {"reply:255 252 1"}},
      {"WILL x gets DONT x", IAC + "\xfb\x18", {"reply:255 254 24"}},
      {"DONT and WONT need no answer", IAC + "\xfe\x01" + IAC + "\xfc\x03", {}},
      {"a repeated DO gets no second refusal",
       IAC + "\xfd\x03" + IAC + "\xfd\x03",
       {"reply:255 252 3"}},
      {"negotiation inside a line", "su" + IAC + "\xfd\x03n\r\n", {"reply:255 252 3", "line:sun"}},
      {"IAC IP ends", "abc" + IAC + "\xf4", {"end:interrupt"}},
      {"IAC BRK ends", IAC + "\xf3", {"end:interrupt"}},
      {"IAC ABORT ends", IAC + "\xee", {"end:interrupt"}},
      {"IAC SUSP ends", IAC + "\xed", {"end:interrupt"}},
      {"IAC EOF ends", IAC + "\xec", {"end:eof"}},
      {"Ctrl-C then DO TIMING-MARK: end, then the refusal",
       IAC + "\xf4" + IAC + "\xfd\x06",
       {"end:interrupt", "reply:255 252 6"}},
      {"Ctrl-D at line start ends", "\x04", {"end:eof"}},
      {"Ctrl-D inside a line ends",
       "ab\x04"
       "cd\n",
       {"end:eof"}},
      {"ESC at line start ends at once (arrow key)", "\x1b[A", {"end:control"}},
      {"raw Ctrl-C byte at line start ends", "\x03", {"end:control"}},
      {"TAB at line start ends", "\tsun\n", {"end:control"}},
      {"DEL at line start ends", "\x7f", {"end:control"}},
      {"C1 control at line start ends",
       "\xc2\x9b"
       "A\n",
       {"end:control"}},
      {"U+00A0 at line start is not a control", "\xc2\xa0x\n", {"line:\xc2\xa0x"}},
      // Found by tests/fuzz/telnet_decoder_fuzz (corpus: regress-c1-after-erase).
      {"C1 control at line start after erasing back to C2 ends",
       "\xc2\x01\x7f\x9d"
       "x\n",
       {"end:control"}},
      {"C1 control at line start after IAC EC back to C2 ends",
       "\xc2z\xff\xf7\x85"
       "x\n",
       {"end:control"}},
      {"control inside a line is data",
       "a\x1b"
       "b\n",
       {"line:a\x1b"
        "b"}},
      {"Backspace and DEL inside a line erase", "sunx\x08 \x7f\n", {"line:sun"}},
      {"DEL erases a whole UTF-8 character",
       "a\xe2\x98\x83\x7f"
       "b\n",
       {"line:ab"}},
      {"Backspace at line start ends (a control character)", "\x08", {"end:control"}},
      {"a line after a good one may end the session", "sun\n\x1b", {"line:sun", "end:control"}},
      {"nothing after the end but negotiation",
       IAC +
           "\xf4"
           "sun\n" +
           IAC + "\xfb\x01",
       {"end:interrupt", "reply:255 254 1"}},
      {"UTF-8 passes through", "\xe2\x98\x83\r\n", {"line:\xe2\x98\x83"}},
  };
  return table;
}

}  // namespace

TEST_CASE("telnet decoder: table of inputs", "[telnet][decoder]") {
  for (const Case& c : cases()) {
    CAPTURE(c.name);
    CHECK(decode_in_pieces(1024, c.input, {}) == c.expected);
  }
}

TEST_CASE("telnet decoder: same events however the bytes are split", "[telnet][decoder]") {
  for (const Case& c : cases()) {
    CAPTURE(c.name);
    for (std::size_t cut = 1; cut < c.input.size(); ++cut) {
      CAPTURE(cut);
      CHECK(decode_in_pieces(1024, c.input, {cut}) == c.expected);
    }
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < c.input.size(); ++i) every.push_back(i);
    CHECK(decode_in_pieces(1024, c.input, every) == c.expected);
  }
}

TEST_CASE("telnet decoder: every option is refused once per direction", "[telnet][decoder]") {
  TelnetDecoder decoder(1024);
  for (int option = 0; option < 256; ++option) {
    CAPTURE(option);
    const std::string o(1, static_cast<char>(option));
    const std::string refuse_do = "reply:255 252 " + std::to_string(option);
    const std::string refuse_will = "reply:255 254 " + std::to_string(option);
    // IAC, the verb (DO FD, WILL FB, DONT FE, WONT FC), the option.
    const auto ask = [&](const char* verb) {
      std::string bytes = IAC;
      bytes += verb;
      bytes += o;
      return bytes;
    };
    CHECK(decode(decoder, ask("\xfd")) == std::vector<std::string>{refuse_do});
    CHECK(decode(decoder, ask("\xfb")) == std::vector<std::string>{refuse_will});
    // A peer that keeps asking (or answers our refusal with a request) gets no loop.
    CHECK(decode(decoder, ask("\xfd") + ask("\xfb")).empty());
    CHECK(decode(decoder, ask("\xfe") + ask("\xfc")).empty());
  }
}

TEST_CASE("telnet decoder: an overlong line is reported once and never buffered",
          "[telnet][decoder]") {
  const std::size_t max_line = 1024;
  for (std::size_t chunk : {1u, 7u, 1000u, 4096u, 65536u}) {
    CAPTURE(chunk);
    TelnetDecoder decoder(max_line);
    const std::string mib(1 << 20, 'x');
    std::size_t too_long = 0;
    std::size_t other_events = 0;
    std::size_t most_buffered = 0;
    for (std::size_t at = 0; at < mib.size(); at += chunk) {
      for (const TelnetEvent& e : decoder.feed(std::string_view(mib).substr(at, chunk)))
        ++(e.kind == TelnetEvent::Kind::kLineTooLong ? too_long : other_events);
      most_buffered = std::max(most_buffered, decoder.buffered());
    }
    CHECK(too_long == 1);
    CHECK(other_events == 0);
    CHECK(most_buffered <= max_line);
    // The line ending closes the discarded line quietly; the next line is whole.
    CHECK(decode(decoder, "\r\nsun\r\n") == std::vector<std::string>{"line:sun"});
  }
}

TEST_CASE("telnet decoder: the line limit is inclusive", "[telnet][decoder]") {
  TelnetDecoder decoder(4);
  CHECK(decode(decoder, "abcd\n") == std::vector<std::string>{"line:abcd"});
  CHECK(decode(decoder, "abcde\nok\n") == std::vector<std::string>{"too long", "line:ok"});
  // IAC sequences do not count: only the line's own bytes do.
  CHECK(decode(decoder, "ab" + IAC + "\xf1" + IAC +
                            "\xf1"
                            "cd\n") == std::vector<std::string>{"line:abcd"});
  // Ctrl-D still ends the session while an overlong line is being discarded.
  CHECK(decode(decoder, "abcdefgh\x04") == std::vector<std::string>{"too long", "end:eof"});
}

TEST_CASE("telnet decoder: a subnegotiation that never ends holds no memory", "[telnet][decoder]") {
  TelnetDecoder decoder(16);
  CHECK(decode(decoder, IAC + "\xfa\x18").empty());
  const std::string junk(1 << 16, 'y');
  for (int i = 0; i < 16; ++i) CHECK(decode(decoder, junk).empty());
  CHECK(decoder.buffered() == 0);
  CHECK(decode(decoder, IAC + "\xf0"
                              "sun\n") == std::vector<std::string>{"line:sun"});
}

}  // namespace charfinder

namespace charfinder {

TEST_CASE("telnet decoder: the end carries the replies that must precede the goodbye",
          "[telnet][decoder]") {
  const std::string iac = "\xff";
  TelnetDecoder decoder(1024);
  // Ctrl-C as a client sends it: IAC IP IAC DO TIMING-MARK; the refusal goes first.
  const auto& events = decoder.feed(iac + "\xf4" + iac + "\xfd\x06");
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == TelnetEvent::Kind::kEnd);
  CHECK(events[0].text == iac + "\xfc\x06");
  // Replies before the end are their own events only.
  TelnetDecoder other(1024);
  const auto& before = other.feed(iac + "\xfd\x03" + iac + "\xf4");
  REQUIRE(before.size() == 2);
  CHECK(before[1].kind == TelnetEvent::Kind::kEnd);
  CHECK(before[1].text.empty());
}

}  // namespace charfinder
