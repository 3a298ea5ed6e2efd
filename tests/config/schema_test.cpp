#include "config/schema.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>

#include "config/config_loader.hpp"

using charfinder::Config;
using charfinder::config_schema;
using charfinder::SchemaKey;

TEST_CASE("the schema has each key once, grouped by section in file order", "[config][schema]") {
  std::set<std::string> seen;
  std::set<std::string> finished_sections;
  std::string_view section;
  for (const SchemaKey& key : config_schema()) {
    const std::string path = std::string(key.section) + "." + std::string(key.name);
    CAPTURE(path);
    CHECK(seen.insert(path).second);
    if (key.section != section) {
      CHECK(finished_sections.insert(std::string(section)).second);
      section = key.section;
    }
    CHECK(charfinder::find_schema_key(key.section, key.name) == &key);
  }
  CHECK(charfinder::find_schema_key("telnet", "nope") == nullptr);
}

#ifdef CHARFINDER_SOURCE_DIR
// Driven by the schema: every key of the table is in config/charfinder.yaml, in its section,
// with the built-in default as its value and a comment.
TEST_CASE("config/charfinder.yaml lists every schema key with its default", "[config][schema]") {
  std::ifstream file(std::string(CHARFINDER_SOURCE_DIR) + "/config/charfinder.yaml");
  REQUIRE(file);
  std::set<std::string> documented;  // "section.name=value"
  std::string section;
  std::string line;
  while (std::getline(file, line)) {
    const auto hash = line.find('#');
    std::string code = line.substr(0, hash);
    while (!code.empty() && code.back() == ' ') code.pop_back();
    if (code.empty()) continue;
    const auto colon = code.find(':');
    REQUIRE(colon != std::string::npos);
    if (code[0] != ' ') {
      section = code.substr(0, colon);
      continue;
    }
    CHECK(hash != std::string::npos);  // a key line has its comment
    const std::string name =
        code.substr(code.find_first_not_of(' '), colon - code.find_first_not_of(' '));
    const std::string value = code.substr(code.find_first_not_of(' ', colon + 1));
    std::string entry = section;
    entry.append(".").append(name).append("=").append(value);
    documented.insert(std::move(entry));
  }
  const Config defaults;
  for (const SchemaKey& key : config_schema()) {
    const std::string entry = std::string(key.section) + "." + std::string(key.name) + "=" +
                              charfinder::yaml_value(key, defaults);
    CAPTURE(entry);
    CHECK(documented.count(entry) == 1);
  }
  CHECK(documented.size() == config_schema().size());
}
#endif
