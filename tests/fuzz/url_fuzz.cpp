// tests/fuzz/url_fuzz.cpp
//
// libFuzzer target: the request-target pieces (daemon/http/url.hpp) and the form encoding
// (text/form.hpp) on arbitrary bytes, and the one UTF-8 validator and decoder
// (text/utf8.hpp) against a reference written from RFC 3629's table of well-formed sequences.
// Properties: split_target's path and query are pieces of the target without '#' (and the
// path without '?'); percent_decode agrees with a reference decoder and yields only valid
// UTF-8; encoding a decoded value and decoding it again gives it back; parse_query_string
// yields valid UTF-8 pairs that survive re-encoding; parse_non_negative accepts exactly
// 1-18 decimal digits and returns their value.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/http/url.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "text/form.hpp"
#include "text/utf8.hpp"

namespace {

// RFC 3629 section 4 (UTF8-octets), written independently of both implementations.
bool reference_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  auto tail = [&](std::size_t i) { return i < n && s[i] >= 0x80 && s[i] <= 0xBF; };
  auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
    return i < n && s[i] >= lo && s[i] <= hi;
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned c = s[i];
    if (c <= 0x7F) {
      i += 1;
    } else if (c >= 0xC2 && c <= 0xDF && tail(i + 1)) {
      i += 2;
    } else if (c == 0xE0 && in(i + 1, 0xA0, 0xBF) && tail(i + 2)) {
      i += 3;
    } else if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && tail(i + 1) && tail(i + 2)) {
      i += 3;
    } else if (c == 0xED && in(i + 1, 0x80, 0x9F) && tail(i + 2)) {
      i += 3;
    } else if (c == 0xF0 && in(i + 1, 0x90, 0xBF) && tail(i + 2) && tail(i + 3)) {
      i += 4;
    } else if (c >= 0xF1 && c <= 0xF3 && tail(i + 1) && tail(i + 2) && tail(i + 3)) {
      i += 4;
    } else if (c == 0xF4 && in(i + 1, 0x80, 0x8F) && tail(i + 2) && tail(i + 3)) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> reference_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // needs two hex digits
      const int h = hex(text[i + 1]), l = hex(text[i + 2]);
      if (h < 0 || l < 0) return std::nullopt;
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else {
      out += plus_is_space && text[i] == '+' ? ' ' : text[i];
    }
  }
  if (!reference_utf8(out)) return std::nullopt;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const bool valid = reference_utf8(text);
  FUZZ_CHECK(charfinder::is_valid_utf8(text) == valid, "the UTF-8 check is RFC 3629");
  if (valid) {  // decoding and re-encoding every code point gives the same bytes
    std::string again;
    for (std::size_t i = 0; i < text.size();) {
      char32_t code = 0;
      const std::size_t length = charfinder::decode_utf8(text, i, code);
      FUZZ_CHECK(length >= 1 && length <= 4 && i + length <= text.size(), "one whole sequence");
      charfinder::append_utf8(again, code);
      i += length;
    }
    FUZZ_CHECK(again == text, "decode then encode gives the same bytes");
  }

  const charfinder::SplitTarget split = charfinder::split_target(text);
  FUZZ_CHECK(split.path.data() == text.data(), "the path starts the target");
  FUZZ_CHECK(split.path.find_first_of("?#") == std::string_view::npos, "no ? or # in the path");
  FUZZ_CHECK(split.query.find('#') == std::string_view::npos, "the fragment is dropped");
  if (!split.query.empty())
    FUZZ_CHECK(split.query.data() == split.path.data() + split.path.size() + 1, "query after ?");

  for (const bool plus : {false, true}) {
    const auto decoded = charfinder::percent_decode(text, plus);
    FUZZ_CHECK(decoded == reference_decode(text, plus), "percent_decode matches the reference");
    if (decoded) {
      FUZZ_CHECK(charfinder::is_valid_utf8(*decoded), "decoded text is valid UTF-8");
      for (const auto star : {charfinder::FormStar::kKeep, charfinder::FormStar::kEncode}) {
        const std::string encoded = charfinder::form_encode(*decoded, star);
        FUZZ_CHECK(charfinder::percent_decode(encoded, true) == decoded, "encode then decode");
      }
    }
  }

  std::string error;
  const auto params = charfinder::parse_query_string(split.query, error);
  if (params) {
    std::string again;
    for (const auto& [name, value] : params->pairs) {
      FUZZ_CHECK(charfinder::is_valid_utf8(name) && charfinder::is_valid_utf8(value), "UTF-8");
      if (!again.empty()) again += '&';
      again += charfinder::form_encode(name, charfinder::FormStar::kEncode) + "=" +
               charfinder::form_encode(value, charfinder::FormStar::kEncode);
    }
    std::string error2;
    const auto reparsed = charfinder::parse_query_string(again, error2);
    FUZZ_CHECK(reparsed.has_value(), "re-encoded parameters parse");
    // An empty name with an empty value ("=") re-encodes as "=", which parses back the same.
    FUZZ_CHECK(reparsed->pairs == params->pairs, "re-encoded parameters round-trip");
    if (!params->pairs.empty())
      FUZZ_CHECK(params->find(params->pairs.front().first) == &params->pairs.front().second,
                 "find() returns the first match");
  } else {
    FUZZ_CHECK(!error.empty(), "a refusal says why");
  }

  const auto number = charfinder::parse_non_negative(text);
  const bool digits = !text.empty() && text.size() <= 18 &&
                      text.find_first_not_of("0123456789") == std::string_view::npos;
  FUZZ_CHECK(number.has_value() == digits, "exactly 1-18 digits are a number");
  if (number) FUZZ_CHECK(*number == std::stoull(std::string(text)), "the digits' value");
  return 0;
}
