// charfinder-datagen: compiles the Debian data files into the source table (see
// index/source_table.hpp) at build time. CMake runs it (sources/CMakeLists.txt); the daemon
// embeds the output, so nothing is parsed at start-up and no data package is needed at run
// time.
//
//   charfinder-datagen --unicode DIR --cldr DIR --unihan FILE --output FILE
//
// DIR for --unicode is unicode-data's /usr/share/unicode, --cldr unicode-cldr-core's
// /usr/share/unicode/cldr/common, --unihan the decompressed Unihan_Readings.txt. Exit 0 on
// success (it prints the counts per source); 1, with a message naming the file, its Debian
// package and the `search.sources` key it feeds, when a file is missing or malformed.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "index/source_table.hpp"
#include "index/sources.hpp"
#include "sources/parsers.hpp"

namespace fs = std::filesystem;
using namespace charfinder;
using namespace charfinder::sources;

namespace {

int failures = 0;

void fail(const std::string& file, std::string_view package, std::string_view key,
          const std::string& what) {
  std::cerr << "charfinder-datagen: " << file << " (Debian package " << package
            << ", search.sources key '" << key << "'): " << what << "\n";
  ++failures;
}

std::optional<std::string> read_file(const fs::path& path, std::string_view package,
                                     std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail(path.string(), package, key, "cannot read it (is the package installed?)");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

template <typename Row>
bool accept(const Parsed<Row>& parsed, const std::string& file, std::string_view package,
            std::string_view key, std::size_t at_least) {
  for (std::size_t i = 0; i < parsed.problems.size() && i < 20; ++i)
    fail(file, package, key, "malformed: " + parsed.problems[i]);
  if (parsed.problems.size() > 20)
    fail(file, package, key, std::to_string(parsed.problems.size() - 20) + " more problems");
  if (parsed.problems.empty() && parsed.rows.size() < at_least)
    fail(file, package, key,
         "only " + std::to_string(parsed.rows.size()) + " rows, expected at least " +
             std::to_string(at_least));
  return parsed.problems.empty() && parsed.rows.size() >= at_least;
}

TextKind alias_kind(std::string_view type) {
  if (type == "correction") return TextKind::kAliasCorrection;
  if (type == "control") return TextKind::kAliasControl;
  if (type == "alternate") return TextKind::kAliasAlternate;
  if (type == "figment") return TextKind::kAliasFigment;
  return TextKind::kAliasAbbreviation;
}

TextKind unihan_kind(std::string_view field) {
  if (field == "kDefinition") return TextKind::kUnihanDefinition;
  if (field == "kMandarin") return TextKind::kUnihanMandarin;
  if (field == "kCantonese") return TextKind::kUnihanCantonese;
  if (field == "kJapaneseOn") return TextKind::kUnihanJapaneseOn;
  if (field == "kJapaneseKun") return TextKind::kUnihanJapaneseKun;
  return TextKind::kUnihanHangul;
}

constexpr std::string_view kUnicodeData = "unicode-data";
constexpr std::string_view kCldrCore = "unicode-cldr-core";

// One function per data file. (One main that did all of it crashed clang-tidy-16's
// optional-access dataflow.)
void add_name_aliases(const fs::path& unicode, SourceTableBuilder& builder) {
  const fs::path file = unicode / "NameAliases.txt";
  auto text = read_file(file, kUnicodeData, "aliases");
  if (!text) return;
  auto parsed = parse_name_aliases(*text, file.filename().string());
  if (!accept(parsed, file.string(), kUnicodeData, "aliases", 400)) return;
  for (const AliasRow& row : parsed.rows)
    builder.add(std::u32string(1, row.code), Source::kAliases, alias_kind(row.type), "", row.alias);
}

void add_named_sequences(const fs::path& unicode, SourceTableBuilder& builder) {
  const fs::path file = unicode / "NamedSequences.txt";
  auto text = read_file(file, kUnicodeData, "named_sequences");
  if (!text) return;
  auto parsed = parse_named_sequences(*text, file.filename().string());
  if (!accept(parsed, file.string(), kUnicodeData, "named_sequences", 400)) return;
  for (const NamedSequenceRow& row : parsed.rows)
    builder.add(row.code_points, Source::kNamedSequences, TextKind::kSequenceName, "", row.name);
}

void add_names_list(const fs::path& unicode, SourceTableBuilder& builder) {
  const fs::path file = unicode / "NamesList.txt";
  auto text = read_file(file, kUnicodeData, "informal_aliases");
  if (!text) return;
  auto parsed = parse_names_list(*text, file.filename().string());
  if (!accept(parsed, file.string(), kUnicodeData, "informal_aliases", 2000)) return;
  for (const NamesListRow& row : parsed.rows)
    builder.add(std::u32string(1, row.code), Source::kInformalAliases,
                row.kind == '='   ? TextKind::kInformalAlias
                : row.kind == '*' ? TextKind::kNote
                                  : TextKind::kCrossReference,
                "", row.text);
}

void add_unicode1_names(const fs::path& unicode, SourceTableBuilder& builder) {
  const fs::path file = unicode / "UnicodeData.txt";
  auto text = read_file(file, kUnicodeData, "unicode1_names");
  if (!text) return;
  auto parsed = parse_unicode1_names(*text, file.filename().string());
  if (!accept(parsed, file.string(), kUnicodeData, "unicode1_names", 1000)) return;
  for (const Unicode1Row& row : parsed.rows)
    builder.add(std::u32string(1, row.code), Source::kUnicode1Names, TextKind::kUnicode1Name, "",
                row.name);
}

// Emoji entries keep U+FE0F where emoji-test.txt has it; CLDR's cp has none, so CLDR rows
// are matched to entries by the code points without U+FE0F: the map it returns.
std::map<std::u32string, std::u32string> add_emoji(const fs::path& unicode,
                                                   SourceTableBuilder& builder) {
  std::map<std::u32string, std::u32string> emoji_by_bare;
  const fs::path file = unicode / "emoji" / "emoji-test.txt";
  auto text = read_file(file, kUnicodeData, "emoji");
  if (!text) return emoji_by_bare;
  auto parsed = parse_emoji_test(*text, file.filename().string());
  if (!accept(parsed, file.string(), kUnicodeData, "emoji", 3000)) return emoji_by_bare;
  for (const EmojiRow& row : parsed.rows) {
    builder.add(row.code_points, Source::kEmoji, TextKind::kEmojiName, "", row.name);
    builder.add(row.code_points, Source::kEmoji, TextKind::kEmojiVersion, "", row.version);
    std::u32string bare = row.code_points;
    std::erase(bare, U'\uFE0F');
    emoji_by_bare.emplace(bare, row.code_points);
  }
  return emoji_by_bare;
}

// One text per (entry, language): annotations and annotationsDerived of a locale.
struct Annotation {
  std::string tts;
  std::string keywords;
};
using Annotations = std::map<std::pair<std::u32string, std::string>, Annotation>;

// Reads one CLDR annotation file into `annotations`; whether it had rows.
bool read_annotations(const fs::path& file,
                      const std::map<std::u32string, std::u32string>& emoji_by_bare,
                      Annotations& annotations) {
  auto text = read_file(file, kCldrCore, "cldr");
  if (!text) return false;
  auto parsed = parse_cldr_annotations(*text, file.filename().string());
  if (!accept(parsed, file.string(), kCldrCore, "cldr", 0)) return false;
  const std::string lang = file.stem().string();
  for (const AnnotationRow& row : parsed.rows) {
    auto it = emoji_by_bare.find(row.code_points);
    const std::u32string& codes = it != emoji_by_bare.end() ? it->second : row.code_points;
    Annotation& annotation = annotations[{codes, lang}];
    (row.tts ? annotation.tts : annotation.keywords) = row.text;
  }
  return !parsed.rows.empty();
}

void add_cldr(const fs::path& cldr, const std::map<std::u32string, std::u32string>& emoji_by_bare,
              SourceTableBuilder& builder) {
  Annotations annotations;
  std::size_t languages = 0;
  for (const char* folder : {"annotations", "annotationsDerived"}) {
    const fs::path dir = cldr / folder;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(dir, ec))
      if (item.path().extension() == ".xml") files.push_back(item.path());
    if (ec || files.empty()) {
      fail(dir.string(), kCldrCore, "cldr",
           "cannot list any *.xml in it (is the package installed?)");
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files)
      if (read_annotations(file, emoji_by_bare, annotations) &&
          std::string_view(folder) == "annotations")
        ++languages;
  }
  for (const auto& [where, annotation] : annotations)
    builder.add(where.first, Source::kCldr, TextKind::kCldrAnnotation, where.second,
                annotation.tts + "\x1F" + annotation.keywords);
  if (failures == 0 && languages < 100)
    fail(cldr.string(), kCldrCore, "cldr",
         "only " + std::to_string(languages) + " locales with annotations");
}

void add_unihan(const fs::path& file, SourceTableBuilder& builder) {
  auto text = read_file(file, kUnicodeData, "unihan");
  if (!text) return;
  auto parsed = parse_unihan_readings(*text, "Unihan_Readings.txt");
  if (!accept(parsed, file.string() + " (from Unihan_Readings.txt.bz2)", kUnicodeData, "unihan",
              20000))
    return;
  for (const UnihanRow& row : parsed.rows)
    builder.add(std::u32string(1, row.code), Source::kUnihan, unihan_kind(row.field), "",
                row.value);
}

// Writes the table beside `output` and renames it into place; false after a message.
bool write_table(const std::string& image, const fs::path& output) {
  {
    std::ofstream out(output.string() + ".tmp", std::ios::binary);
    out.write(image.data(), static_cast<std::streamsize>(image.size()));
    if (!out) {
      std::cerr << "charfinder-datagen: cannot write " << output << "\n";
      return false;
    }
  }
  fs::rename(output.string() + ".tmp", output);
  return true;
}

int run(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  for (const char* required : {"--unicode", "--cldr", "--unihan", "--output"}) {
    if (!args.count(required)) {
      std::cerr
          << "usage: charfinder-datagen --unicode DIR --cldr DIR --unihan FILE --output FILE\n";
      return 2;
    }
  }
  const fs::path unicode = args["--unicode"];
  SourceTableBuilder builder;
  add_name_aliases(unicode, builder);
  add_named_sequences(unicode, builder);
  add_names_list(unicode, builder);
  add_unicode1_names(unicode, builder);
  const auto emoji_by_bare = add_emoji(unicode, builder);
  add_cldr(args["--cldr"], emoji_by_bare, builder);
  add_unihan(args["--unihan"], builder);
  if (failures > 0) return 1;

  auto finished = builder.finish();
  if (finished.index() == 1) {
    std::cerr << "charfinder-datagen: " << std::get<1>(finished) << "\n";
    return 1;
  }
  const std::string& image = std::get<0>(finished);
  if (!write_table(image, args["--output"])) return 1;
  const auto counts = builder.counts_by_source();
  std::cout << "charfinder-datagen: " << image.size() << " bytes";
  for (std::size_t s = 1; s < kSourceCount; ++s)
    std::cout << "; " << source_key(static_cast<Source>(s)) << " " << counts[s].entries
              << " entries " << counts[s].texts << " texts";
  std::cout << "\n";
  return 0;
}

}  // namespace

// A filesystem or allocation error is a failed build step with its message, not an abort.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "charfinder-datagen: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "charfinder-datagen: unknown exception\n";
  }
  return 1;
}
