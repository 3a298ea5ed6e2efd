// index/query.hpp
//
// The query language of DESIGN.md, parsed once for every front end (telnet, HTTP, CLI).
// A query is split into terms on whitespace (quotes group a phrase); each term denotes a
// set of code points; the answer is the intersection of the positive terms minus the union
// of the negative ones. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxQueryTerms = 32;

struct Term {
  enum class Kind {
    kWord,      // words[0]: a folded word, e.g. "CAFE"
    kPrefix,    // words[0]: a folded prefix, e.g. "ARROW" from `arrow*`
    kPhrase,    // words: folded words that must appear adjacent, in order
    kRange,     // first..last (a single code point U+XXXX has first == last)
    kLiteral,   // code_points: each code point of a pasted token such as `☃🐱`
  };
  Kind kind = Kind::kWord;
  bool negated = false;  // `-term`
  std::vector<std::string> words;
  char32_t first = 0;
  char32_t last = 0;
  std::u32string code_points;
};

struct Query {
  std::vector<Term> terms;  // at least one term is not negated
};

struct ParsedQuery {
  std::optional<Query> query;  // set iff `error` is empty
  std::string error;           // one line, e.g. "unterminated quote" or "malformed code point 'U+12G'"
};

// Never throws. `text` must be valid UTF-8 (front ends reject anything else first).
[[nodiscard]] ParsedQuery parse_query(std::string_view text);

}  // namespace charfinder
