// The full sweep: every assigned code point U+0000..U+10FFFF through /api/search, page after
// page of max_page_size rows, each answer parsed by a real JSON parser and checked against
// ICU directly (not against charfinder's own code).
#include <unicode/uchar.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"

namespace charfinder {
namespace {

using nlohmann::json;

std::string expected_label(char32_t code) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code));
  return buffer;
}

std::string expected_char(char32_t code) {
  if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;  // UTF-8 cannot carry a surrogate
  std::string out;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

}  // namespace

TEST_CASE("a full sweep of U+0000..U+10FFFF through /api/search", "[e2e][http][sweep]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());

  // What ICU says is assigned (general category other than Cn), in order.
  std::vector<char32_t> assigned;
  for (char32_t c = 0; c <= 0x10FFFF; ++c)
    if (u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED) assigned.push_back(c);

  const std::size_t limit = 1000;  // the default http.max_page_size
  std::string target = "/api/search?q=U%2B0000..U%2B10FFFF&limit=1000&offset=0";
  std::size_t seen = 0, pages = 0, mismatches = 0;
  std::string first_mismatch;
  while (!target.empty()) {
    CAPTURE(target);
    REQUIRE(pages < 1000);  // bounded: ~289 pages expected
    const HttpReply reply = http.get(target);
    REQUIRE(reply.status == 200);
    const json page = json::parse(reply.body);  // throws on any invalid JSON or UTF-8
    REQUIRE(page.at("query") == "U+0000..U+10FFFF");
    REQUIRE(page.at("total") == assigned.size());
    REQUIRE(page.at("offset") == seen);
    REQUIRE(page.at("limit") == limit);
    const json& results = page.at("results");
    REQUIRE(results.size() == std::min(limit, assigned.size() - seen));
    for (const json& row : results) {
      const char32_t code = assigned[seen++];
      const bool ok = row.at("code") == expected_label(code) &&
                      row.at("char") == expected_char(code) &&
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
  CHECK(seen == assigned.size());
  CHECK(assigned.size() > 280000);  // Unicode 15: 288,767 including private use and surrogates
}

}  // namespace charfinder
