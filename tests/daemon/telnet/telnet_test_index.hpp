// A small index shared by the telnet unit tests, with real code points (rows show ICU's
// names for them): the twelve chess pieces U+2654..U+265F, and 1,200 CJK ideographs to page
// through several slices.
#pragma once

#include <vector>

#include "index/icu_names.hpp"
#include "index/name_index.hpp"

namespace charfinder {

inline const NameIndex& telnet_test_index() {
  static const NameIndex index = [] {
    std::vector<NamedChar> names;
    for (char32_t code = 0x2654; code <= 0x265f; ++code)
      names.push_back({code, unicode_name(code)});
    for (char32_t code = 0x4e00; code < 0x4e00 + 1200; ++code)
      names.push_back({code, unicode_name(code)});
    return NameIndex::build(names);
  }();
  return index;
}

}  // namespace charfinder
