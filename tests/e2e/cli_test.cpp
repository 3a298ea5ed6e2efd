// The one-shot subcommands of the real binary: find, check-config, --version, --help.
// Each runs CHARFINDER_BINARY through /bin/sh with stdout and stderr captured to files.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/e2e/run_charfinder.hpp"

namespace {

using charfinder::testing::Run;
using charfinder::testing::run_charfinder;

std::string write_temp_file(const std::string& name, const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace

TEST_CASE("find prints rows and the status sentence, exit 0", "[cli]") {
  const Run run = run_charfinder({"find", "chess", "black"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.rfind("U+265A\t\u265A\tBLACK CHESS KING\n", 0) == 0);
  CHECK(run.out.find("\n33 matches for 'chess black'\n") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = 0; (at = run.out.find("\nU+", at)) != std::string::npos; ++at) ++rows;
  CHECK(rows + 1 == 33);  // the first row has no newline before it
}

TEST_CASE("find takes negative terms that look like options", "[cli]") {
  const Run run = run_charfinder({"find", "chess", "-white", "-black"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("\n43 matches for 'chess -white -black'\n") != std::string::npos);
  CHECK(run.out.find("WHITE") == std::string::npos);
}

TEST_CASE("find exits 1 when nothing matches and 2 on a bad query", "[cli]") {
  const Run none = run_charfinder({"find", "zzzzqqq"});
  CHECK(none.exit_code == 1);
  CHECK(none.out == "No match for 'zzzzqqq'\n");

  const Run bad = run_charfinder({"find", "U+12G"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.rfind("charfinder: ", 0) == 0);

  const Run usage = run_charfinder({"find"});
  CHECK(usage.exit_code == 2);
}

TEST_CASE("find never writes a raw control character", "[cli]") {
  const Run run = run_charfinder({"find", "U+0000..U+009F"});
  CHECK(run.exit_code == 0);
  for (unsigned char byte : run.out) {
    CAPTURE(static_cast<int>(byte));
    CHECK((byte >= 0x20 || byte == '\t' || byte == '\n'));
    CHECK(byte != 0x7F);
  }
  CHECK(run.out.find("U+001B\t\u241B\t<control-001B>") != std::string::npos);
}

TEST_CASE("the version flag names the ICU and Unicode versions, help lists the subcommands",
          "[cli]") {
  const Run version = run_charfinder({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("charfinder ") != std::string::npos);
  CHECK(version.out.find("ICU 72") != std::string::npos);
  CHECK(version.out.find("Unicode 15.0") != std::string::npos);

  const Run help = run_charfinder({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* subcommand : {"serve", "find", "check-config", "healthcheck"}) {
    CAPTURE(subcommand);
    CHECK(help.out.find(subcommand) != std::string::npos);
  }

  const Run unknown = run_charfinder({"--no-such-flag"});
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("check-config prints the effective configuration or names line and key",
          "[cli][config]") {
  const std::string good = write_temp_file("cf-good", "telnet:\n  page_size: 7\n");
  const Run ok = run_charfinder({"check-config", good});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("page_size: 7") != std::string::npos);
  CHECK(ok.out.find("max_page_size: 1000") != std::string::npos);  // defaults are shown too

  const std::string bad = write_temp_file("cf-bad", "http:\n  page_size: 5\n  bogus: 1\n");
  const Run rejected = run_charfinder({"check-config", bad});
  CHECK(rejected.exit_code == 2);
  CHECK(rejected.out.empty());
  CHECK(rejected.err.find(":3:") != std::string::npos);
  CHECK(rejected.err.find("http.bogus") != std::string::npos);

  const Run missing = run_charfinder({"check-config", "/nonexistent/charfinder.yaml"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("/nonexistent/charfinder.yaml") != std::string::npos);

  std::filesystem::remove(good);
  std::filesystem::remove(bad);
}

TEST_CASE("serve with a bad configuration exits 2 before listening", "[cli][config]") {
  const std::string bad = write_temp_file("cf-serve-bad", "telnet:\n  idle_timeout: soon\n");
  const Run run = run_charfinder({"serve", "-c", bad});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("telnet.idle_timeout") != std::string::npos);
  CHECK(run.err.find("ready") == std::string::npos);
  std::filesystem::remove(bad);
}
