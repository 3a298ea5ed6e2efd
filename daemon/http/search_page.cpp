#include "daemon/http/search_page.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "daemon/http/static_assets.hpp"
#include "index/describe.hpp"
#include "index/entry_rows.hpp"
#include "index/icu_names.hpp"
#include "text/escape.hpp"
#include "text/form.hpp"

// The page links only /static/style.css and /static/app.js and has no inline script, style
// or event-handler attribute, so it works under `script-src 'self'; style-src 'self'`.
// Hooks for app.js: #q (the box), #status, #results (an <ol> of li.row[data-code], with
// data-query/-total/-offset/-page-size), #pager. Each row's link goes to /api/char/U+XXXX,
// so even without JavaScript a click shows the character's details (as JSON).

namespace charfinder {
namespace {

// Text or attribute value for HTML: the five special characters as entities, C0 and DEL as
// Control Pictures and C1 as U+FFFD (as a terminal shows them), so no raw control reaches
// the page. Other bytes pass through: the router only hands us valid UTF-8.
void append_html(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          append_terminal_glyph(out, byte);  // a Control Picture
        } else if (byte == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
          append_terminal_glyph(out, static_cast<unsigned char>(text[i + 1]));  // C1: U+FFFD
          ++i;
        } else {
          out += text[i];
        }
    }
  }
}

// "/?q=chess+black" for page 1, "/?q=chess+black&amp;page=3" otherwise (HTML-escaped). `lang`
// (the parameter as given, or nullptr) goes with it, so the pager keeps the user's languages.
std::string page_href(std::string_view query, std::size_t page, const std::string* lang) {
  std::string href = "/?q=" + form_encode(query, FormStar::kKeep);
  if (page > 1) href += "&amp;page=" + std::to_string(page);
  if (lang != nullptr) href += "&amp;lang=" + form_encode(*lang, FormStar::kKeep);
  return href;
}

// "/static/app.js?v=<etag>": the version changes with the bytes, so a browser holding the
// old file in its cache (the router lets it keep assets for an hour) fetches the new one
// together with the new page.
std::string asset_href(std::string_view name) {
  std::string href = "/static/";
  href += name;
  if (const StaticAsset* asset = find_static_asset(name); asset && asset->etag.size() > 2) {
    href += "?v=";
    href += asset->etag.substr(1, asset->etag.size() - 2);  // hex digits: nothing to escape
  }
  return href;
}

constexpr std::string_view kExamples[] = {
    "chess black",  "cat face",       "lightning",
    "flag france",  "lang:de katze",  "arrow*",
    "sun",          "U+2600..U+26FF", "\"rightwards black arrow\"",
    "arrow -black", "\xE2\x98\x83",  // ☃
};

// <p id="suggestions">Did you mean: <a href="/?q=chess+black">chess black</a> (33)?</p>;
// always present (empty and hidden for none), so app.js can fill it.
void append_suggestions(std::string& out, const std::vector<Suggestion>& suggestions,
                        const std::string* lang) {
  if (suggestions.empty()) {
    out += "<p id=\"suggestions\" class=\"suggestions\" hidden></p>\n";
    return;
  }
  out += "<p id=\"suggestions\" class=\"suggestions\">Did you mean: ";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    if (i > 0) out += ", ";
    out += "<a href=\"" + page_href(suggestions[i].query, 1, lang) + "\">";
    append_html(out, suggestions[i].query);
    out += "</a> (" + std::to_string(suggestions[i].total) + ")";
  }
  out += "?</p>\n";
}

void append_head(std::string& out, std::string_view query) {
  out +=
      "<!doctype html>\n"
      "<html lang=\"en\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n"
      "<meta name=\"description\" content=\"Find Unicode characters by the words in their "
      "names\">\n"
      "<title>";
  if (!query.empty()) {
    append_html(out, query);
    out += " \xE2\x80\x94 ";  // em dash
  }
  out += "charfinder</title>\n";
  out += "<link rel=\"icon\" href=\"" + asset_href("favicon.svg") + "\" type=\"image/svg+xml\">\n";
  out += "<link rel=\"stylesheet\" href=\"" + asset_href("style.css") + "\">\n";
  out +=
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
      "title=\"charfinder\" href=\"/opensearch.xml\">\n";
  out += "<script src=\"" + asset_href("app.js") + "\" defer></script>\n";
  out += "</head>\n";
}

void append_header(std::string& out, std::string_view query, const SearchPageModel& model) {
  out +=
      "<header class=\"top\">\n"
      "<h1 class=\"brand\"><a href=\"/\"><img src=\"";
  out += asset_href("favicon.svg");
  out +=
      "\" alt=\"\" width=\"28\" height=\"28\">charfinder</a></h1>\n"
      "<form id=\"search\" class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
      "<label for=\"q\" class=\"visually-hidden\">Search Unicode character names</label>\n"
      "<input id=\"q\" name=\"q\" type=\"search\" value=\"";
  append_html(out, query);
  out +=
      "\" placeholder=\"words, arrow*, U+2600..U+26FF, \xE2\x98\x83\" autofocus "
      "autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" maxlength=\"1024\">\n"
      "<label for=\"lang\" class=\"visually-hidden\">Languages besides English</label>\n"
      "<select id=\"lang\" name=\"lang\">";
  {
    const bool browser = model.lang == nullptr;
    out += browser ? "<option value=\"\" selected>" : "<option value=\"\">";
    out += "English only</option>";
    // No `lang` parameter: the browser's languages (Accept-Language) decide; the control
    // says so and leaves the parameter out.
    out += browser ? "<option value=\"browser\" selected disabled>your browser\xE2\x80\x99s "
                     "languages</option>"
                   : "";
    out += "<option value=\"all\"";
    if (!browser && *model.lang == "all") out += " selected";
    out += ">all languages</option>";
    for (const std::string& lang : model.languages) {
      out += "<option value=\"";
      append_html(out, lang);
      out += "\"";
      if (!browser && *model.lang == lang) out += " selected";
      out += ">";
      append_html(out, lang);
      out += "</option>";
    }
  }
  out +=
      "</select>\n"
      "<button type=\"submit\">Search</button>\n"
      "</form>\n"
      "<nav class=\"examples\" aria-label=\"Example searches\"><span>Try:</span>";
  for (const std::string_view example : kExamples) {
    out += " <a href=\"" + page_href(example, 1, nullptr) + "\">";
    append_html(out, example);
    out += "</a>";
  }
  out += "</nav>\n</header>\n";
}

void append_entry_rows(std::string& out, const SearchPageModel& model) {
  for (const EntryHit& hit : model.entries->hits) {
    const std::u32string codes = model.index->code_points(hit);
    const std::string label = entry_code_label(codes);
    std::string href = "/api/char/";
    for (std::size_t i = 0; i < codes.size(); ++i)
      href += (i > 0 ? "%20" : "") + code_label(codes[i]);
    out += "\n<li class=\"row";
    if (codes.size() > 1) out += " is-sequence";
    if (!hit.by_name) out += " is-other";
    out += "\" data-code=\"";
    out += label;
    out += "\" data-tier=\"";
    out += hit.by_name ? "name" : "other";
    out += "\"><a class=\"hit\" href=\"";
    out += href;
    out += "\"><span class=\"code\">";
    out += label;
    out += "</span><span class=\"glyph\">";
    std::string glyph;
    for (char32_t c : codes) glyph += terminal_glyph(c);
    append_html(out, glyph);
    out += "</span><span class=\"name\">";
    append_html(out, model.index->name(hit, model.sources));
    out += "</span>";
    if (!hit.by_name && hit.match) {
      out += "<span class=\"matched\">";
      append_html(out, match_label(*hit.match));
      out += "</span>";
    }
    out += "</a></li>";
  }
}

void append_rows(std::string& out, const SearchPage& results) {
  for (const char32_t code : results.code_points) {
    const std::string label = code_label(code);
    out += "\n<li class=\"row\" data-code=\"";
    out += label;
    out += "\"><a class=\"hit\" href=\"/api/char/";
    out += label;
    out += "\"><span class=\"code\">";
    out += label;
    out += "</span><span class=\"glyph\">";
    append_html(out, terminal_glyph(code));
    out += "</span><span class=\"name\">";
    append_html(out, display_name(code));
    out += "</span></a></li>";
  }
}

void append_pager(std::string& out, const SearchPageModel& model, std::size_t page,
                  std::size_t pages) {
  const std::string_view query = model.query;
  if (pages <= 1 && page <= 1) return;
  out += "<nav id=\"pager\" class=\"pager\" aria-label=\"Pages\">";
  if (page > 1) {
    out += "<a rel=\"prev\" href=\"" + page_href(query, std::min(page - 1, pages), model.lang) +
           "\">\xE2\x86\x90 Previous</a>";
  }
  out += "<span class=\"page-of\">Page " + std::to_string(page) + " of " + std::to_string(pages) +
         "</span>";
  if (page < pages) {
    out += "<a rel=\"next\" href=\"" + page_href(query, page + 1, model.lang) +
           "\">Next \xE2\x86\x92</a>";
  }
  out += "</nav>\n";
}

// Open on the start page, where it is the main content; folded away under results.
void append_help(std::string& out, bool open) {
  out += open ? "<details class=\"help\" open>\n" : "<details class=\"help\">\n";
  out +=
      "<summary>How to search</summary>\n"
      "<dl>\n"
      "<dt><code>chess black</code></dt><dd>characters whose name contains every word "
      "(case and accents do not matter)</dd>\n"
      "<dt><code>arrow*</code></dt><dd>any word starting with <code>arrow</code></dd>\n"
      "<dt><code>arrow -black</code></dt><dd>exclude a word</dd>\n"
      "<dt><code>\"rightwards black arrow\"</code></dt><dd>the words adjacent, in this "
      "order</dd>\n"
      "<dt><code>U+1F431</code>, <code>U+2600..U+26FF</code></dt><dd>a code point, or every "
      "assigned code point in a range</dd>\n"
      "<dt><code>\xE2\x98\x83</code>, <code>\xF0\x9F\x90\xB1\xC3\xA9</code></dt><dd>pasted "
      "characters: each one of them</dd>\n"
      "<dt><code>lightning</code>, <code>flag france</code>, <code>cat</code></dt><dd>aliases, "
      "informal names, emoji and CLDR keywords, Unihan definitions: rows found by name come "
      "first, the others say what matched</dd>\n"
      "<dt><code>lang:de katze</code></dt><dd>also German keywords (the language menu and your "
      "browser\xE2\x80\x99s languages do the same)</dd>\n"
      "<dt><code>scope:names sun</code></dt><dd>formal names and aliases only</dd>\n"
      "<dt><code>chess blak</code></dt><dd>a word in no name gets \xE2\x80\x9c"
      "Did you "
      "mean\xE2\x80\x9d links (<code>chess black</code>); the search box completes the last "
      "word as you type (arrow keys choose, Enter searches, Escape closes)</dd>\n"
      "</dl>\n"
      "<p>Programs can use the JSON API: <code>/api/search?q=cat+face</code>, "
      "<code>/api/char/U+1F431</code> and <code>/api/complete?q=ches</code>.</p>\n"
      "<p id=\"search-engine\">Add charfinder as a search engine: the page links an OpenSearch "
      "description (<a href=\"/opensearch.xml\">/opensearch.xml</a>). In Firefox, open the "
      "address bar\xE2\x80\x99s menu (or right-click the search box) and choose "
      "\xE2\x80\x9c"
      "Add \xE2\x80\x98"
      "charfinder\xE2\x80\x99\xE2\x80\x9d; in Chrome, "
      "visit this page once, then find charfinder under Settings \xE2\x80\xBA Search engine "
      "\xE2\x80\xBA Manage search engines (or add one with the URL "
      "<code>/?q=%s</code> on this host). The browser then searches here and shows completions "
      "from <code>/api/complete</code>.</p>\n"
      "</details>\n";
}

}  // namespace

std::string render_search_page(const SearchPageModel& model) {
  const std::size_t page = std::max<std::size_t>(model.page, 1);
  const bool failed = !model.error.empty();
  const SearchPage* results = failed ? nullptr : model.results;
  const EntryPage* entries = failed ? nullptr : model.entries;
  const bool has_results = results != nullptr || entries != nullptr;

  std::string out;
  out.reserve(results ? 4096 + results->code_points.size() * 160 : 4096);
  append_head(out, model.query);
  out += "<body>\n";
  append_header(out, model.query, model);
  out += "<main>\n";

  if (failed) {
    out += "<p id=\"status\" class=\"status is-error\" role=\"alert\"><strong>Error:</strong> ";
    append_html(out, model.error);
    out += "</p>\n";
    append_suggestions(out, model.suggestions, model.lang);
  } else if (!has_results) {
    out +=
        "<p id=\"status\" class=\"status\" role=\"status\">"
        "Type words from a character\xE2\x80\x99s name, or pick an example.</p>\n";
    append_suggestions(out, model.suggestions, model.lang);
  } else {
    const std::size_t total = entries ? entries->total : results->total;
    const std::size_t shown = entries ? entries->hits.size() : results->code_points.size();
    const std::size_t offset = entries ? entries->offset : results->offset;
    // page_size 0 would mean "no paging": everything is on the one page.
    const std::size_t pages =
        model.page_size == 0
            ? 1
            : std::max<std::size_t>(1, (total + model.page_size - 1) / model.page_size);
    out += "<p id=\"status\" class=\"status\" role=\"status\">";
    append_html(out, status_sentence(model.query, total));
    if (shown > 0 && shown < total) {
      out += " (showing " + std::to_string(offset + 1) + "\xE2\x80\x93" +
             std::to_string(offset + shown) + ")";
    } else if (shown == 0 && total > 0) {
      out += " (page " + std::to_string(page) + " is past the end)";
    }
    out += "</p>\n";
    append_suggestions(out, model.suggestions, model.lang);

    out += "<ol id=\"results\" class=\"results\" data-query=\"";
    append_html(out, model.query);
    out += "\" data-total=\"" + std::to_string(total) + "\" data-offset=\"" +
           std::to_string(offset) + "\" data-page-size=\"" + std::to_string(model.page_size) +
           "\">";
    // No whitespace in an empty list: CSS hides it by :empty.
    if (entries)
      append_entry_rows(out, model);
    else
      append_rows(out, *results);
    out += shown == 0 ? "</ol>\n" : "\n</ol>\n";
    append_pager(out, model, page, pages);
  }
  if (!has_results) {
    // An empty list keeps the hooks app.js fills when the user starts typing.
    out +=
        "<ol id=\"results\" class=\"results\" data-query=\"\" data-total=\"0\" "
        "data-offset=\"0\" data-page-size=\"" +
        std::to_string(model.page_size) + "\"></ol>\n";
  }
  append_help(out, !has_results && !failed);
  out += "</main>\n";
  out +=
      "<footer class=\"foot\"><a href=\"https://www.unicode.org/charts/\">Unicode charts</a> "
      "\xC2\xB7 <a href=\"/api/search?q=cat+face\">JSON API</a></footer>\n"
      "</body>\n"
      "</html>\n";
  return out;
}

}  // namespace charfinder
