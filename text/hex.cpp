#include "text/hex.hpp"

namespace charfinder {

std::optional<std::uint32_t> parse_hex(std::string_view digits) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : digits) {
    const int nibble = hex_value(c);
    if (nibble < 0) return std::nullopt;
    value = (value << 4) | static_cast<std::uint32_t>(nibble);
  }
  return value;
}

void append_hex(std::string& out, std::uint64_t value, int digits, HexCase hex_case) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out += hex_digit(static_cast<unsigned>(value >> shift), hex_case);
}

void append_hex_min(std::string& out, std::uint64_t value, int min_digits) {
  int digits = 1;
  while (digits < 16 && (value >> (digits * 4)) != 0) ++digits;
  append_hex(out, value, digits < min_digits ? min_digits : digits, HexCase::kUpper);
}

std::string_view hex_of(char32_t code, char (&buffer)[8]) {
  char reversed[8];
  std::size_t n = 0;
  std::uint32_t value = code;
  do {
    reversed[n++] = hex_digit(value & 0xF, HexCase::kUpper);
    value >>= 4;
  } while (value != 0 && n < 8);
  while (n < 4) reversed[n++] = '0';
  for (std::size_t i = 0; i < n; ++i) buffer[i] = reversed[n - 1 - i];
  return {buffer, n};
}

}  // namespace charfinder
