// index/query_text.hpp
//
// A parsed Query written back as query text (for suggestions and completions, issue 10).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "index/query.hpp"

namespace charfinder {

// `query` as query text that parses back to it: `lang:CODES` and `scope:names` first, then
// the terms: words in lower case (they are folded), hyphen-joined within a term, phrases
// quoted, U+XXXX for code points, literals as themselves.
std::string query_text(const Query& query);

// A folded (upper-case) word in lower case, in any script: "CAFE" -> "cafe", "КОШКА" -> "кошка".
std::string lower_folded(std::string_view folded);

}  // namespace charfinder
