// Issue 9 over the real binary: the sources beyond formal names through telnet, HTTP (JSON)
// and the CLI, for the cases the issue lists (true of the Debian 12 data).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/run_charfinder.hpp"
#include "tests/e2e/telnet_e2e_util.hpp"

using namespace charfinder;
using nlohmann::json;

namespace {

const std::string* row_of(const TelnetAnswer& answer, const std::string& code) {
  for (const std::string& row : answer.rows)
    if (row.starts_with(code + "\t")) return &row;
  return nullptr;
}

TelnetAnswer ask_all(TestClient& client, const std::string& query) {
  TelnetAnswer all = ask(client, query);
  while (all.status.find("press Enter for more") != std::string::npos) {
    TelnetAnswer more = ask(client, "");
    all.rows.insert(all.rows.end(), more.rows.begin(), more.rows.end());
    all.status = more.status;
  }
  return all;
}

using charfinder::testing::Run;
using charfinder::testing::run_charfinder;

const json* result_of(const json& answer, const std::string& code) {
  for (const json& r : answer["results"])
    if (r["code"] == code) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("telnet: the issue's cases", "[e2e][sources]") {
  DaemonProcess daemon;
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", std::chrono::seconds(10));

  const TelnetAnswer lightning = ask_all(client, "lightning");
  const std::string* bolt = row_of(lightning, "U+26A1");
  REQUIRE(bolt != nullptr);
  CHECK(*bolt == "U+26A1\t\u26A1\tHIGH VOLTAGE SIGN\t= lightning symbol");

  CHECK(row_of(ask_all(client, "nbsp"), "U+00A0") != nullptr);
  CHECK(row_of(ask_all(client, "line feed"), "U+000A") != nullptr);
  CHECK(row_of(ask_all(client, "poop"), "U+1F4A9") != nullptr);
  CHECK(row_of(ask_all(client, "flag france"), "U+1F1EB U+1F1F7") != nullptr);
  const TelnetAnswer family = ask_all(client, "family");
  REQUIRE(family.rows.size() > 2);
  CHECK(family.rows[0].starts_with("U+4DE4\t"));
  CHECK(family.rows[1].starts_with("U+1F46A\t"));
  CHECK(row_of(family, "U+1F468 U+200D U+1F469 U+200D U+1F467") != nullptr);
  CHECK(row_of(ask_all(client, "thumbs up dark skin tone"), "U+1F44D U+1F3FF") != nullptr);
  CHECK(row_of(ask_all(client, "keycap number sign"), "U+0023 U+FE0F U+20E3") != nullptr);
  CHECK(row_of(ask_all(client, "lang:de katze"), "U+1F431") != nullptr);
  // Without German, KATZE is no word in scope (the English words near it are suggested).
  const TelnetAnswer katze = ask(client, "katze");
  CHECK(katze.rows.empty());
  CHECK(katze.status.starts_with("No match for 'katze'"));
  CHECK(row_of(ask_all(client, "lang:ja \u30CD\u30B3"), "U+1F431") != nullptr);
  CHECK(row_of(ask_all(client, "lang:hi \u092C\u093F\u0932\u094D\u0932\u0940"), "U+1F408") !=
        nullptr);
  // The answer must outlive the row pointer (ASan found this reading a freed temporary).
  const TelnetAnswer cats = ask_all(client, "cat");
  const std::string* cat = row_of(cats, "U+732B");
  REQUIRE(cat != nullptr);
  CHECK(cat->find("\tdefinition: ") != std::string::npos);
  const TelnetAnswer chess = ask_all(client, "chess black");
  REQUIRE(chess.rows.size() >= 6);
  CHECK(chess.rows[0].starts_with("U+265A\t"));
  CHECK(chess.rows[5].starts_with("U+265F\t"));
  const TelnetAnswer scoped = ask_all(client, "scope:names sun");
  for (const std::string& row : scoped.rows) CHECK(std::count(row.begin(), row.end(), '\t') == 2);
}

TEST_CASE("telnet: /lang sets the session's languages, bad input is one error line",
          "[e2e][sources]") {
  DaemonProcess daemon;
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", std::chrono::seconds(10));
  // Without German, KATZE is no word in scope (the English words near it are suggested).
  const TelnetAnswer katze = ask(client, "katze");
  CHECK(katze.rows.empty());
  CHECK(katze.status.starts_with("No match for 'katze'"));
  CHECK(ask(client, "/lang de").status.find("de") != std::string::npos);
  CHECK(row_of(ask_all(client, "katze"), "U+1F431") != nullptr);
  CHECK(ask(client, "/lang").status.find("de") != std::string::npos);
  CHECK(ask(client, "/lang xx").status.starts_with("error: unknown language 'xx'"));
  CHECK(ask(client, "lang:xx cat").status.starts_with("error: unknown language 'xx'"));
  CHECK(ask(client, "lang: cat").status.starts_with("error: empty lang:"));
  CHECK(ask(client, "scope:all cat").status.starts_with("error: unknown scope"));
  CHECK(ask(client, "/lang none").status.find("English") != std::string::npos);
  const TelnetAnswer english = ask(client, "katze");
  CHECK(english.rows.empty());
  CHECK(english.status.starts_with("No match for 'katze'"));
  const TelnetAnswer help = ask(client, "/help");
  std::string all;
  for (const std::string& row : help.rows) all += row + "\n";
  all += help.status;
  CHECK(all.find("lang:") != std::string::npos);
  CHECK(all.find("/lang") != std::string::npos);
  CHECK(all.find("scope:names") != std::string::npos);
}

TEST_CASE("HTTP JSON: kind, tier, matched, by_name, Accept-Language and Vary", "[e2e][sources]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  HttpReply reply = http.get("/api/search?q=lightning&limit=1000");
  REQUIRE(reply.status == 200);
  CHECK(reply.header("Vary").value_or("").find("Accept-Language") != std::string::npos);
  json answer = json::parse(reply.body);
  CHECK(answer["by_name"].get<std::size_t>() < answer["total"].get<std::size_t>());
  const json* bolt = result_of(answer, "U+26A1");
  REQUIRE(bolt != nullptr);
  CHECK((*bolt)["kind"] == "char");
  CHECK((*bolt)["tier"] == "other");
  CHECK((*bolt)["matched"]["source"] == "informal_aliases");
  CHECK((*bolt)["matched"]["text"] == "lightning symbol");

  answer = json::parse(http.get("/api/search?q=flag+france&limit=1000").body);
  const json* flag = result_of(answer, "U+1F1EB U+1F1F7");
  REQUIRE(flag != nullptr);
  CHECK((*flag)["kind"] == "sequence");
  CHECK((*flag)["char"] == "\U0001F1EB\U0001F1F7");

  answer = json::parse(http.get("/api/search?q=katze").body);
  CHECK(answer["total"] == 0);
  reply = http.get("/api/search?q=katze", "Accept-Language: de-DE,de;q=0.9,en;q=0.5\r\n");
  answer = json::parse(reply.body);
  REQUIRE(result_of(answer, "U+1F431") != nullptr);
  CHECK((*result_of(answer, "U+1F431"))["matched"]["lang"] == "de");
  // The cache keeps the languages apart.
  answer = json::parse(http.get("/api/search?q=katze").body);
  CHECK(answer["total"] == 0);

  reply = http.get("/api/search?q=lang:xx+cat");
  CHECK(reply.status == 400);
  CHECK(json::parse(reply.body)["error"].get<std::string>().find("unknown language") !=
        std::string::npos);

  const json languages = json::parse(http.get("/api/languages").body);
  CHECK(languages["languages"].size() > 100);
  answer = json::parse(http.get("/api/search?q=katze&lang=de").body);
  CHECK(result_of(answer, "U+1F431") != nullptr);
  CHECK(http.get("/api/search?q=cat&lang=xx").status == 400);

  answer = json::parse(http.get("/api/search?q=chess+black").body);
  CHECK(answer["results"][0]["code"] == "U+265A");
  CHECK(answer["results"][0]["tier"] == "name");
}

TEST_CASE("HTTP details: aliases, informal aliases, CLDR, Unihan, emoji, sequences",
          "[e2e][sources]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  json d = json::parse(http.get("/api/char/U+26A1", "Accept-Language: de\r\n").body);
  bool informal = false;
  for (const json& a : d["informal_aliases"]) informal = informal || a == "lightning symbol";
  CHECK(informal);
  CHECK(d["emoji"]["emoji"] == true);
  bool german = false;
  for (const json& a : d["annotations"]) german = german || a["lang"] == "de";
  CHECK(german);
  d = json::parse(http.get("/api/char/U+00A0").body);
  bool nbsp = false;
  for (const json& a : d["formal_aliases"])
    nbsp = nbsp || (a["type"] == "abbreviation" && a["alias"] == "NBSP");
  CHECK(nbsp);
  d = json::parse(http.get("/api/char/U+732B").body);
  CHECK(d["unihan"]["definition"] == "cat");
  const HttpReply seq = http.get("/api/char/U+1F1EB%20U+1F1F7");
  REQUIRE(seq.status == 200);
  d = json::parse(seq.body);
  CHECK(d["kind"] == "sequence");
  CHECK(d["name"] == "flag: France");
  CHECK(d["code_points"].size() == 2);
}

TEST_CASE("HTML page: the fourth field and a language control", "[e2e][sources]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  const HttpReply page = http.get("/?q=lightning");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("lightning symbol") != std::string::npos);
  CHECK(page.body.find("name=\"lang\"") != std::string::npos);
}

TEST_CASE("CLI: find --lang, -c FILE with search settings", "[e2e][sources][cli]") {
  Run run = run_charfinder({"find", "lightning"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("U+26A1\t\u26A1\tHIGH VOLTAGE SIGN\t= lightning symbol\n") !=
        std::string::npos);
  run = run_charfinder({"find", "katze"});
  CHECK(run.exit_code == 1);
  run = run_charfinder({"find", "--lang", "de", "katze"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("U+1F431\t") != std::string::npos);
  run = run_charfinder({"find", "--lang", "xx", "cat"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("unknown language 'xx'") != std::string::npos);
  const auto config =
      std::filesystem::temp_directory_path() / ("cf-src-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(config) << "search:\n  sources: [names]\n";
  run = run_charfinder({"find", "-c", config.string(), "lightning"});
  CHECK(run.out.find("= lightning symbol") == std::string::npos);
  const Run formal = run_charfinder({"find", "-c", config.string(), "chess", "black"});
  const Run all = run_charfinder({"find", "chess", "black"});
  CHECK(formal.out.substr(0, formal.out.find("\n33")) ==
        all.out.substr(0, formal.out.find("\n33")));
  std::filesystem::remove(config);
}

TEST_CASE("paging keeps the languages and crosses the tiers", "[e2e][sources]") {
  DaemonProcess daemon = DaemonProcess::with_config("telnet:\n  page_size: 10\n");
  HttpConnection http(daemon.http_port());

  // JSON: the next link carries the languages the page was searched in, however they were
  // asked for, and following it finds the same total.
  const json first = json::parse(http.get("/api/search?q=katze&lang=de&limit=1").body);
  REQUIRE(first["total"].get<std::size_t>() >= 2);
  const std::string next = first["next"].get<std::string>();
  CHECK(next == "/api/search?q=katze&offset=1&limit=1&lang=de");
  const json second = json::parse(http.get(next).body);
  CHECK(second["total"] == first["total"]);
  CHECK(second["results"].size() == 1);
  const json by_header =
      json::parse(http.get("/api/search?q=katze&limit=1", "Accept-Language: de\r\n").body);
  CHECK(by_header["next"] == next);
  CHECK(json::parse(http.get("/api/search?q=cat&limit=1").body)["next"] ==
        "/api/search?q=cat&offset=1&limit=1");

  // The HTML pager keeps the `lang` parameter as given.
  const HttpReply page = http.get("/?q=cjk&lang=de");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<a rel=\"next\" href=\"/?q=cjk&amp;page=2&amp;lang=de\">") !=
        std::string::npos);

  // Telnet pages of 10 through `sun` give the rows of the one JSON answer, in its order:
  // the formal-name tier first, then the other tier, none twice.
  const json all = json::parse(http.get("/api/search?q=sun&limit=1000").body);
  REQUIRE(all["total"].get<std::size_t>() > 20);
  REQUIRE(all["by_name"].get<std::size_t>() < all["total"].get<std::size_t>());
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", std::chrono::seconds(10));
  const TelnetAnswer paged = ask_all(client, "sun");
  REQUIRE(paged.rows.size() == all["total"].get<std::size_t>());
  for (std::size_t i = 0; i < paged.rows.size(); ++i) {
    CAPTURE(i);
    CHECK(paged.rows[i].substr(0, paged.rows[i].find('\t')) ==
          all["results"][i]["code"].get<std::string>());
  }
  CHECK(all["results"][all["by_name"].get<std::size_t>()]["tier"] == "other");
}
