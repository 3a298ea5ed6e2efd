// tests/e2e/run_charfinder.hpp: runs a program once (CHARFINDER_BINARY, or one on PATH) with
// posix_spawn, no shell, stdin from /dev/null and stdout and stderr captured to files (named
// by the test process's pid: ctest runs each case alone).
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

extern char** environ;

namespace charfinder::testing {

struct Run {
  int exit_code = -1;  // 128 + the signal when one ended it
  std::string out;
  std::string err;  // both streams when the caller asked for one capture
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `argv` (argv[0] looked up on PATH) and waits for it. With `merge`, stderr goes where
// stdout goes and the whole output is in `out`.
inline Run run_process(std::vector<std::string> argv, bool merge = false) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("cf-run-out-" + std::to_string(::getpid()));
  const auto err = dir / ("cf-run-err-" + std::to_string(::getpid()));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (merge)
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Run run;
  if (error != 0) {
    run.err = "cannot start " + argv[0] + ": " + std::generic_category().message(error);
    return run;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = slurp(out);
  if (!merge) run.err = slurp(err);
  std::error_code ignored;  // a file the child never got to create
  std::filesystem::remove(out, ignored);
  std::filesystem::remove(err, ignored);
  return run;
}

// `charfinder ARGUMENTS...`
inline Run run_charfinder(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), CHARFINDER_BINARY);
  return run_process(std::move(arguments));
}

}  // namespace charfinder::testing
