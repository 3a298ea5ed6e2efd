#include <catch2/catch.hpp>

#include "daemon/http/url.hpp"
#include "text/form.hpp"

using namespace charfinder;

TEST_CASE("percent_decode decodes escapes and plus, and rejects malformed input", "[http][url]") {
  struct Case {
    std::string input;
    bool plus_is_space;
    std::optional<std::string> expected;
  };
  const Case cases[] = {
      {"cat", true, "cat"},
      {"cat+face", true, "cat face"},
      {"cat+face", false, "cat+face"},
      {"U%2B1F431", true, "U+1F431"},
      {"%e2%98%83", true, "\xE2\x98\x83"},
      {"%E2%98%83", true, "\xE2\x98\x83"},
      {"%20", true, " "},
      {"%", true, std::nullopt},
      {"%4", true, std::nullopt},
      {"abc%", true, std::nullopt},
      {"%G0", true, std::nullopt},
      {"%0G", true, std::nullopt},
      {"%FF", true, std::nullopt},        // not UTF-8
      {"%C3", true, std::nullopt},        // truncated UTF-8
      {"%ED%A0%80", true, std::nullopt},  // surrogate
      {"%C0%AF", true, std::nullopt},     // overlong
      {"%00", true, std::string(1, '\0')},
      {"", true, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input, c.plus_is_space);
    CHECK(percent_decode(c.input, c.plus_is_space) == c.expected);
  }
}

TEST_CASE("form_encode round-trips through percent_decode", "[http][url]") {
  const std::string inputs[] = {"cat face", "U+1F431",    "a&b=c",    "\xE2\x98\x83 snow",
                                "100%",     "\"quoted\"", "<script>", "+plus+"};
  for (const std::string& input : inputs) {
    CAPTURE(input);
    const std::string encoded = form_encode(input, FormStar::kEncode);
    CHECK(encoded.find_first_of(" &=#?<>\"") == std::string::npos);
    CHECK(percent_decode(encoded, true) == input);
  }
}

TEST_CASE("split_target separates path and query and drops a fragment", "[http][url]") {
  struct Case {
    std::string target, path, query;
  };
  const Case cases[] = {
      {"/", "/", ""},
      {"/api/search?q=cat", "/api/search", "q=cat"},
      {"/?q=a?b", "/", "q=a?b"},
      {"/x#frag", "/x", ""},
      {"/x?q=1#frag", "/x", "q=1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.target);
    const SplitTarget split = split_target(c.target);
    CHECK(split.path == c.path);
    CHECK(split.query == c.query);
  }
}

TEST_CASE("parse_query_string decodes pairs in order", "[http][url]") {
  std::string error;
  const auto params = parse_query_string("q=cat+face&offset=10&&flag&empty=&q=second", error);
  REQUIRE(params);
  REQUIRE(params->pairs.size() == 5);
  CHECK(*params->find("q") == "cat face");  // the first one wins
  CHECK(*params->find("offset") == "10");
  CHECK(*params->find("flag") == "");
  CHECK(*params->find("empty") == "");
  CHECK(params->find("limit") == nullptr);

  CHECK_FALSE(parse_query_string("q=%ZZ", error));
  CHECK_FALSE(error.empty());
  CHECK_FALSE(parse_query_string("q=%FF", error));
  CHECK_FALSE(parse_query_string("%=x", error));
  CHECK(parse_query_string("", error)->pairs.empty());
}

TEST_CASE("parse_non_negative accepts plain decimal integers only", "[http][url]") {
  struct Case {
    std::string text;
    std::optional<std::uint64_t> expected;
  };
  const Case cases[] = {
      {"0", 0},
      {"100", 100},
      {"007", 7},
      {"", std::nullopt},
      {"-1", std::nullopt},
      {"+1", std::nullopt},
      {"1.5", std::nullopt},
      {" 1", std::nullopt},
      {"1e3", std::nullopt},
      {"0x10", std::nullopt},
      {"999999999999999999", 999999999999999999ULL},
      {"9999999999999999999", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_non_negative(c.text) == c.expected);
  }
}
