// Issue 10 over the real binary, with every source and language loaded: "did you mean" over
// telnet, HTTP (JSON and the page) and the CLI, and completion, for the cases.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/run_charfinder.hpp"
#include "tests/e2e/telnet_e2e_util.hpp"

using namespace charfinder;
using charfinder::testing::run_charfinder;
using nlohmann::json;

namespace {

// The cases: the status sentence each front end ends with. 33 is the count of
// `chess black` with every source: all by name (U+265A..U+265F and the 27 black pieces of
// U+1FA00..; no other source adds one). `squared latin capital letter t` has two, U+1F143
// and U+1F183 NEGATIVE SQUARED LATIN CAPITAL LETTER T.
constexpr const char* kChess = "No match for 'chess blak'. Did you mean: chess black (33)?";
constexpr const char* kNothing = "No match for 'xyzzyq'";

std::string suggestion_of(const std::string& status) {
  const auto at = status.find("Did you mean: ");
  return at == std::string::npos ? "" : status.substr(at + 14);
}

}  // namespace

TEST_CASE("telnet: did you mean", "[e2e][suggest]") {
  DaemonProcess daemon;
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", std::chrono::seconds(10));
  CHECK(ask(client, "chess blak").status == kChess);
  CHECK(ask(client, "chess black").status == "33 matches for 'chess black'");
  const TelnetAnswer squared = ask(client, "sqaured latin capital letter t");
  CHECK(suggestion_of(squared.status).starts_with("squared latin capital letter t ("));
  CHECK(suggestion_of(ask(client, "cstle").status).starts_with("castle ("));
  const TelnetAnswer nothing = ask(client, "xyzzyq");
  CHECK(nothing.rows.empty());
  CHECK(nothing.status == kNothing);
  // The session's languages are the scope: Russian words only with Russian.
  CHECK(ask(client, "/lang ru").rows.empty());
  CHECK(suggestion_of(ask(client, "кошкк").status).starts_with("кошка ("));
}

TEST_CASE("HTTP: suggestions in JSON and on the page, completion", "[e2e][suggest]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  json answer = json::parse(http.get("/api/search?q=chess+blak").body);
  CHECK(answer["total"] == 0);
  REQUIRE(answer["suggestions"].size() >= 1);
  CHECK(answer["suggestions"][0] == json({{"query", "chess black"}, {"total", 33}}));
  CHECK(json::parse(http.get("/api/search?q=chess+black").body)["total"] == 33);

  answer = json::parse(http.get("/api/search?q=sqaured+latin+capital+letter+t").body);
  REQUIRE(answer["suggestions"].size() >= 1);
  CHECK(answer["suggestions"][0]["query"] == "squared latin capital letter t");
  CHECK(answer["suggestions"][0]["total"].get<int>() > 0);
  answer = json::parse(http.get("/api/search?q=cstle").body);
  REQUIRE(answer["suggestions"].size() >= 1);
  CHECK(answer["suggestions"][0]["query"] == "castle");
  answer = json::parse(http.get("/api/search?q=xyzzyq").body);
  CHECK(answer["total"] == 0);
  CHECK(answer["suggestions"] == json::array());

  const HttpReply page = http.get("/?q=chess+blak");
  CHECK(page.body.find("Did you mean: <a href=\"/?q=chess+black\">chess black</a> (33)?") !=
        std::string::npos);

  const HttpReply complete = http.get("/api/complete?q=ches");
  REQUIRE(complete.status == 200);
  const json c = json::parse(complete.body);
  CHECK(c[0] == "ches");
  CHECK(std::find(c[1].begin(), c[1].end(), "chess") != c[1].end());
  CHECK(c[1].size() <= 10);
  // Accept-Language is the scope of a completion too.
  const json ru =
      json::parse(http.get("/api/complete?q=%D0%BA%D0%BE%D1%88", "Accept-Language: ru\r\n").body);
  CHECK(std::find(ru[1].begin(), ru[1].end(), "кошка") != ru[1].end());
  CHECK(http.get("/api/complete?q=%22open").status == 400);
}

TEST_CASE("CLI: did you mean", "[e2e][suggest]") {
  auto run = run_charfinder({"find", "chess", "blak"});
  CHECK(run.exit_code == 1);
  CHECK(run.out == std::string(kChess) + "\n");
  run = run_charfinder({"find", "cstle"});
  CHECK(suggestion_of(run.out).starts_with("castle ("));
  run = run_charfinder({"find", "sqaured", "latin", "capital", "letter", "t"});
  CHECK(suggestion_of(run.out).starts_with("squared latin capital letter t ("));
  run = run_charfinder({"find", "xyzzyq"});
  CHECK(run.exit_code == 1);
  CHECK(run.out == std::string(kNothing) + "\n");
  // A misspelt lang: code is an error that says what it may have been.
  run = run_charfinder({"find", "lang:dx", "katze"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("Did you mean: lang:de katze (") != std::string::npos);
}
