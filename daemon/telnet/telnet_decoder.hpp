// daemon/telnet/telnet_decoder.hpp
//
// TelnetDecoder turns the bytes a telnet client sends into events: complete lines, an
// overlong line, the end of the session, and the negotiation replies we owe the client.
// It is incremental: feed whatever bytes arrived, in pieces of any size; it keeps its place
// (an IAC sequence or a CR may be split across reads). Pure: no I/O, no clock.
// Not thread-safe: one decoder per session.
//
// Rules (RFC 854, RFC 1143, DESIGN.md "The telnet prompt protocol"):
//   - Lines end with CR LF, CR NUL, a bare CR or a bare LF. A CR ends the line at once (so a
//     client that sends only CR is answered without waiting); one LF or NUL right after it is
//     the rest of that line ending and is skipped.
//   - Every IAC sequence is stripped from the data; line text never contains an IAC byte
//     except as the data byte 0xFF that IAC IAC stands for.
//   - Negotiation: we implement no option. DO x is answered WONT x and WILL x is answered
//     DONT x, once per option and direction for the session (RFC 1143: a refusal is never
//     re-sent in answer to a repeated request, so a confused peer cannot make us loop).
//     DONT and WONT need no answer: every option is already off.
//   - IAC SB ... IAC SE (subnegotiation) is skipped without being stored.
//   - IAC EC erases the last character of the line, IAC EL the whole line; NOP, DM, GA, AO,
//     AYT and unknown commands are ignored. Inside a line, BS (0x08) and DEL (0x7F) erase
//     the last character too (what a client in character mode sends for Backspace); other
//     control characters inside a line are kept (the status line shows them as \xNN).
//   - The session ends on IAC IP, BRK, ABORT, SUSP or EOF (a client's Ctrl-C, break, ...), on
//     the data byte 0x04 (Ctrl-D) anywhere, and on a line whose first character is a control
//     character (C0 other than the line ending, DEL, or C1 U+0080..U+009F). The latter is
//     reported as soon as that first character arrives, so an arrow key's ESC [ A or a
//     stray Ctrl-C byte in character mode ends the session without waiting for a newline.
//     After the end the decoder yields no more lines, but still answers negotiation (a
//     client sends IAC IP IAC DO TIMING-MARK for Ctrl-C and discards our output until the
//     TIMING-MARK answer arrives, so the goodbye must come after that answer). The kEnd
//     event therefore also carries, as its text, every reply that the same input produced
//     after it: a session sends kEnd's text, then its goodbye, and stops reading events.
//   - A line longer than max_line_bytes is reported once (kLineTooLong) when its byte
//     max_line_bytes + 1 arrives; the rest of it is discarded as it arrives, up to its line
//     ending, so memory stays bounded by max_line_bytes.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

enum class TelnetEnd : std::uint8_t {
  kNone,
  kInterrupt,         // IAC IP / BRK / ABORT / SUSP
  kEndOfFile,         // IAC EOF or the data byte 0x04 (Ctrl-D)
  kControlCharacter,  // a line started with a control character
};

struct TelnetEvent {
  enum class Kind : std::uint8_t {
    kLine,         // text: one complete line (bytes as sent, without the line ending)
    kLineTooLong,  // the current line is longer than max_line_bytes; its rest is discarded
    kReply,        // text: bytes to send back to the client (a negotiation refusal)
    kEnd,          // the client ended the session; `end` says how; `text`: the replies
                   // below that came with it, to be sent before the goodbye
  };
  Kind kind = Kind::kLine;
  TelnetEnd end = TelnetEnd::kNone;
  std::string text;
};

namespace telnet {
inline constexpr unsigned char kIac = 255;
inline constexpr unsigned char kDont = 254;
inline constexpr unsigned char kDo = 253;
inline constexpr unsigned char kWont = 252;
inline constexpr unsigned char kWill = 251;
inline constexpr unsigned char kSb = 250;
inline constexpr unsigned char kGa = 249;
inline constexpr unsigned char kEl = 248;
inline constexpr unsigned char kEc = 247;
inline constexpr unsigned char kAyt = 246;
inline constexpr unsigned char kAo = 245;
inline constexpr unsigned char kIp = 244;
inline constexpr unsigned char kBrk = 243;
inline constexpr unsigned char kDm = 242;
inline constexpr unsigned char kNop = 241;
inline constexpr unsigned char kSe = 240;
inline constexpr unsigned char kEor = 239;
inline constexpr unsigned char kAbort = 238;
inline constexpr unsigned char kSusp = 237;
inline constexpr unsigned char kEof = 236;
inline constexpr unsigned char kOptionTimingMark = 6;
}  // namespace telnet

class TelnetDecoder {
 public:
  explicit TelnetDecoder(std::size_t max_line_bytes);

  // Decodes `bytes` and returns the events they complete, in order. The returned vector is
  // reused by the next call (move the strings out if they must live longer).
  std::vector<TelnetEvent>& feed(std::string_view bytes);

  // Bytes of the current, incomplete line held now (never more than max_line_bytes).
  std::size_t buffered() const { return line_.size(); }

 private:
  enum class State : std::uint8_t {
    kData,
    kIac,     // after IAC
    kOption,  // after IAC WILL/WONT/DO/DONT; verb_ holds which
    kSub,     // inside IAC SB ...
    kSubIac,  // IAC inside a subnegotiation
  };
  void data_byte(unsigned char byte);
  void command(unsigned char byte);
  void option(unsigned char verb, unsigned char opt);
  void end_line();
  void end_session(TelnetEnd how);
  void erase_character();
  // Appends the replies after this input's kEnd event (if any) to its text.
  void gather_replies_after_end();

  std::size_t max_line_bytes_;
  State state_ = State::kData;
  unsigned char verb_ = 0;
  bool after_cr_ = false;     // the last data byte was a CR: skip one LF or NUL
  bool discarding_ = false;   // the current line is overlong; drop bytes up to its end
  bool c2_at_start_ = false;  // the line so far is the byte 0xC2: a C1 control may follow
  bool ended_ = false;
  std::string line_;
  std::bitset<256> refused_do_;    // options we already answered WONT
  std::bitset<256> refused_will_;  // options we already answered DONT
  std::vector<TelnetEvent> events_;
};

}  // namespace charfinder
