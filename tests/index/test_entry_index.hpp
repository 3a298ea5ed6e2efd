// tests/index/test_entry_index.hpp: the real embedded source table and the CharacterIndex
// over it and the ICU names, each built once per test executable.
#pragma once

#include <stdexcept>
#include <string>
#include <variant>

#include "index/entry_search.hpp"
#include "sources/embedded_table.hpp"
#include "tests/index/test_index.hpp"

namespace charfinder::testing {

inline const SourceTable& embedded_table() {
  static const SourceTable t = [] {
    auto opened = SourceTable::open(embedded_source_table());
    if (opened.index() != 0) throw std::runtime_error(std::get<1>(opened));
    return std::get<0>(std::move(opened));
  }();
  return t;
}

inline const CharacterIndex& entry_index() {
  static const CharacterIndex i(icu_index(), &embedded_table());
  return i;
}

}  // namespace charfinder::testing
