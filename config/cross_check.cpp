// config/cross_check.cpp: the checks that involve more than one key (see reader.hpp).
#include <string>
#include <vector>

#include "config/listen_address.hpp"
#include "config/reader.hpp"

namespace charfinder {

// Checks that involve more than one key; run after every key has been read.
void cross_check(Reader& reader, const Config& config) {
  auto is_bad = [&reader](const char* path) { return reader.is_bad(path); };
  if (!is_bad("http.page_size") && !is_bad("http.max_page_size") &&
      config.http.page_size > config.http.max_page_size) {
    const int line = reader.line_of("http.page_size");
    if (line >= 0) {
      reader.problem_at_line(line, "http.page_size",
                             "expected an integer 1.." + std::to_string(config.http.max_page_size) +
                                 " (at most http.max_page_size), got " +
                                 std::to_string(config.http.page_size));
    } else {  // only max_page_size was written: it is the one to fix (or set page_size too)
      reader.problem_at_line(reader.line_of("http.max_page_size"), "http.max_page_size",
                             "expected an integer " + std::to_string(config.http.page_size) +
                                 "..100000 (at least http.page_size, default " +
                                 std::to_string(config.http.page_size) + "), got " +
                                 std::to_string(config.http.max_page_size));
    }
  }
  if (!is_bad("telnet.listen") && !is_bad("http.listen") && !is_bad("telnet.proxy_listen") &&
      !is_bad("http.proxy_listen") && config.telnet.listen.empty() && config.http.listen.empty() &&
      config.telnet.proxy_listen.empty() && config.http.proxy_listen.empty()) {
    int line = reader.line_of("telnet.listen");
    if (line < 0) line = reader.line_of("http.listen");
    reader.problem_at_line(line, "telnet.listen, http.listen",
                           "both lists are empty: nothing to listen on");
  }
  // Addresses given in the file, plus the defaults of a list the file did not set.
  std::vector<AddressEntry> entries;
  // Plain and PROXY listeners together: one address cannot be both.
  for (std::string_view key :
       {"telnet.listen", "telnet.proxy_listen", "http.listen", "http.proxy_listen"}) {
    const std::string path(key);
    if (reader.line_of(path) >= 0) {
      for (const AddressEntry& entry : reader.addresses())
        if (entry.path == path || entry.path.rfind(path + "[", 0) == 0) entries.push_back(entry);
    } else {
      const auto& list = key == "telnet.listen"         ? config.telnet.listen
                         : key == "telnet.proxy_listen" ? config.telnet.proxy_listen
                         : key == "http.listen"         ? config.http.listen
                                                        : config.http.proxy_listen;
      for (std::size_t i = 0; i < list.size(); ++i)
        entries.push_back({list[i], path + "[" + std::to_string(i) + "] (default)", -1});
    }
  }
  std::vector<ListenAddress> addresses;
  addresses.reserve(entries.size());
  for (const AddressEntry& entry : entries) addresses.push_back(entry.address);
  for (const DuplicateAddress& d : find_duplicate_addresses(addresses)) {
    const AddressEntry& first = entries[d.first];
    const AddressEntry& second = entries[d.second];
    std::string where = first.path;
    if (first.line >= 0) where += " at line " + std::to_string(first.line + 1);
    reader.problem_at_line(second.line, second.path,
                           second.address.to_string() + " is already in " + where);
  }
}

}  // namespace charfinder
