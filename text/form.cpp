#include "text/form.hpp"

#include "text/hex.hpp"

namespace charfinder {

std::string form_encode(std::string_view text, FormStar star) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || (c == '*' && star == FormStar::kKeep);
    if (unreserved) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      append_hex(out, c, 2, HexCase::kUpper);
    }
  }
  return out;
}

}  // namespace charfinder
