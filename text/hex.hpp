// text/hex.hpp
//
// Hexadecimal digits, both ways. The one hex table of the project. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace charfinder {

enum class HexCase { kLower, kUpper };

// The digit for `nibble` (0..15).
inline char hex_digit(unsigned nibble, HexCase hex_case) {
  constexpr std::string_view kLower = "0123456789abcdef";
  constexpr std::string_view kUpper = "0123456789ABCDEF";
  return (hex_case == HexCase::kLower ? kLower : kUpper)[nibble & 0xF];
}

// The value of a hex digit (either case), or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The value of 1 to 8 hex digits (either case), or nullopt for anything else.
std::optional<std::uint32_t> parse_hex(std::string_view digits);

// Appends the low `digits` hex digits of `value`, most significant first ("00e9").
void append_hex(std::string& out, std::uint64_t value, int digits, HexCase hex_case);

// Appends `value` in upper-case hex with at least `min_digits` digits ("4E00", "1F431").
void append_hex_min(std::string& out, std::uint64_t value, int min_digits);

// Upper-case hex of `code` with at least four digits, as ICU writes it in algorithmic
// names and as code labels show it ("4E00", "17000"). Writes into `buffer`, returns a view.
std::string_view hex_of(char32_t code, char (&buffer)[8]);

}  // namespace charfinder
