// tests/index/test_index.hpp: the ICU-built index, built once per test executable.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "index/name_index.hpp"
#include "index/search.hpp"

namespace charfinder::testing {

inline const NameIndex& icu_index() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

// Every match of `query` (which must parse), ascending.
inline std::vector<char32_t> matches(const std::string& query) {
  auto answer = run_query(icu_index(), query);
  if (auto* error = std::get_if<std::string>(&answer)) {
    throw std::runtime_error("query '" + query + "' failed: " + *error);
  }
  return std::get<SearchPage>(answer).code_points;
}

}  // namespace charfinder::testing
