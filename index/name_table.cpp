#include "index/name_table.hpp"

#include <algorithm>
#include <array>

#include "text/hex.hpp"

namespace charfinder {
namespace {

// Unicode 15, chapter 3.12: the short names of the leading, vowel and trailing jamo.
constexpr std::array<std::string_view, 19> kLeading = {"G", "GG", "N", "D",  "DD", "R", "M",
                                                       "B", "BB", "S", "SS", "",   "J", "JJ",
                                                       "C", "K",  "T", "P",  "H"};
constexpr std::array<std::string_view, 21> kVowel = {"A",   "AE", "YA", "YAE", "EO", "E",  "YEO",
                                                     "YE",  "O",  "WA", "WAE", "OE", "YO", "U",
                                                     "WEO", "WE", "WI", "YU",  "EU", "YI", "I"};
constexpr std::array<std::string_view, 28> kTrailing = {
    "",   "G",  "GG", "GS", "N",  "NJ", "NH", "D",  "L", "LG", "LM", "LB", "LS", "LT",
    "LP", "LH", "M",  "B",  "BS", "S",  "SS", "NG", "J", "C",  "K",  "T",  "P",  "H"};

void append_hangul(std::string& out, char32_t code) {
  const std::uint32_t s = code - 0xAC00;
  out += "HANGUL SYLLABLE ";
  out += kLeading[s / (21 * 28)];
  out += kVowel[(s % (21 * 28)) / 28];
  out += kTrailing[s % 28];
}

// The upper-case hex of `code` as ICU's algorithmic names write it (at least 4 digits).
void append_code_hex(std::string& out, char32_t code) {
  const int digits = code > 0xFFFFF ? 6 : code > 0xFFFF ? 5 : 4;
  append_hex(out, code, digits, HexCase::kUpper);
}

// The length of the prefix of `name` that is followed by hex(code), or npos.
std::size_t algorithmic_prefix(std::string_view name, char32_t code) {
  std::string hex;
  append_code_hex(hex, code);
  if (name.size() <= hex.size() || !name.ends_with(hex)) return std::string_view::npos;
  const std::size_t cut = name.size() - hex.size();
  if (name[cut - 1] != '-') return std::string_view::npos;
  return cut;
}

}  // namespace

void NameTable::add(char32_t code, std::string_view name) {
  if (code >= kHangulFirst && code <= kHangulLast) {
    std::string computed;
    append_hangul(computed, code);
    if (computed == name) {
      hangul_.resize(kHangulLast - kHangulFirst + 1);
      hangul_[code - kHangulFirst] = true;
      return;
    }
  }
  if (const std::size_t cut = algorithmic_prefix(name, code); cut != std::string_view::npos) {
    const std::string_view prefix = name.substr(0, cut);
    if (!runs_.empty() && runs_.back().last + 1 == code &&
        std::string_view(prefixes_).substr(runs_.back().prefix, runs_.back().prefix_length) ==
            prefix) {
      runs_.back().last = code;
      return;
    }
    runs_.push_back(Run{code, code, static_cast<std::uint32_t>(prefixes_.size()),
                        static_cast<std::uint32_t>(prefix.size())});
    prefixes_ += prefix;
    return;
  }
  if (starts_.empty()) starts_.push_back(0);
  codes_.push_back(code);
  arena_ += name;
  starts_.push_back(static_cast<std::uint32_t>(arena_.size()));
}

void NameTable::finish() {
  runs_.shrink_to_fit();
  hangul_.shrink_to_fit();
  prefixes_.shrink_to_fit();
  codes_.shrink_to_fit();
  starts_.shrink_to_fit();
  arena_.shrink_to_fit();
}

bool NameTable::append_name(std::string& out, char32_t code) const {
  if (code >= kHangulFirst && code <= kHangulLast && !hangul_.empty() &&
      hangul_[code - kHangulFirst]) {
    append_hangul(out, code);
    return true;
  }
  const auto run = std::upper_bound(runs_.begin(), runs_.end(), code,
                                    [](char32_t c, const Run& r) { return c < r.first; });
  if (run != runs_.begin() && code <= std::prev(run)->last) {
    const Run& r = *std::prev(run);
    out.append(prefixes_, r.prefix, r.prefix_length);
    append_code_hex(out, code);
    return true;
  }
  const auto it = std::lower_bound(codes_.begin(), codes_.end(), code);
  if (it == codes_.end() || *it != code) return false;
  const auto i = static_cast<std::size_t>(it - codes_.begin());
  out.append(arena_, starts_[i], starts_[i + 1] - starts_[i]);
  return true;
}

std::size_t NameTable::names() const {
  std::size_t n =
      codes_.size() + static_cast<std::size_t>(std::count(hangul_.begin(), hangul_.end(), true));
  for (const Run& r : runs_) n += r.last - r.first + 1;
  return n;
}

std::size_t NameTable::memory_bytes() const {
  return runs_.capacity() * sizeof(Run) + prefixes_.capacity() + hangul_.capacity() / 8 +
         codes_.capacity() * sizeof(char32_t) + starts_.capacity() * sizeof(std::uint32_t) +
         arena_.capacity();
}

}  // namespace charfinder
