// config/reader.hpp
//
// Internal to config/: the state of one parse_config() call. Collects every problem with
// its line (so all are reported at once, in file order), remembers where each key was and
// which were rejected (cross-checks skip those), and reads one value by its schema rule.
// One Reader per call; not thread-safe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/schema.hpp"

namespace charfinder {

// One key's value as met in the file: the node, where its key was, and its dotted path.
struct ConfigValue {
  const YAML::Node& node;
  YAML::Mark mark;
  std::string path;
};

// An address read from a listen list, for the duplicate check.
struct AddressEntry {
  ListenAddress address;
  std::string path;  // "telnet.listen[0]"
  int line;          // 0-based, -1 when unknown
};

class Reader {
 public:
  explicit Reader(std::string_view file_name) : file_name_(file_name) {}

  void problem(const YAML::Mark& mark, std::string_view path, std::string_view what);
  void problem_at_line(int line, std::string_view path, std::string_view what);
  // In file order (cross-key checks run last but belong where their key is); problems
  // without a line come first.
  std::vector<std::string> take_problems();

  // Reads `value` by `key`'s rule into its member of `config`. A rejected value leaves the
  // default in place and marks the path bad.
  void read(const SchemaKey& key, const ConfigValue& value, Config& config);

  bool is_bad(const std::string& path) const { return bad_paths_.count(path) != 0; }
  int line_of(const std::string& path) const;  // 0-based line of the key, -1 if not written
  const std::vector<AddressEntry>& addresses() const { return addresses_; }

 private:
  std::optional<std::uint64_t> integer(const ConfigValue& v, std::uint64_t lo, std::uint64_t hi);
  std::optional<bool> boolean(const ConfigValue& v);
  // A duration with a unit; `positive`: zero is refused too (a timeout).
  std::optional<Duration> timeout(const ConfigValue& v, bool positive);
  std::optional<std::string> one_of(const ConfigValue& v,
                                    std::span<const std::string_view> allowed);
  std::optional<std::vector<ListenAddress>> listen(const ConfigValue& v);
  // A list of words (kSubsetOf: each one of `allowed`, no repeats; kLanguages: locale ids).
  std::optional<std::vector<std::string>> words(const ConfigValue& v, const ValueRule& rule);

  std::string file_name_;
  std::vector<std::pair<int, std::string>> problems_;  // 0-based line (-1: none), message
  std::map<std::string, int> lines_;                   // dotted path -> 0-based line of its key
  std::vector<AddressEntry> addresses_;
  std::set<std::string> bad_paths_;
};

// How a node the user wrote is shown after "got": "nothing", a quoted scalar, "a list"...
std::string describe_node(const YAML::Node& node);

// Checks that involve more than one key (http.page_size <= max_page_size, not both listen
// lists empty, no address twice); run after every key has been read.
void cross_check(Reader& reader, const Config& config);

}  // namespace charfinder
