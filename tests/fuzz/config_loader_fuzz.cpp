// tests/fuzz/config_loader_fuzz.cpp
//
// libFuzzer target: the configuration loader on arbitrary YAML text.
// Properties: never throws (yaml-cpp's exceptions stop inside); a Config exactly when there
// are no problems; every problem names the file, on one line; an accepted Config printed
// with to_yaml() parses back to the same Config and prints the same text again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config_loader.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const charfinder::ConfigResult result = charfinder::parse_config(yaml, "fuzz.yaml");
  FUZZ_CHECK(result.config.has_value() == result.problems.empty(), "a Config iff no problem");
  for (const std::string& problem : result.problems) {
    FUZZ_CHECK(problem.rfind("fuzz.yaml", 0) == 0, "a problem names the file");
    FUZZ_CHECK(problem.find('\n') == std::string::npos, "a problem is one line");
  }
  if (result.config) {
    const std::string printed = charfinder::to_yaml(*result.config);
    const charfinder::ConfigResult again = charfinder::parse_config(printed, "printed.yaml");
    FUZZ_CHECK(again.config.has_value(), "the printed configuration is accepted");
    FUZZ_CHECK(*again.config == *result.config, "to_yaml() round-trips");
    FUZZ_CHECK(charfinder::to_yaml(*again.config) == printed, "printing is stable");
  }
  return 0;
}
