// daemon/telnet/telnet_commands.hpp
//
// What a telnet session says in answer to each line: the pure half of the telnet prompt
// protocol (DESIGN.md). No I/O: the session coroutine feeds lines in and writes the text out.
// One TelnetCommands per session; not thread-safe. The NameIndex must outlive it.
//
// Wire text (every line ends in CRLF; the prompt is written by the session):
//   answer    U+265A\t♚\tBLACK CHESS KING\r\n ... then the status sentence and \r\n
//   paging    at most page_size rows per answer (0: no paging). When the matches do not fit
//             one page, the status gets " (showing 1-100; press Enter for more)", the last
//             page " (showing 98201-98263)". An empty line sends the next page; any other
//             line replaces the pending one; an empty line with nothing pending sends nothing.
//   rows      by-name rows U+265A\t♚\tBLACK CHESS KING; other-tier rows add a fourth field
//             (\t= lightning symbol); a sequence's code is its labels joined by spaces.
//   commands  /help (also /?), /quit (also /exit), /lang [CODES|all|none|list] (the
//             session's languages besides English; /lang alone shows them); any other
//             /word gets an error line.
//   did you mean  a first page whose query has a word in no text in scope ends its status
//             with ". Did you mean: chess black (33)?" (up to three, "a (3), b (1)").
//   errors    "error: ..." lines (bad query, invalid UTF-8, overlong line); the session goes on.
//
// Memory and cost: each answer is one query run (CharacterIndex::run(offset, limit) for the
// page, or for every match when paging is off), whose hits the session holds only while the
// answer is being written; rows are rendered from them a slice at a time. Between answers a
// session holds no hits: a pending page is just the query text, its languages and an offset.
//
// Speed: given a page cache and with paging on, each answer page (rows and status line) is
// rendered whole once and kept in the cache under (page size, first row, query): the index
// is immutable, so a cached page is byte-for-byte what a fresh rendering would give, and a
// repeated query costs a hash lookup instead of a search plus one ICU name lookup per row.
// So one cache must serve one index only. Rejected queries are not cached. The key holds the
// languages the session searches (its /lang, else the server's default as it was when the
// session began), which change answers: a reload that changes search.languages never serves
// a page rendered for the old default to a session that searches the new one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/search/character_search.hpp"
#include "daemon/telnet/telnet_page_cache.hpp"
#include "index/name_index.hpp"

namespace charfinder {

// Why a session ends, for its goodbye line and its log line.
enum class TelnetGoodbye : std::uint8_t {
  kQuit,              // /quit
  kInterrupt,         // IAC IP / BRK / ABORT / SUSP
  kEndOfInput,        // Ctrl-D, IAC EOF, or the client closed its side
  kControlCharacter,  // a line started with a control character
  kIdleTimeout,
  kShutdown,  // the server is shutting down
};

// "goodbye\r\n", "idle timeout, goodbye\r\n", "server shutting down, goodbye\r\n", ...
std::string_view goodbye_line(TelnetGoodbye why);
// "quit", "interrupt", ... (for logs)
std::string_view goodbye_reason(TelnetGoodbye why);

// "charfinder 0.1.0: type words to find characters, /help for help, /quit to leave\r\n"
std::string banner_line(std::string_view version);

inline constexpr std::string_view kPrompt = "?> ";
inline constexpr std::string_view kBusyLine = "busy: too many connections, try again later\r\n";

class TelnetCommands {
 public:
  enum class Action : std::uint8_t {
    kText,    // send text() (possibly empty), then the prompt
    kAnswer,  // call render() until it returns false, then send the prompt
    kQuit,    // say goodbye_line(kQuit) and end the session
  };

  // Rows per run_query() call while rendering. Bounds a session's memory for code points.
  static constexpr std::size_t kSliceRows = 512;

  // `page_cache` (optional, shared by sessions, must outlive this) keeps rendered pages of
  // answers over `index`.
  // `search` (optional; must outlive this) is the CharacterSearch of the server; without
  // it the session searches `index` alone (the formal names). `default_languages` (must
  // outlive this; checked against the index by the caller) are searched besides English
  // until /lang says otherwise: the session's Config snapshot's search.languages, taken when
  // the session began, so a SIGHUP that changes them applies to new sessions.
  TelnetCommands(const NameIndex& index, std::size_t page_size,
                 TelnetPageCache* page_cache = nullptr, const CharacterSearch* search = nullptr,
                 std::span<const std::string> default_languages = {});
  TelnetCommands(const TelnetCommands&) = delete;
  TelnetCommands& operator=(const TelnetCommands&) = delete;

  // Interprets one complete line (as the decoder delivered it, without its line ending).
  Action interpret(std::string_view line);
  // The line was longer than limits.max_line_bytes (the decoder reported it).
  Action line_too_long(std::size_t max_line_bytes);

  // After kText: what to send before the prompt (CRLF-terminated lines, or empty).
  const std::string& text() const { return text_; }

  // After kAnswer: appends the answer's next rows, and at the end its status line (or the
  // query's error line), to `out`, until out.size() reaches `budget` or the answer is
  // complete; a slice of rows is never split, so out may pass budget by one slice. Returns
  // true while more of the answer remains.
  bool render(std::string& out, std::size_t budget);

  // Facts about the current (or last) answer, for the log line.
  const std::string& query() const { return query_; }
  std::size_t rows_sent() const { return next_ - begin_; }
  std::size_t total() const { return total_; }
  bool failed() const { return failed_; }    // the query was rejected (error line sent)
  bool pending() const { return pending_; }  // an empty line would send another page

 private:
  void start_answer(std::size_t begin);
  // Renders the answer from one query run (no cache), as render() describes.
  bool render_fresh(std::string& out, std::size_t budget);
  // The current page, whole: from the cache, or rendered now and cached.
  std::shared_ptr<const TelnetPage> whole_page();
  void append_status(std::string& out) const;
  void lang_command(std::string_view argument);
  SearchScope scope() const;

  std::unique_ptr<CharacterSearch> own_search_;  // when the caller gave none
  const CharacterSearch* search_;
  std::optional<std::vector<std::string>> languages_;  // /lang; else default_languages_
  // The server's default languages when the session began (a view of its Config snapshot).
  std::span<const std::string> default_languages_;
  TelnetPageCache* page_cache_;
  std::size_t page_size_;
  std::string text_;
  std::string query_;
  std::size_t begin_ = 0;  // first row of the page being answered (0-based)
  std::size_t end_ = 0;    // one past its last row; valid once total_known_
  std::size_t next_ = 0;   // next row to render
  std::size_t total_ = 0;
  bool total_known_ = false;
  bool answering_ = false;
  bool failed_ = false;
  bool pending_ = false;                    // another page of query_ starts at end_
  std::vector<EntryHit> rows_;              // the answer's rows, from row begin_ on
  std::vector<Suggestion> suggestions_;     // "Did you mean" of the first page
  SourceSet sources_ = kAllSources;         // the scope rows_ were found in
  std::shared_ptr<const TelnetPage> page_;  // the page being written, when paging is on
  std::size_t page_written_ = 0;            // bytes of page_->body already rendered
};

}  // namespace charfinder
