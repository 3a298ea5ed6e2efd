// config/config_writer.cpp
//
// Config -> YAML: the effective configuration, every key of the schema in its order and in
// the form of config/charfinder.yaml, so parse_config() reads it back to the same Config (a
// test proves the round trip). What `charfinder check-config` prints.
#include "config/config_loader.hpp"
#include "config/schema.hpp"

namespace charfinder {

std::string to_yaml(const Config& config) {
  std::string out;
  std::string_view section;
  for (const SchemaKey& key : config_schema()) {
    if (key.section != section) {
      section = key.section;
      out += section;
      out += ":\n";
    }
    out += "  ";
    out += key.name;
    out += ": ";
    out += yaml_value(key, config);
    out += "\n";
  }
  return out;
}

}  // namespace charfinder
