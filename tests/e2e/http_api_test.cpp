// End-to-end tests of the HTTP front end: the real binary on a free loopback port, spoken to
// over real sockets. Every JSON answer is checked with a real JSON parser (nlohmann-json).
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

void check_mandatory_headers(const HttpReply& reply) {
  CAPTURE(reply.head);
  CHECK(reply.header_count("Content-Length") == 1);
  const auto type = reply.header("Content-Type");
  REQUIRE(type);
  CHECK(type->find("charset=utf-8") != std::string::npos);
  static const std::regex imf_fixdate(
      R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)");
  const auto date = reply.header("Date");
  REQUIRE(date);
  CHECK(std::regex_match(*date, imf_fixdate));
  CHECK(reply.header("Server").value_or("").starts_with("charfinder/"));
  CHECK(reply.header("X-Content-Type-Options") == "nosniff");
}

}  // namespace

TEST_CASE("every route answers over a real socket with the right status", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());  // one keep-alive connection for all of them
  struct Case {
    std::string target;
    int status;
    std::string type_prefix;
  };
  const Case cases[] = {
      {"/", 200, "text/html"},
      {"/?q=cat", 200, "text/html"},
      {"/?query=cat&page=2", 200, "text/html"},
      {"/?q=%22open", 400, "text/html"},
      {"/api/search?q=cat+face", 200, "application/json"},
      {"/api/search?query=cat", 200, "application/json"},
      {"/api/search", 400, "application/json"},
      {"/api/search?q=", 400, "application/json"},
      {"/api/search?q=cat&limit=0", 400, "application/json"},
      {"/api/search?q=cat&offset=-3", 400, "application/json"},
      {"/api/search?q=%E2%98", 400, "application/json"},
      {"/api/search?q=%G1", 400, "application/json"},
      {"/api/char/U+1F431", 200, "application/json"},
      {"/api/char/U+110000", 404, "application/json"},
      {"/api/char/banana", 404, "application/json"},
      {"/healthz", 200, "text/plain"},
      {"/readyz", 200, "text/plain"},
      {"/metrics", 200, "text/plain; version=0.0.4"},
      {"/static/app.js", 200, "text/javascript"},
      {"/static/style.css", 200, "text/css"},
      {"/static/missing.js", 404, "text/plain"},
      {"/missing", 404, "text/plain"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.target);
    const HttpReply reply = http.get(c.target);
    CHECK(reply.status == c.status);
    CHECK(reply.header("Content-Type").value_or("").starts_with(c.type_prefix));
    CHECK(reply.header("Connection") == std::nullopt);  // still keep-alive
    check_mandatory_headers(reply);
    if (c.type_prefix == "application/json") {
      const json body = json::parse(reply.body);
      if (c.status != 200) CHECK(body.at("error").is_string());
    }
    if (c.type_prefix == "text/html") {
      CHECK(reply.header("Content-Security-Policy").value_or("").find("default-src 'none'") !=
            std::string::npos);
    }
  }
  CHECK(http.get("/healthz").body == "ok\n");
  const json cat = json::parse(http.get("/api/search?q=cat+face").body);
  CHECK(cat.at("query") == "cat face");
  CHECK(cat.at("results").at(0).at("code") == "U+1F431");
  CHECK(cat.at("results").at(0).at("char") == "\xF0\x9F\x90\xB1");
  CHECK(cat.at("results").at(0).at("name") == "CAT FACE");
  CHECK(daemon.wait_for_log("\"GET /healthz HTTP/1.1\" 200", 5s));  // the access log
}

TEST_CASE("other methods get 405 with Allow, and the connection stays usable", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    CAPTURE(method);
    const HttpReply reply = http.get("/api/search?q=cat", "", method);
    CHECK(reply.status == 405);
    CHECK(reply.header("Allow") == "GET, HEAD");
    check_mandatory_headers(reply);
  }
  CHECK(http.get("/healthz").status == 200);
}

TEST_CASE("HEAD is GET without the body", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  for (const char* target : {"/", "/?q=arrow", "/api/search?q=arrow", "/api/char/U+2603",
                             "/static/app.js", "/healthz", "/missing", "/api/search?q=%22"}) {
    CAPTURE(target);
    const HttpReply get = http.get(target);
    const HttpReply head = http.get(target, "", "HEAD");
    CHECK(head.status == get.status);
    CHECK(head.body.empty());
    CHECK(head.header("Content-Length") == std::to_string(get.body.size()));
    for (const char* name : {"Content-Type", "ETag", "Cache-Control", "Server",
                             "Content-Security-Policy", "Link", "Allow"}) {
      CAPTURE(name);
      CHECK(head.header(name) == get.header(name));
    }
  }
  CHECK(http.get("/healthz").status == 200);  // nothing of a body was left on the wire
}

TEST_CASE("If-None-Match with the ETag gets 304", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  for (const char* target : {"/api/search?q=snow", "/api/char/U+2603", "/static/app.js", "/"}) {
    CAPTURE(target);
    const HttpReply first = http.get(target);
    REQUIRE(first.status == 200);
    const auto etag = first.header("ETag");
    REQUIRE(etag);
    CHECK(first.header("Cache-Control"));
    const HttpReply again = http.get(target, "If-None-Match: " + *etag + "\r\n");
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("ETag") == etag);
    CHECK(http.get(target, "If-None-Match: \"something-else\"\r\n").status == 200);
  }
  CHECK(http.get("/api/search?q=snow").header("Cache-Control") == "public, max-age=86400");
}

TEST_CASE("a script in the query is escaped, never echoed raw", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  const std::string script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
  for (const std::string& target :
       {"/?q=" + script, std::string("/?q=<script>alert(1)</script>")}) {
    CAPTURE(target);
    const HttpReply page = http.get(target);
    CHECK(page.body.find("<script>alert") == std::string::npos);
    CHECK(page.body.find("&lt;script&gt;") != std::string::npos);
    CHECK(page.header("Content-Security-Policy").value_or("").find("unsafe-inline") ==
          std::string::npos);
  }
  const HttpReply api = http.get("/api/search?q=" + script);
  const json body = json::parse(api.body);
  CHECK(body.at("query") == "<script>alert(1)</script>");
  CHECK(api.header("Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("keep-alive and pipelining", "[e2e][http]") {
  DaemonProcess daemon;
  SECTION("pipelined requests are answered in order on one connection") {
    HttpConnection http(daemon.http_port());
    std::string batch;
    const char* targets[] = {"/api/search?q=cat", "/healthz", "/api/char/U+0041", "/missing",
                             "/api/search?q=dog"};
    for (const char* target : targets)
      batch += std::string("GET ") + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
    batch += "HEAD /healthz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    http.send(batch);  // one write: the server parses them from one buffer
    CHECK(json::parse(http.read().body).at("query") == "cat");
    CHECK(http.read().body == "ok\n");
    CHECK(json::parse(http.read().body).at("name") == "LATIN CAPITAL LETTER A");
    CHECK(http.read().status == 404);
    CHECK(json::parse(http.read().body).at("query") == "dog");
    const HttpReply last = http.read(true);
    CHECK(last.status == 200);
    CHECK(last.header("Connection") == "close");
    CHECK(http.read_to_eof().empty());
  }
  SECTION("a pipeline split at every byte boundary still parses") {
    HttpConnection http(daemon.http_port());
    const std::string two =
        "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\nGET /readyz HTTP/1.1\r\nHost: h\r\n\r\n";
    for (std::size_t cut = 1; cut < two.size(); cut += 7) {
      CAPTURE(cut);
      http.send(two.substr(0, cut));
      http.send(two.substr(cut));
      CHECK(http.read().body == "ok\n");
      CHECK(http.read().body == "ready\n");
    }
  }
  SECTION("HTTP/1.0 closes by default and keeps alive on request") {
    HttpConnection plain(daemon.http_port());
    plain.send("GET /healthz HTTP/1.0\r\n\r\n");
    const HttpReply once = plain.read();
    CHECK(once.header("Connection") == "close");
    CHECK(plain.read_to_eof().empty());

    HttpConnection kept(daemon.http_port());
    for (int i = 0; i < 3; ++i) {
      kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      const HttpReply reply = kept.read();
      CHECK(reply.body == "ok\n");
      CHECK(reply.header("Connection") == "keep-alive");
    }
  }
  SECTION("Connection: close closes after the response") {
    HttpConnection http(daemon.http_port());
    const HttpReply reply = http.get("/healthz", "Connection: close\r\n");
    CHECK(reply.header("Connection") == "close");
    CHECK(http.read_to_eof().empty());
  }
}

TEST_CASE("malformed requests get a short error and the connection is closed", "[e2e][http]") {
  DaemonProcess daemon;
  struct Case {
    std::string name;
    std::string wire;
    int status;
  };
  const Case cases[] = {
      {"garbage", "HELLO\r\n\r\n", 400},
      {"HTTP/2", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
      {"no Host", "GET / HTTP/1.1\r\n\r\n", 400},
      {"obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n  b\r\n\r\n", 400},
      {"bare CR", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400},
      {"NUL", std::string("GET / HTTP/1.1\r\nHost: h\0\r\n\r\n", 28), 400},
      {"body", "POST /api/search HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world",
       413},
      {"chunked",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
       413},
      {"two lengths", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
       400},
      {"long line", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414},
      {"big headers", "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(17000, 'b') + "\r\n\r\n",
       431},
      {"bad percent in the path",
       "GET /api/char/%ZZ HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    HttpConnection http(daemon.http_port());
    http.send(c.wire);
    const HttpReply reply = http.read();
    CHECK(reply.status == c.status);
    CHECK(reply.header("Connection") == "close");
    check_mandatory_headers(reply);
    CHECK(http.read_to_eof().empty());
  }
  std::string fields = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 100; ++i) fields += "F" + std::to_string(i) + ": x\r\n";
  HttpConnection http(daemon.http_port());
  http.send(fields + "\r\n");
  CHECK(http.read().status == 431);
}

TEST_CASE("a request head that does not arrive in time gets 408", "[e2e][http]") {
  DaemonProcess daemon =
      DaemonProcess::with_config("http:\n  header_timeout: 1s\n  idle_timeout: 1s\n");
  SECTION("a half-sent request") {
    HttpConnection http(daemon.http_port());
    http.send("GET /healthz HTTP/1.1\r\nHo");
    const std::string rest = http.read_to_eof(10s);
    CHECK(rest.starts_with("HTTP/1.1 408 Request Timeout\r\n"));
    CHECK(rest.find("Connection: close\r\n") != std::string::npos);
  }
  SECTION("a slow sender that keeps trickling bytes is cut off too") {
    HttpConnection http(daemon.http_port());
    http.send("GET /healthz HTTP/1.1\r\n");
    std::string got;
    for (int i = 0; i < 50 && !http.client().closed_by_peer(); ++i) {
      try {
        http.send("X");
      } catch (const std::exception&) {
        break;  // closed
      }
      got += http.client().read_some(200ms);
    }
    CHECK(http.client().closed_by_peer());
    CHECK(got.starts_with("HTTP/1.1 408"));
  }
  SECTION("an idle keep-alive connection is closed quietly") {
    HttpConnection http(daemon.http_port());
    CHECK(http.get("/healthz").status == 200);
    CHECK(http.read_to_eof(10s).empty());
  }
}

TEST_CASE("over max_connections a client gets 503 and the connection is closed", "[e2e][http]") {
  DaemonProcess daemon = DaemonProcess::with_config("limits:\n  max_connections: 2\n");
  HttpConnection first(daemon.http_port());
  HttpConnection second(daemon.http_port());
  CHECK(first.get("/healthz").status == 200);  // both admitted and being served
  CHECK(second.get("/healthz").status == 200);
  HttpConnection third(daemon.http_port());
  third.send("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");
  const std::string refused = third.read_to_eof(10s);
  CHECK(refused.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK(refused.find("Connection: close\r\n") != std::string::npos);
  CHECK(refused.find("Content-Length: ") != std::string::npos);
  CHECK(first.get("/healthz").status == 200);  // the admitted ones are unaffected
  const std::string metrics = first.get("/metrics").body;
  CHECK(metrics.find("charfinder_http_responses_total{code=\"503\"} 1") != std::string::npos);
}

TEST_CASE("/api/char answers every kind of code point with valid JSON", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  const char* labels[] = {"U+0000",  "U+0009",  "U+001F",   "U+0022",   "U+005C",
                          "U+007F",  "U+0085",  "U+00E9",   "U+2028",   "U+2029",
                          "U+D800",  "U+DBFF",  "U+DC00",   "U+DFFF",   "U+E000",
                          "U+FEFF",  "U+FFFD",  "U+FFFE",   "U+FFFF",   "U+1F431",
                          "U+20000", "U+E0001", "U+10FFFD", "U+10FFFF", "U+0378"};
  for (const char* label : labels) {
    CAPTURE(label);
    const HttpReply reply = http.get(std::string("/api/char/") + label);
    REQUIRE(reply.status == 200);
    std::string body = reply.body;
    const auto code = std::stoul(std::string(label).substr(2), nullptr, 16);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (surrogate) {
      // "char" and the three case mappings (the surrogate itself) are the lone \udXXX escape
      // (RFC 8259 7). nlohmann-json refuses it, so the exact text is counted and replaced by
      // null for the parse below.
      char escape[16];
      (void)std::snprintf(escape, sizeof escape, ":\"\\u%04lx\"", code);  // 9 bytes fit
      std::size_t replaced = 0;
      for (std::size_t at = body.find(escape); at != std::string::npos; at = body.find(escape)) {
        body.replace(at, std::strlen(escape), ":null");
        ++replaced;
      }
      CHECK(replaced == 4);
    }
    const json d = json::parse(body);
    CHECK(d.at("code") == label);
    CHECK(d.at("name").get<std::string>().size() > 0);
    CHECK((surrogate ? d.at("char").is_null() : d.at("char").is_string()));
    CHECK(d.at("utf16").is_string());
    CHECK(d.at("html").get<std::string>().starts_with("&#x"));
  }
  CHECK(json::parse(http.get("/api/char/U+2028").body).at("char") == "\xE2\x80\xA8");
  CHECK(json::parse(http.get("/api/char/U+0000").body).at("char") == std::string(1, '\0'));
  const std::string lead = http.get("/api/char/U+D800").body;
  CHECK(lead.find("\"char\":\"\\ud800\"") != std::string::npos);
  CHECK(lead.find("\"general_category\":\"Cs\"") != std::string::npos);
  CHECK(lead.find("\"utf8\":null") != std::string::npos);
  CHECK(json::parse(http.get("/api/char/U+10FFFF").body).at("utf8") == "F4 8F BF BF");
  for (const char* bad : {"U+110000", "U+FFFFFFF", "U+12", "X+1234", "U+12G4"}) {
    CAPTURE(bad);
    const HttpReply reply = http.get(std::string("/api/char/") + bad);
    CHECK(reply.status == 404);
    CHECK(json::parse(reply.body).at("error").is_string());
  }
}

TEST_CASE("metrics count HTTP responses and queries", "[e2e][http]") {
  DaemonProcess daemon;
  HttpConnection http(daemon.http_port());
  http.get("/api/search?q=cat");
  http.get("/missing");
  const HttpReply metrics = http.get("/metrics");
  CHECK(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.body.find("charfinder_http_responses_total{code=\"200\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.body.find("charfinder_http_responses_total{code=\"404\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.body.find("charfinder_queries_total{protocol=\"http\"} 1\n") != std::string::npos);
  CHECK(metrics.body.find("charfinder_active_sessions{protocol=\"http\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.body.find("# TYPE charfinder_http_request_duration_seconds histogram\n") !=
        std::string::npos);
}

TEST_CASE("SIGTERM closes idle keep-alive connections and exits 0", "[e2e][http]") {
  DaemonProcess daemon = DaemonProcess::with_config("server:\n  shutdown_grace: 5s\n");
  HttpConnection idle(daemon.http_port());
  CHECK(idle.get("/healthz").status == 200);
  daemon.send_signal(SIGTERM);
  CHECK(idle.read_to_eof(10s).empty());
  CHECK(daemon.wait_exit(10s) == 0);
}

}  // namespace charfinder
