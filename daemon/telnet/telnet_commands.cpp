// daemon/telnet/telnet_commands.cpp
#include "daemon/telnet/telnet_commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <variant>

#include "index/describe.hpp"
#include "index/entry_rows.hpp"
#include "index/search.hpp"
#include "text/escape.hpp"
#include "text/utf8.hpp"

namespace charfinder {

namespace {

constexpr std::string_view kHelp =
    "Type words to find the characters whose Unicode names contain them all:\r\n"
    "  chess black          every character named with CHESS and BLACK\r\n"
    "  arrow*               words starting with ARROW (ARROWS, ARROWHEAD, ...)\r\n"
    "  arrow -black         ARROW but not BLACK\r\n"
    "  \"black arrow\"        the words next to each other, in this order\r\n"
    "  U+1F431              one code point (4 to 6 hex digits)\r\n"
    "  U+2600..U+26FF sun   a range of code points, here narrowed by a word\r\n"
    "  \xE2\x98\x83 \xC3\xA9 \xF0\x9F\x90\xB1            pasted characters stand for themselves\r\n"
    "Case, accents and full-width forms do not matter: Sun, s\xC3\xBAn and "
    "\xEF\xBC\xB3\xEF\xBC\xB5\xEF\xBC\xAE\r\n"
    "all mean SUN. Hyphens split words:\r\n"
    "euro-currency means EURO CURRENCY. Each answer ends with how many matched.\r\n"
    "Long answers come a page at a time: press Enter for the next page.\r\n"
    "Words are also looked up in aliases (nbsp, line feed), informal names (lightning),\r\n"
    "emoji and CLDR keywords (poop, flag france), Unihan definitions (cat). Rows found by\r\n"
    "name come first; the others add a fourth field saying what matched (= lightning symbol).\r\n"
    "  lang:de katze        also search German CLDR keywords (lang:de,fr, lang:all)\r\n"
    "  scope:names sun      only formal names and aliases\r\n"
    "A word that is in no name gets suggestions: chess blak answers\r\n"
    "  No match for 'chess blak'. Did you mean: chess black (33)?\r\n"
    "Commands: /help shows this, /quit leaves (so do Ctrl-C and Ctrl-D),\r\n"
    "/lang de sets this session's languages (/lang shows them, /lang none, /lang list).\r\n";

constexpr std::string_view kInvalidUtf8 = "error: the line is not valid UTF-8\r\n";

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

namespace {

// Each TelnetGoodbye's line and log reason, in the enum's order.
struct Goodbye {
  std::string_view line;
  std::string_view reason;
};
constexpr Goodbye kGoodbyes[] = {
    {"goodbye\r\n", "quit"},
    {"interrupted, goodbye\r\n", "interrupt"},
    {"end of input, goodbye\r\n", "end of input"},
    {"control character, goodbye\r\n", "control character"},
    {"idle timeout, goodbye\r\n", "idle timeout"},
    {"server shutting down, goodbye\r\n", "shutdown"},
};

const Goodbye& goodbye(TelnetGoodbye why) {
  const auto i = static_cast<std::size_t>(why);
  return i < std::size(kGoodbyes) ? kGoodbyes[i] : kGoodbyes[0];
}

}  // namespace

std::string_view goodbye_line(TelnetGoodbye why) { return goodbye(why).line; }

std::string_view goodbye_reason(TelnetGoodbye why) { return goodbye(why).reason; }

std::string banner_line(std::string_view version) {
  return fmt::format(
      "charfinder {}: type words to find characters, /help for help, /quit to leave\r\n", version);
}

TelnetCommands::TelnetCommands(const NameIndex& index, std::size_t page_size,
                               TelnetPageCache* page_cache, const CharacterSearch* search,
                               std::span<const std::string> default_languages)
    : own_search_(search == nullptr ? std::make_unique<CharacterSearch>(index, nullptr) : nullptr),
      search_(search != nullptr ? search : own_search_.get()),
      default_languages_(default_languages),
      page_cache_(page_cache),
      page_size_(page_size) {}

SearchScope TelnetCommands::scope() const {
  return search_->with_languages(languages_ ? std::span<const std::string>(*languages_)
                                            : default_languages_);
}

void TelnetCommands::lang_command(std::string_view argument) {
  const std::string_view value = trim(argument);
  if (value.empty()) {
    text_ = "languages: " + describe_languages(scope().languages) +
            " (set them with /lang de or /lang de,fr; /lang all, /lang none, /lang list)\r\n";
    return;
  }
  if (value == "list") {
    const std::vector<std::string> all = search_->index.languages();
    text_ = "languages:";
    for (const std::string& lang : all) text_ += " " + lang;
    text_ += fmt::format(" ({} locales; English is always searched)\r\n", all.size());
    return;
  }
  std::vector<std::string> codes;
  if (value != "none" && value != "en") {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
      if (i < value.size() && value[i] != ',' && value[i] != ' ') continue;
      if (i > start) {
        std::string code(value.substr(start, i - start));
        for (char& c : code) {
          if (c == '-') c = '_';
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        codes.push_back(std::move(code));
      }
      start = i + 1;
    }
  }
  if (std::string error = search_->index.check_languages(codes); !error.empty()) {
    text_ = fmt::format("error: {}\r\n", escape_controls(error));
    return;
  }
  languages_ = std::move(codes);
  text_ = "languages: " + describe_languages(*languages_) + "\r\n";
}

TelnetCommands::Action TelnetCommands::interpret(std::string_view line) {
  text_.clear();
  answering_ = false;
  const std::string_view trimmed = trim(line);
  if (trimmed.empty()) {
    if (!pending_) return Action::kText;  // nothing pending: just prompt again
    start_answer(end_);
    return Action::kAnswer;
  }
  pending_ = false;  // any other line replaces the pending page
  if (!is_valid_utf8(trimmed)) {
    text_ = kInvalidUtf8;
    return Action::kText;
  }
  if (trimmed.front() == '/') {
    const std::string command = ascii_lower(trimmed.substr(0, trimmed.find_first_of(" \t")));
    if (command == "/quit" || command == "/exit") return Action::kQuit;
    if (command == "/help" || command == "/?") {
      text_ = kHelp;
      return Action::kText;
    }
    if (command == "/lang") {
      const std::size_t space = trimmed.find_first_of(" \t");
      lang_command(space == std::string_view::npos ? std::string_view() : trimmed.substr(space));
      return Action::kText;
    }
    text_ = fmt::format("error: unknown command '{}'; type /help for help\r\n",
                        escape_controls(command));
    return Action::kText;
  }
  query_.assign(trimmed);
  start_answer(0);
  return Action::kAnswer;
}

TelnetCommands::Action TelnetCommands::line_too_long(std::size_t max_line_bytes) {
  answering_ = false;
  pending_ = false;
  text_ =
      fmt::format("error: the line is longer than {} bytes; it was ignored\r\n", max_line_bytes);
  return Action::kText;
}

void TelnetCommands::start_answer(std::size_t begin) {
  begin_ = begin;
  next_ = begin;
  end_ = begin;
  total_ = 0;
  total_known_ = false;
  failed_ = false;
  pending_ = false;
  answering_ = true;
  page_.reset();
  rows_.clear();
}

bool TelnetCommands::render(std::string& out, std::size_t budget) {
  if (!answering_) return false;
  // Unbounded answers stream, and are not cached.
  if (page_size_ == 0 || page_cache_ == nullptr) return render_fresh(out, budget);
  if (!page_) {
    page_ = whole_page();
    page_written_ = 0;
  }
  const std::string& body = page_->body;
  const std::size_t room = out.size() < budget ? budget - out.size() : 0;
  const std::size_t n = std::min(room, body.size() - page_written_);
  out.append(body, page_written_, n);
  page_written_ += n;
  if (page_written_ < body.size()) return true;
  page_.reset();
  answering_ = false;
  return false;
}

std::shared_ptr<const TelnetPage> TelnetCommands::whole_page() {
  thread_local std::string key;  // per thread, not per session: idle sessions stay small
  key.clear();
  fmt::format_to(std::back_inserter(key), "{}:{}:", page_size_, begin_);
  // The languages searched, whether the session's own or the default it began with: the
  // default may differ from one session to the next (SIGHUP), so "the default" is no key.
  for (const std::string& lang : scope().languages) key += lang + ",";
  key += ':';
  key += query_;
  if (auto cached = page_cache_->find(key)) {
    total_ = cached->total;
    total_known_ = true;
    end_ = std::min(total_, begin_ + page_size_);
    next_ = end_;
    pending_ = end_ < total_;
    return cached;
  }
  auto fresh = std::make_shared<TelnetPage>();
  render_fresh(fresh->body, static_cast<std::size_t>(-1));
  answering_ = true;  // render_fresh finished the answer; render() still has to write it
  fresh->total = total_;
  if (!failed_) {
    fresh->body.shrink_to_fit();  // cached for long: no slack (the cache counts real bytes)
    page_cache_->insert(key, fresh);
  }
  return fresh;
}

bool TelnetCommands::render_fresh(std::string& out, std::size_t budget) {
  if (!answering_) return false;
  if (!total_known_) {
    // The answer's one query run: this page's rows, or every row when paging is off.
    const SearchScope search_scope = scope();
    auto result =
        search_->index.run(query_, search_scope, begin_, page_size_ == 0 ? kNoLimit : page_size_);
    if (auto* error = std::get_if<std::string>(&result)) {
      // An unknown `lang:` code may be a typo: say what it may have been.
      fmt::format_to(std::back_inserter(out), "error: {}{}\r\n", escape_controls(*error),
                     did_you_mean(search_->suggest(query_, search_scope)));
      failed_ = true;
      answering_ = false;
      return false;
    }
    EntryPage& page = std::get<EntryPage>(result);
    search_->index.describe(page);
    total_ = page.total;
    total_known_ = true;
    sources_ = search_scope.sources;
    rows_ = std::move(page.hits);
    end_ = begin_ + rows_.size();
    // "Did you mean" once, with the first page (empty unless a word is not in the vocabulary).
    suggestions_ = begin_ == 0 ? search_->suggest(query_, search_scope) : std::vector<Suggestion>();
  }
  while (next_ < end_ && out.size() < budget) {
    const std::size_t rows = std::min(kSliceRows, end_ - next_);
    for (std::size_t i = 0; i < rows; ++i) {
      out += entry_terminal_row(search_->index, rows_[next_ - begin_ + i], sources_);
      out += "\r\n";
    }
    next_ += rows;
  }
  if (next_ < end_) return true;
  append_status(out);
  answering_ = false;
  pending_ = end_ < total_;
  std::vector<EntryHit>().swap(rows_);  // idle sessions hold no rows
  return false;
}

void TelnetCommands::append_status(std::string& out) const {
  out += status_sentence(query_, total_);
  if (page_size_ != 0 && total_ > page_size_) {
    if (end_ < total_) {
      fmt::format_to(std::back_inserter(out), " (showing {}-{}; press Enter for more)", begin_ + 1,
                     end_);
    } else {
      fmt::format_to(std::back_inserter(out), " (showing {}-{})", begin_ + 1, end_);
    }
  }
  out += did_you_mean(suggestions_);
  out += "\r\n";
}

}  // namespace charfinder
