// config/suggest.cpp: near-miss suggestions for unknown keys, from the schema.
#include "config/suggest.hpp"

#include <algorithm>
#include <vector>

#include "config/schema.hpp"

namespace charfinder {
namespace {

// Edit distance counting a swap of neighbours as one edit (optimal string alignment), so
// "levle" is one slip from "level". Keys are short, so O(n·m) is nothing.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// Whether `typed` looks like a slip of `known`: a couple of edits, and not most of the word.
bool close_enough(std::string_view typed, std::string_view known) {
  const std::size_t distance = edit_distance(typed, known);
  return distance <= 2 && distance * 3 <= known.size();
}

}  // namespace

std::string suggestion(std::string_view section, std::string_view typed) {
  std::vector<std::string_view> close;
  std::vector<std::string_view> known;
  if (section.empty()) {
    for (std::string_view name : kConfigSections) {
      known.push_back(name);
      if (close_enough(typed, name)) close.push_back(name);
    }
  } else {
    for (const SchemaKey& key : config_schema()) {
      if (key.section != section) continue;
      known.push_back(key.name);
      if (close_enough(typed, key.name)) close.push_back(key.name);
    }
  }
  std::vector<std::string> elsewhere;  // the same key name in another section
  if (close.empty()) {
    for (const SchemaKey& key : config_schema())
      if (key.section != section && key.name == typed)
        elsewhere.push_back(std::string(key.section) + "." + std::string(key.name));
  }
  std::vector<std::string_view> shown(close.begin(), close.end());
  if (close.empty()) shown.assign(elsewhere.begin(), elsewhere.end());
  if (!shown.empty()) return " (did you mean " + join_words(shown, " or ") + "?)";
  return " (known keys: " + join_words(known, ", ") + ")";
}

}  // namespace charfinder
