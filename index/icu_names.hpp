// index/icu_names.hpp
//
// The only user of ICU's character-name API. read_icu_names() enumerates every code point's
// Unicode name (u_enumCharNames, U_UNICODE_CHAR_NAME) and ICU's correction aliases
// (U_CHAR_NAME_ALIAS) as plain data, so the index can be built (and tested) from any list.
// Thread-safe: ICU's name data is read-only.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

// One name of a code point; the index treats every row alike (a name or an alias).
struct NamedChar {
  char32_t code;
  std::string name;  // upper-case ASCII as ICU spells it, e.g. "BLACK CHESS KING"
};

// Every named code point and every correction alias, ascending by code point. Algorithmic
// names (CJK UNIFIED IDEOGRAPH-4E00, HANGUL SYLLABLE SUN, ...) are included.
std::vector<NamedChar> read_icu_names();

// The Unicode name of `code` (U_UNICODE_CHAR_NAME), or "" when it has none.
std::string unicode_name(char32_t code);
// The correction alias of `code` (U_CHAR_NAME_ALIAS), or "" when it has none.
std::string correction_alias(char32_t code);
// The name, or ICU's extended name for unnamed code points: "<control-001B>",
// "<private use area-E000>", "<unassigned-0378>". Never empty for 0..0x10FFFF.
std::string display_name(char32_t code);

// Which of ICU's names name_into() reads.
enum class NameChoice : std::uint8_t {
  kUnicode,   // U_UNICODE_CHAR_NAME: the name, or none
  kAlias,     // U_CHAR_NAME_ALIAS: the correction alias, or none
  kExtended,  // U_EXTENDED_CHAR_NAME: the name, else "<control-001B>" and the like
};
// The same names without allocating (the search and row-rendering hot paths): written into
// `buffer`, returned as a view of it; empty when there is none or it does not fit.
std::string_view name_into(char32_t code, NameChoice choice, std::span<char> buffer);
// Calls on_name(context, code, name) for every code point that has a `choice` name
// (kUnicode or kAlias), ascending, without allocating: the index build streams from it.
void enumerate_icu_names(NameChoice choice,
                         void (*on_name)(void* context, char32_t code, std::string_view name),
                         void* context);

std::string icu_version();      // e.g. "72.1"
std::string unicode_version();  // e.g. "15.0"

}  // namespace charfinder
