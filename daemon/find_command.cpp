// `charfinder find WORDS...`: one-shot search from the command line. The words are joined
// with spaces into one query (so `charfinder find chess black` and `charfinder find
// "chess black"` agree); every match is printed as a terminal row, then the status sentence.
// Exit codes: 0 something matched, 1 nothing matched, 2 bad query.
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>

#include "daemon/commands.hpp"
#include "index/describe.hpp"
#include "index/icu_names.hpp"
#include "index/name_index.hpp"
#include "index/search.hpp"

namespace charfinder {

int run_find(const std::vector<std::string>& words) {
  std::string query;
  for (const std::string& word : words) {
    if (!query.empty()) query += ' ';
    query += word;
  }
  const NameIndex index = NameIndex::build_from_icu();
  auto answer = run_query(index, query);
  if (const auto* error = std::get_if<std::string>(&answer)) {
    std::cerr << "charfinder: " << *error << '\n';
    return 2;
  }
  const SearchPage& page = std::get<SearchPage>(answer);
  std::string out;
  for (char32_t code : page.code_points) {
    out += terminal_row(code);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  out += status_sentence(query, page.total);
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return page.total == 0 ? 1 : 0;
}

std::string version_line() {
  return "charfinder " CHARFINDER_VERSION " (ICU " + icu_version() + ", Unicode " +
         unicode_version() + ")";
}

}  // namespace charfinder
