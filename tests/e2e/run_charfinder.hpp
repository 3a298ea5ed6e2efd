// tests/e2e/run_charfinder.hpp: runs CHARFINDER_BINARY once through /bin/sh, with stdout and
// stderr captured to files (named by the test process's pid: ctest runs each case alone).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace charfinder::testing {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `arguments` is shell text (the tests quote what needs quoting).
inline Run run_charfinder(const std::string& arguments) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("cf-run-out-" + std::to_string(::getpid()));
  const auto err = dir / ("cf-run-err-" + std::to_string(::getpid()));
  const std::string command = std::string("'") + CHARFINDER_BINARY + "' " + arguments + " >'" +
                              out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  Run run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = slurp(out);
  run.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return run;
}

}  // namespace charfinder::testing
