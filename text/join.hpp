// text/join.hpp
//
// Strings with a separator between them: "de,fr" (languages in a canonical request),
// "telnet.banner, log.level" (a reload's changes). Pure.
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

template <typename Strings>
std::string join(const Strings& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += item;
    first = false;
  }
  return out;
}

}  // namespace charfinder
