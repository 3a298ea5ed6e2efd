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
    kWord,     // words: folded words the name must all contain; usually one ("CAFE"),
               // two or more for a hyphenated token (`euro-currency`: EURO, CURRENCY)
    kPrefix,   // words.back(): a folded prefix, e.g. "ARROW" from `arrow*`; any earlier
               // words are exact words also required (`euro-curr*`: EURO, CURR)
    kPhrase,   // words: folded words that must appear adjacent, in order
    kRange,    // first..last (a single code point U+XXXX has first == last)
    kLiteral,  // code_points: each code point of a pasted token such as `☃🐱`
  };
  Kind kind = Kind::kWord;
  bool negated = false;  // `-term`
  std::vector<std::string> words;
  // The words as the other sources' texts spell them (text_words.hpp), when that differs
  // from `words`: `cœur` is C, UR for names (A-Z and 0-9 only) but CŒUR for CLDR French.
  // For a kLiteral term from an all-non-ASCII token of two or more code points (`ネコ`,
  // `кошка`), the reading it has when these words are in the vocabulary of the languages in
  // scope (the extended rule 2); the search decides, since only it knows the vocabulary.
  std::vector<std::string> other_words;
  char32_t first = 0;
  char32_t last = 0;
  std::u32string code_points;
};

struct Query {
  std::vector<Term> terms;  // at least one term is not negated
  // `lang:de,fr` / `lang:all`: the languages to search besides English, replacing the front
  // end's default; each as typed, lower-cased, `-` written `_` ("de", "pt_pt", "all").
  std::optional<std::vector<std::string>> languages;
  bool scope_names = false;  // `scope:names`: only the tier-name sources
};

struct ParsedQuery {
  std::optional<Query> query;  // set iff `error` is empty
  std::string error;  // one line, e.g. "unterminated quote" or "malformed code point 'U+12G'"
};

// How a token is read (DESIGN.md "The query language"), and the edge cases decided here:
//  - Terms are separated by Unicode white space. A `"` opens a phrase that ends at the next
//    `"`, wherever it stands (`cat"black arrow"` is `cat` and `"black arrow"`).
//  - A leading `-` negates the rest of the token (`-black`, `-"black arrow"`, `-U+2654`);
//    `-` alone is not a negation but the literal character HYPHEN-MINUS (rule 3).
//  - `U+`/`u+` followed by 4-6 hex digits, optionally `..U+` and 4-6 more: a code point or
//    range; anything else that starts with `U+` is an error, as are a reversed range and a
//    value above U+10FFFF. A range yields its ASSIGNED code points (general category other
//    than Cn, so surrogates U+D800..U+DFFF and private use are in); a single code point
//    (first == last) yields itself even when unassigned, since it was asked for by number.
//    `U+D800` is a surrogate code point: it is shown (assigned, Cs; its glyph is U+FFFD).
//  - Rule 1: a token with an ASCII letter or digit is read as words: folded (fold.hpp), then
//    split at every character other than A-Z/0-9, so punctuation around a word is ignored
//    and `euro-currency` is the two words EURO and CURRENCY, both required.
//  - Rule 2: an all-non-ASCII token of two or more code points that folds entirely to ASCII
//    letters and digits (`ＣＡＴ`) is a word too.
//  - Rule 3: anything else is literal characters, each code point of the token: `é`, `☃🐱`,
//    `ａ`, and also punctuation-only tokens: `!!!` is U+0021, `*` alone is U+002A.
//  - A trailing `*` makes the last word a prefix (`arrow*`) when the rest is a word by
//    rules 1-2; otherwise the `*` is one more literal character (`☃*`).
//  - Quoted phrases are folded and split like rule 1; a phrase of one word is that word.
//    Empty quotes `""` and a phrase with no words (`"☃"`) are errors, not empty answers.
//  - `lang:CODES` (comma-separated CLDR locale ids or `all`) and `scope:names` are settings,
//    not terms; an empty `lang:`, a malformed code, another `scope:` or a negated setting is
//    an error (unknown languages are the search's to report: it knows the table).
//  - Errors: empty query, only negative terms, more than 32 terms (a phrase counts as one),
//    more than 1024 bytes, malformed code point or range, unterminated quote.
// Error messages quote the offending text with control characters escaped as \xNN.
// Never throws. `text` must be valid UTF-8 (front ends reject anything else first); should
// an invalid byte get through anyway, it is read as U+FFFD.
[[nodiscard]] ParsedQuery parse_query(std::string_view text);

}  // namespace charfinder
