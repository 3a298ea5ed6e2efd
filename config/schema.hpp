// config/schema.hpp
//
// The configuration schema: one table row per key, in the order of config/charfinder.yaml.
// A row names the key, the rule its value follows and the Config member it sets; reading
// (config_loader.cpp), validation (reader.cpp), did-you-mean (suggest.cpp), to_yaml
// (config_writer.cpp) and the test that charfinder.yaml lists every key with its default
// all walk this table, so adding a key is one row here, one member in config.hpp and one
// line in charfinder.yaml. Read-only data; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

inline constexpr std::array<std::string_view, 7> kConfigSections{
    "telnet", "http", "limits", "server", "search", "memory", "log"};

// The values search.sources accepts, in their documented order.
inline constexpr std::array<std::string_view, 8> kSearchSources{
    "names", "aliases", "named_sequences", "informal_aliases", "unicode1_names",
    "emoji", "cldr",    "unihan"};

// The member a key sets.
using ConfigField = std::variant<bool*, std::size_t*, unsigned*, Duration*, std::string*,
                                 std::vector<ListenAddress>*, std::vector<std::string>*>;

// How a value is read and checked (the accepted language is in config_loader.hpp).
struct ValueRule {
  // kTimeout: a duration > 0; kDuration: a duration >= 0 ("0s" allowed). kSubsetOf: a list
  // of distinct values from `allowed`; kLanguages: a list of CLDR locale ids (letters,
  // digits, `_`; whether the table has them is checked at start-up) or "all".
  enum class Kind : std::uint8_t {
    kListen,
    kBoolean,
    kInteger,
    kTimeout,
    kDuration,
    kOneOf,
    kSubsetOf,
    kLanguages
  };
  static constexpr std::uint64_t kUnbounded = std::numeric_limits<std::size_t>::max();
  Kind kind;
  std::uint64_t lo = 0;  // kInteger: inclusive bounds
  std::uint64_t hi = 0;
  std::span<const std::string_view> allowed;  // kOneOf
};

struct SchemaKey {
  std::string_view section;
  std::string_view name;
  ValueRule rule;
  ConfigField (*field)(Config&);
};

// Every key, in file order.
std::span<const SchemaKey> config_schema();
// The row of section.name, or nullptr.
const SchemaKey* find_schema_key(std::string_view section, std::string_view name);

// The key's value in `config` as YAML, as to_yaml and charfinder.yaml write it:
// `["127.0.0.1:2323"]`, `true`, `100`, `300s`, `info`.
std::string yaml_value(const SchemaKey& key, const Config& config);

// "a, b, c" (for messages).
std::string join_words(std::span<const std::string_view> words, std::string_view separator);

}  // namespace charfinder
