#include "index/query_text.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "index/describe.hpp"
#include "text/utf8.hpp"

namespace charfinder {

std::string lower_folded(std::string_view folded) {
  if (std::all_of(folded.begin(), folded.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(folded);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<std::int32_t>(folded.size())));
  text.toLower(icu::Locale::getRoot());
  std::string out;
  text.toUTF8String(out);
  return out;
}

namespace {

void append_words(std::string& out, const std::vector<std::string>& words, char separator) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += separator;
    out += lower_folded(words[i]);
  }
}

}  // namespace

std::string query_text(const Query& query) {
  std::string out;
  if (query.languages) {
    out += "lang:";
    for (std::size_t i = 0; i < query.languages->size(); ++i) {
      if (i > 0) out += ',';
      out += (*query.languages)[i];
    }
  }
  if (query.scope_names) out += out.empty() ? "scope:names" : " scope:names";
  for (const Term& term : query.terms) {
    if (!out.empty()) out += ' ';
    if (term.negated) out += '-';
    switch (term.kind) {
      case Term::Kind::kWord:
        append_words(out, term.words, '-');
        break;
      case Term::Kind::kPrefix:
        append_words(out, term.words, '-');
        out += '*';
        break;
      case Term::Kind::kPhrase:
        out += '"';
        append_words(out, term.words, ' ');
        out += '"';
        break;
      case Term::Kind::kRange:
        out += code_label(term.first);
        if (term.last != term.first) out += ".." + code_label(term.last);
        break;
      case Term::Kind::kLiteral:
        for (char32_t c : term.code_points) out += utf8_of(c);
        break;
    }
  }
  return out;
}

}  // namespace charfinder
