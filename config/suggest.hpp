// config/suggest.hpp
//
// Internal to config/: "did you mean …?" for a mistyped key.
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

// " (did you mean X?)", " (did you mean a or b?)", the same key name found in another
// section (" (did you mean log.level?)") or, with no close match, " (known keys: …)".
// `section` empty: `typed` is a section name.
std::string suggestion(std::string_view section, std::string_view typed);

}  // namespace charfinder
