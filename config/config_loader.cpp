// config/config_loader.cpp
//
// YAML -> Config (see the header for the accepted language). yaml-cpp builds the node
// tree; everything after that is a walk over the mapping that looks each key up in the
// schema (schema.hpp) and lets the Reader (reader.hpp) read it, collecting every problem
// instead of stopping at the first. yaml-cpp's exceptions are caught here.
#include "config/config_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "config/reader.hpp"
#include "config/schema.hpp"
#include "config/suggest.hpp"
#include "config/yaml_documents.hpp"

namespace charfinder {
namespace {

// A mapping's keys: each must be a plain string and appear once. Calls `on_key` for each
// good key with its name, value and mark.
template <typename OnKey>
void for_each_key(Reader& reader, const YAML::Node& map, std::string_view prefix, OnKey on_key) {
  std::map<std::string, int> seen;  // key -> 0-based line of its first occurrence
  for (const auto& pair : map) {
    const YAML::Node key = pair.first;  // Node is a handle: copying is cheap
    const YAML::Node value = pair.second;
    const YAML::Mark mark = key.Mark();
    if (!key.IsScalar()) {
      reader.problem(mark, prefix, "expected a key name, got " + describe_node(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string path = prefix.empty() ? name : std::string(prefix) + "." + name;
    auto [first, inserted] = seen.emplace(name, mark.line);
    if (!inserted) {
      reader.problem(mark, path,
                     "duplicate key (first at line " + std::to_string(first->second + 1) + ")");
      continue;
    }
    on_key(name, path, value, mark);
  }
}

void read_document(Reader& reader, const YAML::Node& root, Config& config) {
  if (root.IsNull()) return;  // empty file or only comments: all defaults
  if (!root.IsMap()) {
    reader.problem(root.Mark(), "",
                   "expected a mapping of sections (" + join_words(kConfigSections, ", ") +
                       ") at the top level, got " + describe_node(root));
    return;
  }
  for_each_key(
      reader, root, "",
      [&](const std::string& section, const std::string& section_path, const YAML::Node& body,
          const YAML::Mark& section_mark) {
        if (std::find(kConfigSections.begin(), kConfigSections.end(), section) ==
            kConfigSections.end()) {
          reader.problem(section_mark, section_path, "unknown key" + suggestion("", section));
          return;
        }
        if (body.IsNull()) return;  // "telnet:" with every key commented out
        if (!body.IsMap()) {
          reader.problem(section_mark, section_path,
                         "expected a mapping of keys, got " + describe_node(body));
          return;
        }
        for_each_key(reader, body, section_path,
                     [&](const std::string& name, const std::string& path, const YAML::Node& value,
                         const YAML::Mark& mark) {
                       const SchemaKey* key = find_schema_key(section, name);
                       if (!key) {
                         reader.problem(mark, path, "unknown key" + suggestion(section, name));
                         return;
                       }
                       reader.read(*key, ConfigValue{value, mark, path}, config);
                     });
      });
}

}  // namespace

ConfigResult parse_config(std::string_view yaml, std::string_view file_name) {
  Reader reader(file_name);
  Config config;
  try {
    const std::string text(yaml);
    const DocumentCount documents = count_documents(text);
    if (documents.stuck) {
      reader.problem(documents.second, "",
                     "invalid YAML: unexpected text after the first node (column " +
                         std::to_string(documents.second.column + 1) + ")");
    } else if (documents.count > 1) {
      reader.problem(documents.second, "",
                     "expected one YAML document, found " + std::to_string(documents.count) +
                         " (remove the extra '---')");
    } else if (documents.count == 1) {
      read_document(reader, YAML::Load(text), config);
      cross_check(reader, config);
    }
  } catch (const YAML::Exception& e) {
    std::string what = "invalid YAML: " + e.msg;
    if (!e.mark.is_null()) what += " (column " + std::to_string(e.mark.column + 1) + ")";
    reader.problem(e.mark, "", what);
  } catch (const std::exception& e) {  // e.g. bad_alloc; never let it out of config/
    reader.problem(YAML::Mark::null_mark(), "", std::string("cannot parse: ") + e.what());
  }
  ConfigResult result;
  result.problems = reader.take_problems();
  if (result.problems.empty()) result.config = std::move(config);
  return result;
}

}  // namespace charfinder
