// CharacterIndex over the real embedded table (the Debian 12 data): tiers, order, languages,
// scope, the extended rule 2, segmentation, folding, and the Unicode facts.
#include "index/entry_search.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "index/entry_details.hpp"
#include "index/entry_rows.hpp"
#include "index/fold.hpp"
#include "index/text_words.hpp"
#include "tests/index/test_entry_index.hpp"

using namespace charfinder;

namespace {

const SourceTable& table() { return testing::embedded_table(); }
const CharacterIndex& index() { return testing::entry_index(); }

struct Row {
  std::string code;
  bool by_name;
  std::string fourth;
};

EntryPage page_of(const std::string& query, const SearchScope& scope = {}) {
  auto answer = index().run(query, scope);
  if (auto* error = std::get_if<std::string>(&answer)) FAIL("query '" << query << "': " << *error);
  return std::get<EntryPage>(std::move(answer));
}

std::vector<Row> rows(const std::string& query, const SearchScope& scope = {}) {
  EntryPage page = page_of(query, scope);
  index().describe(page);
  std::vector<Row> out;
  out.reserve(page.hits.size());
  for (const EntryHit& hit : page.hits)
    out.push_back(Row{entry_code_label(index().code_points(hit)), hit.by_name,
                      hit.match ? match_label(*hit.match) : ""});
  return out;
}

const Row* find(const std::vector<Row>& rows, const std::string& code) {
  for (const Row& row : rows)
    if (row.code == code) return &row;
  return nullptr;
}
// The row points into `rows`: a temporary would be gone before the row is read (ASan found
// four such uses here). Ask contains(rows(q), code) instead.
const Row* find(std::vector<Row>&& rows, const std::string& code) = delete;
bool contains(const std::vector<Row>& rows, const std::string& code) {
  return find(rows, code) != nullptr;
}

std::string error_of(const std::string& query, const SearchScope& scope = {}) {
  auto answer = index().run(query, scope);
  return std::holds_alternative<std::string>(answer) ? std::get<std::string>(answer) : "";
}

SearchScope names_only() { return SearchScope{source_bit(Source::kNames), {}}; }

// SearchScope views its languages: these outlive every scope made of them.
const std::vector<std::string> kGerman{"de"};
const std::vector<std::string> kUnknownLanguage{"qq"};

}  // namespace

TEST_CASE("the embedded table opens and has every source", "[entries]") {
  const SourceTableFacts facts = table().facts();
  CHECK(facts.entries > 50000);
  CHECK(facts.sequences > 2500);
  CHECK(facts.languages > 100);
}

TEST_CASE("lightning: U+26A1 in the other tier through its informal alias", "[entries]") {
  const auto r = rows("lightning");
  const Row* row = find(r, "U+26A1");
  REQUIRE(row != nullptr);
  CHECK(!row->by_name);
  CHECK(row->fourth.find("lightning symbol") != std::string::npos);
}

TEST_CASE("nbsp and line feed are found by name through formal aliases", "[entries]") {
  const auto nbsp_rows = rows("nbsp");
  const Row* nbsp = find(nbsp_rows, "U+00A0");
  REQUIRE(nbsp != nullptr);
  CHECK(nbsp->by_name);
  const auto lf = rows("line feed");
  REQUIRE(find(lf, "U+000A") != nullptr);
  CHECK(find(lf, "U+000A")->by_name);
}

TEST_CASE("emoji keywords and sequences", "[entries]") {
  CHECK(contains(rows("poop"), "U+1F4A9"));
  CHECK(contains(rows("flag france"), "U+1F1EB U+1F1F7"));
  const auto family = rows("family");
  REQUIRE(family.size() >= 3);
  CHECK(family[0].code == "U+4DE4");
  CHECK(family[1].code == "U+1F46A");
  CHECK(find(family, "U+1F468 U+200D U+1F469 U+200D U+1F467") != nullptr);
  CHECK(contains(rows("thumbs up dark skin tone"), "U+1F44D U+1F3FF"));
  const auto keycap_rows = rows("keycap number sign");
  const Row* keycap = find(keycap_rows, "U+0023 U+FE0F U+20E3");
  REQUIRE(keycap != nullptr);
  CHECK(keycap->by_name);  // NamedSequences.txt
}

TEST_CASE("languages: lang: terms and the front end's default", "[entries][lang]") {
  CHECK(contains(rows("lang:de katze"), "U+1F431"));
  CHECK(contains(rows("katze", SearchScope{kAllSources, kGerman}), "U+1F431"));
  CHECK(page_of("katze").total == 0);
  CHECK(contains(rows("lang:ja ネコ"), "U+1F431"));
  CHECK(contains(rows("lang:hi बिल्ली"), "U+1F408"));
  CHECK(contains(rows("lang:all katze"), "U+1F431"));
  CHECK(contains(rows("lang:de,fr chat"), "U+1F431"));
  const auto de_rows = rows("lang:de katze");
  const Row* de = find(de_rows, "U+1F431");
  REQUIRE(de != nullptr);
  CHECK(de->fourth.starts_with("de: "));
}

TEST_CASE("bad language and scope settings are one-line errors", "[entries][lang]") {
  CHECK(error_of("lang:xx cat").find("unknown language 'xx'") != std::string::npos);
  CHECK(error_of("lang: cat").find("empty lang:") != std::string::npos);
  CHECK(error_of("scope:everything cat").find("unknown scope") != std::string::npos);
  CHECK(error_of("lang:de").find("empty query") != std::string::npos);
  CHECK(error_of("cat", SearchScope{kAllSources, kUnknownLanguage}).find("unknown language") !=
        std::string::npos);
}

TEST_CASE("cat finds U+732B through its Unihan definition", "[entries]") {
  const auto row_rows = rows("cat");
  const Row* row = find(row_rows, "U+732B");
  REQUIRE(row != nullptr);
  CHECK(!row->by_name);
  CHECK(row->fourth.find("definition") != std::string::npos);
}

TEST_CASE("chess black starts with the black chess pieces, by-name rows come first",
          "[entries][order]") {
  const auto r = rows("chess black");
  REQUIRE(r.size() >= 6);
  const char* expected[] = {"U+265A", "U+265B", "U+265C", "U+265D", "U+265E", "U+265F"};
  for (int i = 0; i < 6; ++i) CHECK(r[static_cast<std::size_t>(i)].code == expected[i]);
  bool seen_other = false;
  for (const Row& row : r) {
    if (!row.by_name) seen_other = true;
    CHECK((row.by_name || seen_other));
    if (seen_other) CHECK(!row.by_name);
  }
}

TEST_CASE("scope:names and names-only sources give exactly the formal-name answer",
          "[entries][scope]") {
  for (const char* query :
       {"sun", "chess black", "cjk", "arrow -black", "\"rightwards black arrow\"",
        "U+2600..U+26FF sun", "cat", "l*", "☃🐱", "ＣＡＴ", "euro-currency", "family"}) {
    CAPTURE(query);
    const std::vector<char32_t> formal = testing::matches(query);
    for (const auto& [text, scope] : {std::pair{std::string("scope:names ") + query, SearchScope{}},
                                      std::pair{std::string(query), names_only()}}) {
      const EntryPage page = page_of(text, scope);
      std::vector<char32_t> got;
      for (const EntryHit& hit : page.hits) {
        if (!is_single_key(hit.key)) continue;
        got.push_back(first_code_of(hit.key));
      }
      if (scope.sources == names_only().sources) {
        CHECK(got == formal);
        CHECK(page.total == formal.size());
        CHECK(page.by_name == page.total);
      } else {
        // scope:names also has the aliases and named sequences: a superset, all by name.
        CHECK(page.by_name == page.total);
        CHECK(std::includes(got.begin(), got.end(), formal.begin(), formal.end()));
      }
    }
  }
  CHECK(page_of("scope:names sun").total == testing::matches("sun").size());
}

TEST_CASE("paging runs across the two tiers", "[entries][order]") {
  const EntryPage all = page_of("cat");
  REQUIRE(all.total > all.by_name);
  REQUIRE(all.by_name > 2);
  auto answer = index().run("cat", {}, all.by_name - 2, 5);
  const EntryPage slice = std::get<EntryPage>(answer);
  REQUIRE(slice.hits.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(slice.hits[i].key == all.hits[all.by_name - 2 + i].key);
  CHECK(slice.hits[1].by_name);
  CHECK(!slice.hits[2].by_name);
}

TEST_CASE("negative terms exclude through every text in scope", "[entries]") {
  const auto r = rows("space -nbsp");
  CHECK(find(r, "U+00A0") == nullptr);
  CHECK(find(r, "U+0020") != nullptr);
  CHECK(contains(rows("cat -definition"), "U+732B"));  // not a word of its texts
  CHECK(!contains(rows("poop -poo"), "U+1F4A9"));
}

TEST_CASE("rule 2 by vocabulary: non-ASCII words of languages in scope, else literal",
          "[entries][rule2]") {
  // ネコ without Japanese in scope: the two katakana.
  const auto literal = rows("ネコ");
  CHECK(find(literal, "U+30CD") != nullptr);
  CHECK(find(literal, "U+30B3") != nullptr);
  CHECK(find(literal, "U+1F431") == nullptr);
  // кошка with Russian: a word.
  CHECK(contains(rows("lang:ru кошка"), "U+1F408"));
  // A segmented Chinese token: each segment a word of the vocabulary.
  CHECK(!rows("lang:zh 猫脸").empty());
}

TEST_CASE("segmentation and folding are the same on both sides", "[entries][fold]") {
  CHECK(text_words(fold("猫脸")) == std::vector<std::string>{"猫", "脸"});
  CHECK(text_words(fold("Café au lait")) == std::vector<std::string>{"CAFE", "AU", "LAIT"});
  CHECK(fold("が") == "が");
  CHECK(fold("ｶﾞ") == "ガ");
  CHECK(fold("कि") == "कि");
  CHECK(fold("Ελλάδα") == "ΕΛΛΑΔΑ");
  CHECK(fold("й") == "Й");
  CHECK(contains(rows("lang:fr cœur"), "U+2764"));
}

TEST_CASE("phrases match within one text", "[entries]") {
  CHECK(contains(rows("\"lightning symbol\""), "U+26A1"));
  CHECK(!contains(rows("\"symbol lightning\""), "U+26A1"));
  // "pile of poo" is one keyword of U+1F4A9.
  CHECK(contains(rows("\"pile of poo\""), "U+1F4A9"));
}

TEST_CASE("entry details: aliases by type, NamesList, CLDR, Unihan, emoji facts",
          "[entries][details]") {
  const auto nbsp = entry_details(index(), U"\u00A0", {});
  REQUIRE(nbsp);
  CHECK(std::find_if(nbsp->aliases.begin(), nbsp->aliases.end(), [](const AliasInfo& a) {
          return a.type == "abbreviation" && a.alias == "NBSP";
        }) != nbsp->aliases.end());
  const auto bolt = entry_details(index(), U"\u26A1", kGerman);
  REQUIRE(bolt);
  CHECK(std::find(bolt->informal_aliases.begin(), bolt->informal_aliases.end(),
                  "lightning symbol") != bolt->informal_aliases.end());
  CHECK(bolt->emoji);
  CHECK(bolt->emoji_presentation);
  CHECK(bolt->emoji_version == "E0.6");
  REQUIRE(bolt->annotations.size() >= 2);
  CHECK(bolt->annotations[0].lang == "en");
  CHECK(std::any_of(bolt->annotations.begin(), bolt->annotations.end(),
                    [](const AnnotationInfo& a) { return a.lang == "de"; }));
  const auto cat = entry_details(index(), U"\u732B", {});
  REQUIRE(cat);
  CHECK(cat->unihan_definition == "cat");
  CHECK(std::any_of(cat->unihan_readings.begin(), cat->unihan_readings.end(),
                    [](const auto& r) { return r.first == "kMandarin"; }));
  const auto family = entry_details(index(), U"\U0001F468\u200D\U0001F469\u200D\U0001F467", {});
  REQUIRE(family);
  CHECK(family->sequence);
  CHECK(family->name == "family: man, woman, girl");
  const auto arrow = entry_details(index(), U" ", {});  // SPACE: x (no-break space - 00A0)
  REQUIRE(arrow);
  CHECK(std::find(arrow->cross_references.begin(), arrow->cross_references.end(), 0xA0) !=
        arrow->cross_references.end());
  CHECK(!entry_details(index(), U"\u0041\u0042", {}));
}

TEST_CASE("rows: the fourth field, sequence codes, JSON kind/tier/matched", "[entries][rows]") {
  EntryPage page = page_of("lightning");
  index().describe(page);
  bool seen = false;
  for (const EntryHit& hit : page.hits) {
    const std::string row = entry_terminal_row(index(), hit);
    if (row.starts_with("U+26A1\t")) {
      seen = true;
      CHECK(row == "U+26A1\t\u26A1\tHIGH VOLTAGE SIGN\t= lightning symbol");
      JsonWriter json;
      write_entry_json(json, index(), hit);
      CHECK(json.str() ==
            "{\"code\":\"U+26A1\",\"char\":\"\u26A1\",\"name\":\"HIGH VOLTAGE "
            "SIGN\",\"kind\":\"char\","
            "\"tier\":\"other\",\"matched\":{\"source\":\"informal_aliases\",\"lang\":null,"
            "\"text\":\"lightning symbol\"}}");
    }
  }
  CHECK(seen);
  EntryPage flag = page_of("flag france");
  index().describe(flag);
  bool france = false;
  for (const EntryHit& hit : flag.hits) {
    const std::string row = entry_terminal_row(index(), hit);
    if (row.starts_with("U+1F1EB U+1F1F7\t")) {
      france = true;
      CHECK(row == "U+1F1EB U+1F1F7\t\U0001F1EB\U0001F1F7\tflag: France\temoji: flag: France");
    }
  }
  CHECK(france);
}

// Found by query_search_fuzz: the parts of a hyphenated word may match in different texts of
// the other tier (PERSON BOUNCING BALL with a skin tone: "a" in one, "2" in another), and
// the row then had an empty fourth field. It now shows the text of the first part.
TEST_CASE("rows: a hyphenated word whose parts match in different texts says why",
          "[entries][rows]") {
  std::size_t other = 0;
  for (const Row& row : rows("lang:all a-2")) {
    if (row.by_name) continue;
    ++other;
    CHECK(!row.fourth.empty());
  }
  CHECK(other > 0);
}

// Also found by query_search_fuzz: a prefix was looked up in its first 64 words only, so
// `man*` matched U+342F through "to manifest" (Unihan) but the row did not say so.
TEST_CASE("rows: a prefix with many words says which one matched", "[entries][rows]") {
  const std::vector<Row> all = rows("man*");
  const Row* row = find(all, "U+342F");
  REQUIRE(row != nullptr);
  CHECK(!row->by_name);
  CHECK(row->fourth.starts_with("definition: "));
  CHECK(row->fourth.find("manifest") != std::string::npos);
}

TEST_CASE("language tags: case, variants, Accept-Language preferences", "[entries][lang]") {
  CHECK(language_covers("zh_Hant", "zh_hant"));
  CHECK(language_covers("de_CH", "de"));
  CHECK(!language_covers("dsb", "ds"));
  CHECK(!contains(rows("lang:zh-Hant \u8c93"), "U+1F408"));  // one code point: literal
  CHECK(index().known_languages({"de-DE", "fr", "en-US", "xx", "*", "zh-Hant-TW"}) ==
        std::vector<std::string>{"de", "fr", "zh_hant"});
  CHECK(error_of("lang:ZH_hant cat").empty());
}
