#include "daemon/http/search_page.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "daemon/http/static_assets.hpp"

namespace charfinder {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count_of(const std::string& haystack, std::string_view needle) {
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

SearchPage page_of(std::size_t total, std::size_t offset, std::vector<char32_t> code_points) {
  SearchPage page;
  page.total = total;
  page.offset = offset;
  page.code_points = std::move(code_points);
  return page;
}

// "/static/NAME?v=TAG" with TAG the asset's ETag without its quotes.
std::string versioned(std::string_view name) {
  const StaticAsset* asset = find_static_asset(name);
  REQUIRE(asset != nullptr);
  const std::string_view etag = asset->etag;
  return "/static/" + std::string(name) + "?v=" + std::string(etag.substr(1, etag.size() - 2));
}

struct Tag {
  std::string name;                     // lower-case
  std::vector<std::string> attributes;  // names, lower-case
};

// The start tags of `html` with their attribute names. A small scanner that respects quoted
// values, so text such as `value="&quot; onerror=..."` is not mistaken for an attribute.
std::vector<Tag> start_tags(std::string_view html) {
  const auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  std::vector<Tag> tags;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    std::size_t end = i;
    while (end < html.size() && !is_space(html[end]) && html[end] != '>' && html[end] != '/') ++end;
    Tag tag{lower(html.substr(i, end - i)), {}};
    i = end;
    for (;;) {
      while (i < html.size() && (is_space(html[i]) || html[i] == '/')) ++i;
      if (i >= html.size() || html[i] == '>') break;
      end = i;
      while (end < html.size() && !is_space(html[end]) && html[end] != '=' && html[end] != '>')
        ++end;
      tag.attributes.push_back(lower(html.substr(i, end - i)));
      i = end;
      if (i < html.size() && html[i] == '=') {
        ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
          const std::size_t close = html.find(html[i], i + 1);
          REQUIRE(close != std::string_view::npos);
          i = close + 1;
        } else {
          while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
        }
      }
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

// Every page must satisfy the CSP `script-src 'self'; style-src 'self'` and carry no raw
// control character (other than the line feeds between tags).
void check_no_inline_code(const std::string& html) {
  std::size_t scripts = 0;
  for (const Tag& tag : start_tags(html)) {
    CAPTURE(tag.name);
    CHECK(tag.name != "style");
    for (const std::string& attribute : tag.attributes) {
      CAPTURE(attribute);
      CHECK_FALSE(attribute.starts_with("on"));
      CHECK(attribute != "style");
    }
    if (tag.name == "script") {
      ++scripts;
      CHECK(std::find(tag.attributes.begin(), tag.attributes.end(), "src") != tag.attributes.end());
    }
  }
  CHECK(scripts == 1);
  CHECK(count_of(html, "<script") == 1);  // nothing the scanner could have missed
  CHECK(count_of(html, "<style") == 0);
  CHECK_FALSE(contains(html, "javascript:"));
  CHECK(contains(html, "<script src=\"" + versioned("app.js") + "\" defer></script>"));
  CHECK(contains(html, "<link rel=\"stylesheet\" href=\"" + versioned("style.css") + "\">"));
  const auto raw_control = std::find_if(html.begin(), html.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte != '\n' && (byte < 0x20 || byte == 0x7F);
  });
  CAPTURE(raw_control - html.begin());
  CHECK(raw_control == html.end());
  CHECK_FALSE(contains(html, "\xC2\x80"));  // C1 controls are shown as U+FFFD
  CHECK_FALSE(contains(html, "\xC2\x9B"));
}

TEST_CASE("the start page has the form, examples and no results", "[http][page]") {
  const std::string html = render_search_page({});
  check_no_inline_code(html);
  CHECK(html.starts_with("<!doctype html>"));
  CHECK(contains(html, "<form id=\"search\" class=\"search\" action=\"/\" method=\"get\""));
  CHECK(contains(html, "name=\"q\""));
  CHECK(contains(html, "autofocus"));
  CHECK(contains(html, "value=\"\""));
  CHECK(contains(html, "<a href=\"/?q=chess+black\">chess black</a>"));
  CHECK(contains(html, "<a href=\"/?q=cat+face\">cat face</a>"));
  CHECK(contains(html, "<a href=\"/?q=arrow*\">arrow*</a>"));
  CHECK(contains(html, "<a href=\"/?q=U%2B2600..U%2B26FF\">U+2600..U+26FF</a>"));
  CHECK(contains(html,
                 "<a href=\"/?q=%22rightwards+black+arrow%22\">&quot;rightwards black "
                 "arrow&quot;</a>"));
  CHECK(contains(html, "<a href=\"/?q=%E2%98%83\">\xE2\x98\x83</a>"));
  CHECK(contains(html, "id=\"status\""));
  CHECK_FALSE(contains(html, "class=\"row\""));
  CHECK_FALSE(contains(html, "id=\"pager\""));
  CHECK(contains(html, "id=\"results\""));  // the hook app.js fills
  // Assets are linked with their version, so a new build is never mixed with a cached file.
  CHECK(contains(html, "<link rel=\"icon\" href=\"" + versioned("favicon.svg") + "\""));
  CHECK(versioned("app.js").size() > std::string_view("/static/app.js?v=").size());
}

TEST_CASE("hostile queries are escaped wherever they are echoed", "[http][page]") {
  struct Case {
    std::string_view query;
    std::string_view escaped;  // as text and attribute value
    std::string_view url;      // in ?q=
  };
  const Case cases[] = {
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;",
       "%3Cscript%3Ealert(1)%3C%2Fscript%3E"},
      {"\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
       "%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"},
      {"it's & \"quoted\"", "it&#39;s &amp; &quot;quoted&quot;", "it%27s+%26+%22quoted%22"},
  };
  // The URL form uses %28/%29 for parentheses: they are not unreserved.
  for (const Case& c : cases) {
    CAPTURE(c.query);
    const SearchPage results = page_of(150, 0, {U'A', U'B'});
    const std::string html = render_search_page({c.query, "", &results, 1, 2});
    check_no_inline_code(html);
    CHECK_FALSE(contains(html, c.query));
    CHECK(contains(html, std::string("value=\"") + std::string(c.escaped) + "\""));
    CHECK(contains(html, std::string("data-query=\"") + std::string(c.escaped) + "\""));
    CHECK(contains(html, std::string("<title>") + std::string(c.escaped)));
    // The status sentence quotes the query with ' which is escaped too.
    CHECK(contains(html, std::string("150 matches for &#39;") + std::string(c.escaped) + "&#39;"));
    std::string url(c.url);
    url = std::regex_replace(url, std::regex("\\("), "%28");
    url = std::regex_replace(url, std::regex("\\)"), "%29");
    CHECK(contains(html, "<a rel=\"next\" href=\"/?q=" + url + "&amp;page=2\">"));

    const std::string failed =
        render_search_page({c.query, "malformed <thing> & \"more\"", nullptr, 1, 100});
    check_no_inline_code(failed);
    CHECK_FALSE(contains(failed, c.query));
    CHECK(contains(failed, "malformed &lt;thing&gt; &amp; &quot;more&quot;"));
  }
}

TEST_CASE("control characters in the query never reach the page raw", "[http][page]") {
  const std::string query = "a\x1b[31mb\x7f\xC2\x9B";  // ESC, DEL and the C1 CSI
  const SearchPage results = page_of(0, 0, {});
  const std::string html = render_search_page({query, "", &results, 1, 100});
  check_no_inline_code(html);
  // In the box: Control Pictures (and U+FFFD for C1), as a terminal shows them.
  CHECK(contains(html, "value=\"a\xE2\x90\x9B[31mb\xE2\x90\xA1\xEF\xBF\xBD\""));
  // In the status sentence: \xNN escapes, as DESIGN.md's status sentence.
  CHECK(contains(html, "No match for &#39;a\\x1b[31mb\\x7f\\x9b&#39;"));
}

TEST_CASE("rows show code point, glyph and name, all escaped", "[http][page]") {
  const SearchPage results = page_of(5, 0, {0x1B, U'<', U'&', 0x265A, 0x1F431});
  const std::string html = render_search_page({"test", "", &results, 1, 100});
  check_no_inline_code(html);
  CHECK(count_of(html, "<li class=\"row\"") == 5);
  CHECK(contains(html,
                 "<li class=\"row\" data-code=\"U+265A\"><a class=\"hit\" "
                 "href=\"/api/char/U+265A\"><span class=\"code\">U+265A</span><span "
                 "class=\"glyph\">\xE2\x99\x9A</span><span class=\"name\">BLACK CHESS "
                 "KING</span></a></li>"));
  CHECK(contains(html,
                 "<span class=\"code\">U+1F431</span><span class=\"glyph\">"
                 "\xF0\x9F\x90\xB1</span><span class=\"name\">CAT FACE</span>"));
  // ESC: its Control Picture, and ICU's extended name escaped.
  CHECK(contains(html,
                 "<span class=\"glyph\">\xE2\x90\x9B</span><span class=\"name\">"
                 "&lt;control-001B&gt;</span>"));
  CHECK(contains(html,
                 "<span class=\"glyph\">&lt;</span><span class=\"name\">LESS-THAN "
                 "SIGN</span>"));
  CHECK(contains(html,
                 "<span class=\"glyph\">&amp;</span><span class=\"name\">AMPERSAND"
                 "</span>"));
  // Ascending order is kept.
  CHECK(html.find("U+001B") < html.find("U+003C"));
  CHECK(html.find("U+265A") < html.find("U+1F431"));
  CHECK(contains(html, ">5 matches for &#39;test&#39;</p>"));  // everything is shown
  CHECK_FALSE(contains(html, "id=\"pager\""));
  CHECK(contains(html, "data-total=\"5\" data-offset=\"0\" data-page-size=\"100\""));
}

TEST_CASE("previous and next links at the first, middle and last page", "[http][page]") {
  struct Case {
    std::size_t total;
    std::size_t page;
    std::size_t page_size;
    std::string_view prev;    // "" when there must be no previous link
    std::string_view next;    // "" when there must be no next link
    std::string_view status;  // suffix of the status sentence
    std::string_view page_of;
  };
  const Case cases[] = {
      {250, 1, 100, "", "/?q=cat+face&amp;page=2",
       "250 matches for &#39;cat face&#39; (showing 1–100)", "Page 1 of 3"},
      {250, 2, 100, "/?q=cat+face", "/?q=cat+face&amp;page=3", "(showing 101–200)", "Page 2 of 3"},
      {250, 3, 100, "/?q=cat+face&amp;page=2", "", "(showing 201–250)", "Page 3 of 3"},
      {200, 2, 100, "/?q=cat+face", "", "(showing 101–200)", "Page 2 of 2"},
      {3, 2, 2, "/?q=cat+face", "", "(showing 3–3)", "Page 2 of 2"},
      {1, 1, 100, "", "", "1 match for &#39;cat face&#39;</p>", ""},
      {0, 1, 100, "", "", "No match for &#39;cat face&#39;</p>", ""},
      // Past the end (a stale link): no rows, a way back to the last page, no next.
      {250, 9, 100, "/?q=cat+face&amp;page=3", "", "(page 9 is past the end)", "Page 9 of 3"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.total, c.page, c.page_size);
    const std::size_t offset = (c.page - 1) * c.page_size;
    std::vector<char32_t> code_points;
    for (std::size_t i = offset; i < std::min(c.total, offset + c.page_size); ++i) {
      code_points.push_back(static_cast<char32_t>(0x4E00 + i));
    }
    const SearchPage results = page_of(c.total, offset, code_points);
    const std::string html = render_search_page({"cat face", "", &results, c.page, c.page_size});
    check_no_inline_code(html);
    CHECK(count_of(html, "<li class=\"row\"") == code_points.size());
    CHECK(contains(html, c.status));
    if (c.prev.empty()) {
      CHECK_FALSE(contains(html, "rel=\"prev\""));
    } else {
      CHECK(contains(html, "<a rel=\"prev\" href=\"" + std::string(c.prev) + "\">"));
    }
    if (c.next.empty()) {
      CHECK_FALSE(contains(html, "rel=\"next\""));
    } else {
      CHECK(contains(html, "<a rel=\"next\" href=\"" + std::string(c.next) + "\">"));
    }
    if (c.page_of.empty()) {
      CHECK_FALSE(contains(html, "id=\"pager\""));
    } else {
      CHECK(contains(html, c.page_of));
    }
    CHECK(contains(html, "data-offset=\"" + std::to_string(offset) + "\""));
  }
}

TEST_CASE("a bad query shows its error and no rows", "[http][page]") {
  const std::string html =
      render_search_page({"\"black arrow", "unterminated quote", nullptr, 1, 100});
  check_no_inline_code(html);
  CHECK(contains(html,
                 "<p id=\"status\" class=\"status is-error\" role=\"alert\">"
                 "<strong>Error:</strong> unterminated quote</p>"));
  CHECK(contains(html, "value=\"&quot;black arrow\""));  // the box keeps the query to fix
  CHECK_FALSE(contains(html, "class=\"row\""));
  CHECK_FALSE(contains(html, "id=\"pager\""));
  CHECK_FALSE(contains(html, "matches for"));

  // An error wins over results handed in by mistake.
  const SearchPage results = page_of(1, 0, {U'A'});
  const std::string both = render_search_page({"x", "boom", &results, 1, 100});
  CHECK(contains(both, "<strong>Error:</strong> boom"));
  CHECK_FALSE(contains(both, "class=\"row\""));
}

}  // namespace
}  // namespace charfinder
