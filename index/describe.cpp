#include "index/describe.hpp"

#include "index/icu_names.hpp"
#include "text/escape.hpp"
#include "text/hex.hpp"
#include "text/utf8.hpp"

namespace charfinder {
std::string code_label(char32_t code) {
  char buffer[8];
  std::string label = "U+";
  label += hex_of(code, buffer);
  return label;
}

std::string terminal_row(char32_t code) {
  std::string row = code_label(code);
  row += '\t';
  row += terminal_glyph(code);
  row += '\t';
  row += display_name(code);
  return row;
}

std::string status_sentence(std::string_view query, std::size_t total) {
  std::string sentence;
  if (total == 0)
    sentence = "No match";
  else if (total == 1)
    sentence = "1 match";
  else
    sentence = std::to_string(total) + " matches";
  sentence += " for '";
  sentence += escape_controls(query);
  sentence += '\'';
  return sentence;
}

}  // namespace charfinder
