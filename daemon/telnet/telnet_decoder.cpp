// daemon/telnet/telnet_decoder.cpp
//
// A byte-at-a-time state machine; see the header for the rules it follows.
#include "daemon/telnet/telnet_decoder.hpp"

namespace charfinder {

namespace {

bool is_c0_or_del(unsigned char byte) { return byte < 0x20 || byte == 0x7f; }

// A UTF-8 continuation byte (10xxxxxx).
bool is_continuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

}  // namespace

TelnetDecoder::TelnetDecoder(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

std::vector<TelnetEvent>& TelnetDecoder::feed(std::string_view bytes) {
  events_.clear();
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    switch (state_) {
      case State::kData:
        if (byte == telnet::kIac) {
          state_ = State::kIac;
        } else {
          data_byte(byte);
        }
        break;
      case State::kIac:
        state_ = State::kData;
        if (byte == telnet::kIac) {
          data_byte(byte);  // IAC IAC: the data byte 0xFF
        } else {
          command(byte);
        }
        break;
      case State::kOption:
        state_ = State::kData;
        option(verb_, byte);
        break;
      case State::kSub:
        // Subnegotiation payload is never stored: nothing we implement needs it.
        if (byte == telnet::kIac) state_ = State::kSubIac;
        break;
      case State::kSubIac:
        // IAC SE ends it; IAC IAC is an escaped 0xFF inside it; RFC 855 allows nothing
        // else, so any other command is skipped and the subnegotiation goes on.
        state_ = byte == telnet::kSe ? State::kData : State::kSub;
        break;
    }
  }
  gather_replies_after_end();
  return events_;
}

void TelnetDecoder::gather_replies_after_end() {
  std::size_t end = events_.size();
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i].kind == TelnetEvent::Kind::kEnd) {
      end = i;
    } else if (end < i && events_[i].kind == TelnetEvent::Kind::kReply) {
      events_[end].text += events_[i].text;
    }
  }
}

void TelnetDecoder::data_byte(unsigned char byte) {
  if (after_cr_) {
    after_cr_ = false;
    if (byte == '\n' || byte == '\0') return;  // CR LF or CR NUL: the rest of the ending
  }
  if (byte == '\r') {
    after_cr_ = true;
    end_line();
    return;
  }
  if (byte == '\n') {
    end_line();
    return;
  }
  if (ended_) return;
  if (byte == 0x04) {  // Ctrl-D: end of input, wherever it appears
    end_session(TelnetEnd::kEndOfFile);
    return;
  }
  if (discarding_) return;
  if (line_.empty() && !c2_at_start_ && is_c0_or_del(byte)) {
    end_session(TelnetEnd::kControlCharacter);
    return;
  }
  if (byte == 0x08 || byte == 0x7f) {  // a character-mode client's Backspace inside a line
    erase_character();
    return;
  }
  if (c2_at_start_) {
    c2_at_start_ = false;
    if (byte >= 0x80 && byte <= 0x9f) {  // U+0080..U+009F: a C1 control starts the line
      end_session(TelnetEnd::kControlCharacter);
      return;
    }
  } else if (line_.empty() && byte == 0xc2) {
    c2_at_start_ = true;
  }
  if (line_.size() == max_line_bytes_) {
    discarding_ = true;
    c2_at_start_ = false;
    line_.clear();
    line_.shrink_to_fit();
    events_.push_back({TelnetEvent::Kind::kLineTooLong, TelnetEnd::kNone, {}});
    return;
  }
  line_.push_back(static_cast<char>(byte));
}

void TelnetDecoder::command(unsigned char byte) {
  switch (byte) {
    case telnet::kWill:
    case telnet::kWont:
    case telnet::kDo:
    case telnet::kDont:
      verb_ = byte;
      state_ = State::kOption;
      break;
    case telnet::kSb:
      state_ = State::kSub;
      break;
    case telnet::kIp:
    case telnet::kBrk:
    case telnet::kAbort:
    case telnet::kSusp:
      end_session(TelnetEnd::kInterrupt);
      break;
    case telnet::kEof:
      end_session(TelnetEnd::kEndOfFile);
      break;
    case telnet::kEc:
      erase_character();
      break;
    case telnet::kEl:
      if (!discarding_) line_.clear();
      c2_at_start_ = false;
      break;
    default:  // NOP, DM, GA, AO, AYT, EOR, SE outside SB, unknown: nothing to do
      break;
  }
}

void TelnetDecoder::option(unsigned char verb, unsigned char opt) {
  // We implement no option, so every option on our side and theirs is off (RFC 1143 state
  // NO). DONT/WONT agree with that and need no answer.
  unsigned char answer = 0;
  if (verb == telnet::kDo && !refused_do_.test(opt)) {
    refused_do_.set(opt);
    answer = telnet::kWont;
  } else if (verb == telnet::kWill && !refused_will_.test(opt)) {
    refused_will_.set(opt);
    answer = telnet::kDont;
  }
  if (answer == 0) return;
  TelnetEvent event{TelnetEvent::Kind::kReply, TelnetEnd::kNone, {}};
  event.text = {static_cast<char>(telnet::kIac), static_cast<char>(answer), static_cast<char>(opt)};
  events_.push_back(std::move(event));
}

void TelnetDecoder::end_line() {
  c2_at_start_ = false;
  if (ended_) return;
  if (discarding_) {
    discarding_ = false;  // the overlong line is over; it was already reported
    return;
  }
  TelnetEvent event{TelnetEvent::Kind::kLine, TelnetEnd::kNone, std::move(line_)};
  line_.clear();
  events_.push_back(std::move(event));
}

void TelnetDecoder::end_session(TelnetEnd how) {
  if (ended_) return;
  ended_ = true;
  line_.clear();
  line_.shrink_to_fit();
  events_.push_back({TelnetEvent::Kind::kEnd, how, {}});
}

void TelnetDecoder::erase_character() {
  if (discarding_) return;
  while (!line_.empty()) {
    const auto last = static_cast<unsigned char>(line_.back());
    line_.pop_back();
    if (!is_continuation(last)) break;  // erased the whole UTF-8 sequence
  }
  // Erasing back to a lone lead byte 0xC2 at the start of the line puts us where a C1
  // control may follow again (found by tests/fuzz/telnet_decoder_fuzz: C2 NUL DEL 9D).
  c2_at_start_ = line_.size() == 1 && static_cast<unsigned char>(line_[0]) == 0xc2;
}

}  // namespace charfinder
