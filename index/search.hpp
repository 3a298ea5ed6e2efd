// index/search.hpp
//
// Evaluates a Query against a NameIndex. Posting lists are intersected by merging/galloping
// from the shortest, so a query's cost grows with its posting lists, never with the size of
// Unicode. Phrases are checked against the names ICU gives for each candidate. Thread-safe:
// reads only immutable data.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "index/name_index.hpp"
#include "index/query.hpp"

namespace charfinder {

inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

struct SearchPage {
  std::size_t total = 0;              // every match, not just this page
  std::size_t offset = 0;             // as requested (may be past the end)
  std::vector<char32_t> code_points;  // matches [offset, offset + limit), ascending
};

// The slice [offset, offset + limit) of the ascending matches of `query`, and their count.
SearchPage search(const NameIndex& index, const Query& query, std::size_t offset = 0,
                  std::size_t limit = kNoLimit);

// Parse and search in one step: a SearchPage, or the parser's one-line error message.
std::variant<SearchPage, std::string> run_query(const NameIndex& index, std::string_view text,
                                                std::size_t offset = 0,
                                                std::size_t limit = kNoLimit);

}  // namespace charfinder
