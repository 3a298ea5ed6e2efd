// tests/config/config_test_helpers.hpp: what the config tests share.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config_loader.hpp"

namespace config_test {

inline std::vector<std::string> problems_of(const std::string& yaml) {
  auto result = charfinder::parse_config(yaml, "t.yaml");
  CHECK(result.config.has_value() == result.problems.empty());
  return result.problems;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// A fresh directory for files the test writes; removed at the end of the scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("charfinder_config_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

}  // namespace config_test
