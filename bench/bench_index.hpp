// bench/bench_index.hpp: the ICU names, the embedded source table and the CharacterIndex over
// both, each built once per benchmark executable (entry_bench, suggest_bench).
#pragma once

#include <variant>

#include "index/entry_search.hpp"
#include "index/name_index.hpp"
#include "sources/embedded_table.hpp"

namespace charfinder::bench {

inline const NameIndex& names() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

inline const SourceTable& table() {
  static const SourceTable t = std::get<0>(SourceTable::open(embedded_source_table()));
  return t;
}

inline const CharacterIndex& index() {
  static const CharacterIndex i(names(), &table());
  return i;
}

}  // namespace charfinder::bench
