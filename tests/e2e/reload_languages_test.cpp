// End-to-end test of a live search.languages (SIGHUP): the new default applies to new HTTP
// requests and new telnet sessions, no answer cached or tagged for the old default is served
// for the new one, a session that began before the reload keeps the default it began with,
// and an unknown language rejects the file. Real binary, loopback.
#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/reload_e2e_util.hpp"
#include "tests/e2e/telnet_e2e_util.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::string_view kCatFace = "U+1F431";
// The cat face's row on the HTML page (the page's help text names U+1F431 too).
constexpr std::string_view kCatFaceRow = "<span class=\"code\">U+1F431</span>";

// The result for `code` in a /api/search answer, or nullptr.
const json* result_of(const json& answer, std::string_view code) {
  for (const json& r : answer["results"])
    if (r["code"] == code) return &r;
  return nullptr;
}

// The languages of the annotations in a /api/char answer ("de", "fr", ...).
bool annotated_in(const json& details, const std::string& lang) {
  for (const json& a : details["annotations"])
    if (a["lang"] == lang) return true;
  return false;
}

bool has_row(const TelnetAnswer& answer, std::string_view code) {
  for (const std::string& row : answer.rows)
    if (row.starts_with(std::string(code) + "\t")) return true;
  return false;
}

TestClient telnet_session(const DaemonProcess& daemon) {
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  return client;
}

TEST_CASE("SIGHUP: search.languages changes live, nothing cached for the old default is served",
          "[e2e][reload][languages]") {
  DaemonProcess daemon = DaemonProcess::with_config("search:\n  languages: [de]\n");
  const std::uint16_t http = daemon.http_port();

  // German is the default: "katze" finds the cat face everywhere.
  const HttpReply search_de = get_once(http, "/api/search?q=katze");
  REQUIRE(search_de.status == 200);
  const json katze_de = json::parse(search_de.body);
  REQUIRE(result_of(katze_de, kCatFace) != nullptr);
  CHECK((*result_of(katze_de, kCatFace))["matched"]["lang"] == "de");
  const std::string search_etag = search_de.header("ETag").value_or("");
  REQUIRE_FALSE(search_etag.empty());
  const HttpReply char_de = get_once(http, "/api/char/U+1F431");
  CHECK(annotated_in(json::parse(char_de.body), "de"));
  CHECK_FALSE(annotated_in(json::parse(char_de.body), "fr"));
  const std::string char_etag = char_de.header("ETag").value_or("");
  CHECK(get_once(http, "/api/char/U+1F431", "If-None-Match: " + char_etag + "\r\n").status == 304);
  const HttpReply page_de = get_once(http, "/?q=katze");
  CHECK(page_de.body.find(kCatFaceRow) != std::string::npos);
  // The default languages' next link has no lang=; cached like that under `lang=de` too.
  const json paged_de = json::parse(get_once(http, "/api/search?q=katze&lang=de&limit=1").body);
  CHECK(paged_de["next"] == "/api/search?q=katze&offset=1&limit=1");

  auto before = telnet_session(daemon);  // follows the default it began with
  CHECK(has_row(ask(before, "katze"), kCatFace));
  auto own = telnet_session(daemon);  // chose its languages itself
  ask(own, "/lang de");

  // Reload with French.
  rewrite_config(daemon, "search:\n  languages: [fr]\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("generation 2", 5s));
  CHECK(daemon.log().find("changed: search.languages\n") != std::string::npos);
  CHECK(daemon.log().find("search.languages changed in") == std::string::npos);  // not refused

  // New requests: French, not German; nothing cached before is served for them.
  const HttpReply search_fr = get_once(http, "/api/search?q=katze");
  CHECK(json::parse(search_fr.body)["total"] == 0);
  CHECK(search_fr.header("ETag").value_or("") != search_etag);
  CHECK(get_once(http, "/api/search?q=katze", "If-None-Match: " + search_etag + "\r\n").status ==
        200);
  const json chat = json::parse(get_once(http, "/api/search?q=chat").body);
  REQUIRE(result_of(chat, kCatFace) != nullptr);
  CHECK((*result_of(chat, kCatFace))["matched"]["lang"] == "fr");
  const HttpReply char_fr =
      get_once(http, "/api/char/U+1F431", "If-None-Match: " + char_etag + "\r\n");
  REQUIRE(char_fr.status == 200);  // the old ETag is not the new answer's
  CHECK(annotated_in(json::parse(char_fr.body), "fr"));
  CHECK_FALSE(annotated_in(json::parse(char_fr.body), "de"));
  const HttpReply page_fr = get_once(http, "/?q=katze");
  CHECK(page_fr.status == 200);
  CHECK(page_fr.body.find(kCatFaceRow) == std::string::npos);
  CHECK(get_once(http, "/?q=chat").body.find(kCatFaceRow) != std::string::npos);
  // German asked for is no longer the default: its next link now says so.
  const json paged_asked = json::parse(get_once(http, "/api/search?q=katze&lang=de&limit=1").body);
  CHECK(paged_asked["total"] == paged_de["total"]);
  CHECK(paged_asked["next"] == "/api/search?q=katze&offset=1&limit=1&lang=de");
  CHECK(json::parse(get_once(http, "/api/search?q=chat&limit=1").body)["next"] ==
        "/api/search?q=chat&offset=1&limit=1");

  // A new telnet session searches French; the page cached for "katze" in German is not its.
  auto after = telnet_session(daemon);
  CHECK(ask(after, "/lang").status.starts_with("languages: English and fr"));
  const TelnetAnswer katze_fr = ask(after, "katze");
  CHECK_FALSE(has_row(katze_fr, kCatFace));
  CHECK(katze_fr.status.starts_with("No match for 'katze'"));
  CHECK(has_row(ask(after, "chat"), kCatFace));
  // The sessions of before the reload (docs/deployment.md): the one without /lang keeps the
  // default it began with, German; the one with /lang keeps its own.
  CHECK(ask(before, "/lang").status.starts_with("languages: English and de"));
  CHECK(has_row(ask(before, "katze"), kCatFace));
  CHECK(has_row(ask(own, "katze"), kCatFace));
  CHECK(has_row(ask(after, "lang:de katze"), kCatFace));  // a query's lang: still works

  // An unknown language rejects the whole file; French stays in force.
  rewrite_config(daemon, "search:\n  languages: [xx]\ntelnet:\n  page_size: 3\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("configuration reload rejected", 5s));
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find(": search.languages: unknown language 'xx'") != std::string::npos);
  CHECK(log.find("configuration reload rejected (1 problems in ") != std::string::npos);
  CHECK(log.find("generation 2 stays in force") != std::string::npos);
  CHECK(metric_value(http, "charfinder_config_generation") == 2);
  CHECK(metric_value(http, "charfinder_config_reload_failures_total") == 1);
  CHECK(json::parse(get_once(http, "/api/search?q=katze").body)["total"] == 0);
  CHECK(result_of(json::parse(get_once(http, "/api/search?q=chat").body), kCatFace) != nullptr);
  auto later = telnet_session(daemon);
  const TelnetAnswer chat_later = ask(later, "chat");
  CHECK(has_row(chat_later, kCatFace));
  CHECK(chat_later.rows.size() > 3);  // the rejected file's page_size did not apply either
}

}  // namespace
}  // namespace charfinder
