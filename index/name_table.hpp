// index/name_table.hpp
//
// NameTable: every code point's Unicode name in a compact form, so rendering a row needs no
// ICU call. Kept beside the NameIndex (built from the same ICU enumeration, once).
// Layout: algorithmic names ("CJK UNIFIED IDEOGRAPH-4E00": a prefix, then the code point in
// 4-6 upper-case hex digits) as runs of code points sharing a prefix; Hangul syllables by the
// Unicode algorithm (chapter 3.12, from their jamo; one bit each says it is named); every
// other name in one string arena
// with a sorted code array and offsets beside it.
// Immutable after build; any number of threads may read it. Movable, not copyable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

class NameTable {
 public:
  NameTable() = default;
  NameTable(NameTable&&) noexcept = default;
  NameTable& operator=(NameTable&&) noexcept = default;
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;

  // Build: names in ascending code point order (ICU's enumeration order), one per code.
  void add(char32_t code, std::string_view name);
  void finish();  // releases the builder's slack

  // Appends the name of `code` to `out`; false (nothing appended) when it has none here.
  bool append_name(std::string& out, char32_t code) const;
  bool empty() const { return codes_.empty() && runs_.empty(); }

  std::size_t names() const;         // code points with a name
  std::size_t memory_bytes() const;  // heap bytes held

 private:
  struct Run {  // [first, last] named prefix + hex(code)
    char32_t first;
    char32_t last;
    std::uint32_t prefix;  // into prefixes_
    std::uint32_t prefix_length;
  };
  static constexpr char32_t kHangulFirst = 0xAC00;
  static constexpr char32_t kHangulLast = 0xD7A3;
  std::vector<Run> runs_;
  std::string prefixes_;
  std::vector<char32_t> codes_;        // ascending, the names in arena_
  std::vector<std::uint32_t> starts_;  // name i is arena_[starts_[i], starts_[i+1])
  std::string arena_;
  std::vector<bool> hangul_;  // per syllable: named, and its name is the computed one
};

}  // namespace charfinder
