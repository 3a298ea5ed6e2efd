// The full sweep: every assigned code point U+0000..U+10FFFF through /api/search, page after
// page of max_page_size rows. Every raw answer is proven valid JSON (RFC 8259, valid UTF-8) by
// Python 3's json module, and each row is checked against ICU directly (not against
// charfinder's own code).
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/run_charfinder.hpp"

namespace charfinder {
namespace {

using nlohmann::json;

bool is_surrogate(char32_t code) { return code >= 0xD800 && code <= 0xDFFF; }

std::string expected_label(char32_t code) {
  char buffer[16];
  (void)std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code));  // fits
  return buffer;
}

// The row's "char" as the API must write it for a surrogate: exactly its lone escape.
std::string surrogate_char_member(char32_t code) {
  char buffer[24];
  (void)std::snprintf(buffer, sizeof buffer, "\"char\":\"\\u%04x\"",
                      static_cast<unsigned>(code));  // 15 bytes fit
  return buffer;
}

// The character as UTF-8, encoded by ICU (not by charfinder's text/utf8). REQUIRES: not a
// surrogate (UTF-8 cannot carry one).
std::string expected_char(char32_t code) {
  std::uint8_t buffer[U8_MAX_LENGTH];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(code));
  return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

// Run by Python 3 on the file of raw bodies, one per line: strict UTF-8 decoding, then
// json.loads with NaN/Infinity refused and duplicate keys detected (Python is otherwise
// lenient there), then every row's "char" must be exactly chr(code) -- for a surrogate, the
// lone surrogate str that its \udXXX escape stands for. Prints "ok ROWS SURROGATES" or the
// first failure with its line number, and exits non-zero on failure.
constexpr const char* kValidateScript = R"PY(
import json, sys
def refuse(name):
    raise ValueError("not JSON: " + name)
def no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key " + repr(key))
        obj[key] = value
    return obj
rows = surrogates = 0
with open(sys.argv[1], "rb") as f:
    for number, raw in enumerate(f, 1):
        try:
            page = json.loads(raw.rstrip(b"\n").decode("utf-8", "strict"),
                              parse_constant=refuse, object_pairs_hook=no_duplicates)
            for row in page["results"]:
                code = int(row["code"][2:], 16)
                if row["char"] != chr(code):
                    raise ValueError("row %s: char is %s" % (row["code"], ascii(row["char"])))
                rows += 1
                if 0xD800 <= code <= 0xDFFF:
                    surrogates += 1
        except Exception as error:
            print("line %d: %s: %s" % (number, type(error).__name__, error))
            sys.exit(1)
print("ok", rows, surrogates)
)PY";

// A private temporary directory, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "charfinder-sweep-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("a full sweep of U+0000..U+10FFFF through /api/search", "[e2e][http][sweep]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  const TempDir temp;
  const std::string bodies_file = (temp.path / "bodies.jsonl").string();
  std::ofstream bodies(bodies_file, std::ios::binary);
  REQUIRE(bodies);

  // What ICU says is assigned (general category other than Cn), in order.
  std::vector<char32_t> assigned;
  for (char32_t c = 0; c <= 0x10FFFF; ++c)
    if (u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED) assigned.push_back(c);
  const std::size_t expected_surrogates = 0xDFFF - 0xD800 + 1;

  const std::size_t limit = 1000;  // the default http.max_page_size
  std::string target = "/api/search?q=U%2B0000..U%2B10FFFF&limit=1000&offset=0";
  std::size_t seen = 0, pages = 0, mismatches = 0, replaced = 0;
  std::string first_mismatch;
  while (!target.empty()) {
    CAPTURE(target);
    REQUIRE(pages < 1000);  // bounded: ~289 pages expected
    const HttpReply reply = http.get(target);
    REQUIRE(reply.status == 200);
    // One body per line in the file for Python: the API never writes a raw line break
    // (controls and U+2028/2029 are escaped), which this also proves.
    REQUIRE(reply.body.find_first_of("\r\n") == std::string::npos);
    bodies << reply.body << '\n';

    // nlohmann-json is stricter than RFC 8259: it refuses a lone surrogate escape, which
    // RFC 8259 7 allows and the API writes for U+D800..U+DFFF. Python (above) proves those
    // bodies valid as they are; for nlohmann's content checks each expected surrogate
    // row's exact `"char":"\udXXX"` becomes `"char":null`, and exactly 2048 must be found.
    std::string body = reply.body;
    const std::size_t page_end = std::min(seen + limit, assigned.size());
    for (std::size_t i = seen; i < page_end; ++i) {
      if (!is_surrogate(assigned[i])) continue;
      const std::string member = surrogate_char_member(assigned[i]);
      const std::size_t at = body.find(member);
      if (at == std::string::npos) continue;  // counted below: replaced stays short
      body.replace(at, member.size(), "\"char\":null");
      ++replaced;
    }
    const json page = json::parse(body);  // throws on any other invalid JSON or UTF-8
    REQUIRE(page.at("query") == "U+0000..U+10FFFF");
    REQUIRE(page.at("total") == assigned.size());
    REQUIRE(page.at("offset") == seen);
    REQUIRE(page.at("limit") == limit);
    const json& results = page.at("results");
    REQUIRE(results.size() == page_end - seen);
    for (const json& row : results) {
      const char32_t code = assigned[seen++];
      const bool char_ok =
          is_surrogate(code) ? row.at("char").is_null() : row.at("char") == expected_char(code);
      const bool ok = row.at("code") == expected_label(code) && char_ok &&
                      !row.at("name").get<std::string>().empty();
      if (!ok && mismatches++ == 0) first_mismatch = row.dump();
    }
    const bool more = seen < assigned.size();
    if (more) {
      const std::string next =
          "/api/search?q=U%2B0000..U%2B10FFFF&offset=" + std::to_string(seen) + "&limit=1000";
      REQUIRE(page.at("next") == next);
      REQUIRE(reply.header("Link") == "<" + next + ">; rel=\"next\"");
      target = next;
    } else {
      REQUIRE(page.at("next").is_null());
      REQUIRE_FALSE(reply.header("Link"));
      target.clear();
    }
    ++pages;
  }
  CAPTURE(first_mismatch);
  CHECK(mismatches == 0);
  CHECK(replaced == expected_surrogates);
  CHECK(seen == assigned.size());
  CHECK(assigned.size() > 280000);  // Unicode 15: 288,767 including private use and surrogates

  // Every raw body through a real JSON parser that accepts what RFC 8259 accepts.
  bodies.close();
  REQUIRE(bodies);
  const testing::Run python =
      testing::run_process({"python3", "-c", kValidateScript, bodies_file}, true);
  INFO("python3: " << python.out);
  REQUIRE(python.exit_code == 0);
  CHECK(python.out ==
        "ok " + std::to_string(assigned.size()) + " " + std::to_string(expected_surrogates) + "\n");
}

}  // namespace charfinder
