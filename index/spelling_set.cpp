#include "index/spelling_set.hpp"

#include <algorithm>
#include <string>

namespace charfinder {

std::vector<SpellingSet::Near> SpellingSet::near(std::string_view word) const {
  std::vector<Near> out;
  for (const SpellingIndex* part : parts_)
    for (const NearWord& candidate : part->near(word))
      if (candidate.distance > 0)
        out.push_back({part->words()[candidate.word], candidate.distance});
  std::sort(out.begin(), out.end(), [](const Near& a, const Near& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.word < b.word;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Near& a, const Near& b) { return a.word == b.word; }),
            out.end());
  return out;
}

std::vector<SpellingIndex::NearPrefix> SpellingSet::near_prefixes(std::string_view prefix,
                                                                  unsigned max_distance) const {
  std::vector<SpellingIndex::NearPrefix> out;
  for (const SpellingIndex* part : parts_)
    for (SpellingIndex::NearPrefix& candidate : part->near_prefixes(prefix, max_distance))
      if (candidate.distance > 0) out.push_back(std::move(candidate));
  using NearPrefix = SpellingIndex::NearPrefix;
  std::sort(out.begin(), out.end(), [](const NearPrefix& a, const NearPrefix& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.prefix < b.prefix;
  });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const NearPrefix& a, const NearPrefix& b) { return a.prefix == b.prefix; }),
      out.end());
  // As in each part: leave out a prefix that another candidate (from another part) extends.
  std::vector<NearPrefix> kept;
  for (NearPrefix& candidate : out) {
    const bool extended = std::any_of(out.begin(), out.end(), [&](const NearPrefix& other) {
      return other.prefix.size() > candidate.prefix.size() &&
             other.prefix.starts_with(candidate.prefix);
    });
    if (!extended) kept.push_back(candidate);
  }
  return kept;
}

std::vector<std::string_view> SpellingSet::heaviest_with_prefix(std::string_view prefix,
                                                                std::size_t limit) const {
  std::vector<std::string_view> out;
  for (const SpellingIndex* part : parts_)
    for (std::uint32_t id : part->heaviest_with_prefix(prefix, limit)) {
      const std::string_view word = part->words()[id];
      if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
    }
  return out;
}

}  // namespace charfinder
