#include "index/query.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

#include "index/describe.hpp"
#include "index/fold.hpp"
#include "index/text_words.hpp"
#include "index/tokenize.hpp"
#include "text/hex.hpp"

namespace charfinder {
namespace {

// A whitespace-separated piece of the query, before it is read as a term.
struct Token {
  std::string_view text;  // without the leading `-` and, for phrases, without the quotes
  bool negated = false;
  bool phrase = false;
};

struct Failure {
  std::string message;
};

std::string single_quoted(std::string_view text) { return "'" + escape_controls(text) + "'"; }

// Decodes the code point at `i` (advancing it); invalid UTF-8 gives U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  auto index = static_cast<std::int32_t>(i);
  UChar32 c;
  U8_NEXT_OR_FFFD(s, index, static_cast<std::int32_t>(text.size()), c);
  i = static_cast<std::size_t>(index);
  return static_cast<char32_t>(c);
}

bool is_space_at(std::string_view text, std::size_t i, std::size_t& next) {
  next = i;
  const char32_t c = next_code_point(text, next);
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

// Splits the query into tokens; fails only on an unterminated quote.
std::vector<Token> lex(std::string_view text, Failure& failure) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t next;
    if (is_space_at(text, i, next)) {
      i = next;
      continue;
    }
    Token token;
    std::size_t start = i;
    // `-` negates what follows unless nothing follows (then it is the character itself).
    if (text[i] == '-' && i + 1 < text.size()) {
      std::size_t after;
      if (!is_space_at(text, i + 1, after)) {
        token.negated = true;
        start = i + 1;
      }
    }
    if (text[start] == '"') {
      const std::size_t close = text.find('"', start + 1);
      if (close == std::string_view::npos) {
        failure.message = "unterminated quote in " + single_quoted(text.substr(i));
        return {};
      }
      token.phrase = true;
      token.text = text.substr(start + 1, close - start - 1);
      tokens.push_back(token);
      i = close + 1;
      continue;
    }
    std::size_t end = start;
    while (end < text.size() && text[end] != '"') {
      std::size_t after;
      if (is_space_at(text, end, after)) break;
      end = after;
    }
    token.text = text.substr(start, end - start);
    tokens.push_back(token);
    i = end;
  }
  return tokens;
}

bool parse_code_digits(std::string_view digits, char32_t& value) {
  if (digits.size() < 4 || digits.size() > 6) return false;
  const std::optional<std::uint32_t> v = parse_hex(digits);
  if (!v) return false;
  value = *v;
  return true;
}

bool starts_with_u_plus(std::string_view text) {
  return text.size() >= 2 && (text[0] == 'U' || text[0] == 'u') && text[1] == '+';
}

// `U+XXXX` or `U+XXXX..U+YYYY`.
bool read_code_points(std::string_view text, Term& term, Failure& failure) {
  const std::string_view original = text;
  const std::size_t dots = text.find("..");
  const std::string_view first = text.substr(0, dots);
  const std::string_view last = dots == std::string_view::npos ? first : text.substr(dots + 2);
  char32_t from = 0;
  char32_t to = 0;
  if (!starts_with_u_plus(first) || !starts_with_u_plus(last) ||
      !parse_code_digits(first.substr(2), from) || !parse_code_digits(last.substr(2), to)) {
    failure.message = "malformed code point or range " + single_quoted(original) +
                      " (expected U+ and 4 to 6 hex digits, or U+XXXX..U+YYYY)";
    return false;
  }
  for (char32_t value : {from, to}) {
    if (value > 0x10FFFF) {
      failure.message = "code point " + code_label(value) + " in " + single_quoted(original) +
                        " is beyond U+10FFFF";
      return false;
    }
  }
  if (from > to) {
    failure.message =
        "reversed range " + single_quoted(original) + " (the first end must be lower)";
    return false;
  }
  term.kind = Term::Kind::kRange;
  term.first = from;
  term.last = to;
  return true;
}

// Rules 1 and 2: the folded words of `text`, or nothing when it is literal characters.
std::vector<std::string> word_reading(std::string_view text) {
  std::vector<std::string> words;
  if (has_ascii_alnum(text)) {
    const std::string folded = fold(text);
    for (std::string_view word : split_folded_words(folded)) words.emplace_back(word);
    return words;
  }
  const bool all_non_ascii = std::all_of(
      text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (all_non_ascii && code_points_of(text).size() >= 2) {
    std::string folded = fold(text);
    if (is_ascii_alnum(folded)) words.push_back(std::move(folded));
  }
  return words;
}

// The other sources' reading of `text` when it differs from the names' `words`.
std::vector<std::string> other_reading(std::string_view text,
                                       const std::vector<std::string>& words) {
  std::vector<std::string> other = folded_text_words(text);
  if (other == words) other.clear();
  return other;
}

bool is_setting(const Token& token) {
  return !token.phrase && (token.text.starts_with("lang:") || token.text.starts_with("scope:"));
}

// `lang:de,fr`, `lang:all`, `scope:names`.
bool read_setting(const Token& token, Query& query, Failure& failure) {
  if (token.negated) {
    failure.message = "a setting cannot be negated: " + quoted(token.text);
    return false;
  }
  if (token.text.starts_with("scope:")) {
    const std::string_view scope = token.text.substr(6);
    if (scope != "names") {
      failure.message = "unknown scope " + quoted(scope) + " (the only scope is scope:names)";
      return false;
    }
    query.scope_names = true;
    return true;
  }
  const std::string_view list = token.text.substr(5);
  if (list.empty()) {
    failure.message = "empty lang: (write e.g. lang:de, lang:de,fr or lang:all)";
    return false;
  }
  std::vector<std::string> codes;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] != ',') continue;
    std::string code(list.substr(start, i - start));
    start = i + 1;
    bool ok = !code.empty() && code.size() <= 16;
    for (char& c : code) {
      if (c == '-') c = '_';
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!ok) {
      failure.message = "malformed language " +
                        quoted(list.substr(0, std::min(list.size(), std::size_t{40}))) +
                        " (write e.g. lang:de, lang:de,fr or lang:all)";
      return false;
    }
    codes.push_back(std::move(code));
  }
  if (!query.languages) query.languages.emplace();
  for (std::string& code : codes) query.languages->push_back(std::move(code));
  return true;
}

bool read_token(const Token& token, Term& term, Failure& failure) {
  term.negated = token.negated;
  if (token.phrase) {
    if (token.text.find_first_not_of(" \t") == std::string_view::npos) {
      failure.message = "empty quoted phrase \"\"";
      return false;
    }
    const std::string folded = fold(token.text);
    for (std::string_view word : split_folded_words(folded)) term.words.emplace_back(word);
    if (term.words.empty()) {
      failure.message = "quoted phrase " + single_quoted(token.text) + " has no words";
      return false;
    }
    term.other_words = other_reading(token.text, term.words);
    term.kind = term.words.size() == 1 ? Term::Kind::kWord : Term::Kind::kPhrase;
    if (term.kind == Term::Kind::kWord && term.other_words.size() > 1)
      term.kind = Term::Kind::kPhrase;
    return true;
  }
  const std::string_view text = token.text;
  if (starts_with_u_plus(text)) return read_code_points(text, term, failure);

  if (text.size() > 1 && text.back() == '*') {
    std::string_view body = text;
    while (!body.empty() && body.back() == '*') body.remove_suffix(1);
    std::vector<std::string> words = word_reading(body);
    if (!words.empty()) {
      term.kind = Term::Kind::kPrefix;
      term.other_words = other_reading(body, words);
      term.words = std::move(words);
      return true;
    }
  }
  std::vector<std::string> words = word_reading(text);
  if (!words.empty()) {
    term.kind = Term::Kind::kWord;
    term.other_words = other_reading(text, words);
    term.words = std::move(words);
    return true;
  }
  term.kind = Term::Kind::kLiteral;
  term.code_points = code_points_of(text);
  // The extended rule 2: perhaps words of another script, if the vocabulary has them.
  const bool all_non_ascii = std::all_of(
      text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (all_non_ascii && term.code_points.size() >= 2) term.other_words = folded_text_words(text);
  return true;
}

}  // namespace

ParsedQuery parse_query(std::string_view text) {
  const auto fail = [](std::string message) {
    ParsedQuery failed;
    failed.error = std::move(message);
    return failed;
  };
  if (text.size() > kMaxQueryBytes) {
    return fail("query too long: " + std::to_string(text.size()) + " bytes (at most " +
                std::to_string(kMaxQueryBytes) + ")");
  }
  Failure failure;
  const std::vector<Token> tokens = lex(text, failure);
  if (!failure.message.empty()) {
    return fail(std::move(failure.message));
  }
  if (tokens.empty()) {
    return fail("empty query: type words from character names, e.g. 'chess black'");
  }
  if (tokens.size() > kMaxQueryTerms) {
    return fail("too many terms: " + std::to_string(tokens.size()) + " (at most " +
                std::to_string(kMaxQueryTerms) + ")");
  }
  Query query;
  for (const Token& token : tokens) {
    if (is_setting(token)) {
      if (!read_setting(token, query, failure)) return fail(std::move(failure.message));
      continue;
    }
    Term term;
    if (!read_token(token, term, failure)) {
      return fail(std::move(failure.message));
    }
    query.terms.push_back(std::move(term));
  }
  if (query.terms.empty())
    return fail("empty query: besides lang: and scope:, type words, e.g. 'lang:de katze'");
  if (std::all_of(query.terms.begin(), query.terms.end(),
                  [](const Term& term) { return term.negated; })) {
    return fail("only negative terms: add at least one term without '-'");
  }
  ParsedQuery result;
  result.query = std::move(query);
  return result;
}

}  // namespace charfinder
