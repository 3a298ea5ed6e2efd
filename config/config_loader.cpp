// YAML -> Config (see the header for the accepted language). yaml-cpp builds the node
// tree; everything after that is a walk over a table of known keys (kKeys) that collects
// every problem instead of stopping at the first. yaml-cpp's exceptions are caught here.
#include "config/config_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "config/duration.hpp"
#include "config/quote.hpp"

namespace charfinder {
namespace {

constexpr std::uint64_t kMaxPageSize = 100000;
constexpr std::uint64_t kUnbounded = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kMaxFileBytes = 1 << 20;

const std::vector<std::string_view> kLogLevels{"trace", "debug", "info", "warn", "error", "off"};
const std::vector<std::string_view> kLogFormats{"text", "json"};

std::string join(const std::vector<std::string_view>& words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

// Edit distance counting a swap of neighbours as one edit (optimal string alignment), so
// "levle" is one slip from "level". Keys are short, so O(n·m) is nothing.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// Whether `typed` looks like a slip of `known`: a couple of edits, and not most of the word.
bool close_enough(std::string_view typed, std::string_view known) {
  const std::size_t distance = edit_distance(typed, known);
  return distance <= 2 && distance * 3 <= known.size();
}

// How a node the user wrote is shown after "got".
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return quoted(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

// yaml-cpp tags a quoted scalar "!" and a plain one "?".
bool is_quoted(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "!"; }

bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && !is_quoted(node); }

// One key's value as met in the file: the node, where its key was, and its dotted path.
struct Value {
  const YAML::Node& node;
  YAML::Mark mark;
  std::string path;
};

struct AddressEntry {
  ListenAddress address;
  std::string path;  // "telnet.listen[0]"
  int line;          // 0-based, -1 when unknown
};

// One address that appears twice (port 0 excluded: every port-0 listener gets its own port).
struct Duplicate {
  std::size_t first;
  std::size_t second;
};

std::vector<Duplicate> find_duplicates(const std::vector<AddressEntry>& entries) {
  std::vector<Duplicate> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].address.port == 0) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (entries[j].address == entries[i].address) {
        out.push_back({j, i});
        break;
      }
    }
  }
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view file_name) : file_name_(file_name) {}

  void problem(const YAML::Mark& mark, std::string_view path, std::string_view what) {
    problem_at_line(mark.is_null() ? -1 : mark.line, path, what);
  }

  void problem_at_line(int line, std::string_view path, std::string_view what) {
    std::string message(file_name_);
    if (line >= 0) message += ":" + std::to_string(line + 1);
    message += ": ";
    if (!path.empty()) {
      message += path;
      message += ": ";
    }
    message += what;
    problems_.push_back({line, std::move(message)});
  }

  // In file order (cross-key checks run last but belong where their key is); problems
  // without a line come first.
  std::vector<std::string> take_problems() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto& problem : problems_) out.push_back(std::move(problem.second));
    return out;
  }
  std::size_t problem_count() const { return problems_.size(); }

  // A key whose value was rejected keeps its default; cross-checks must not judge it.
  void mark_bad(const std::string& path) { bad_paths_.insert(path); }
  bool is_bad(const std::string& path) const { return bad_paths_.count(path) != 0; }

  void remember_line(const std::string& path, const YAML::Mark& mark) {
    if (!mark.is_null()) lines_.emplace(path, mark.line);
  }
  int line_of(const std::string& path) const {
    auto it = lines_.find(path);
    return it == lines_.end() ? -1 : it->second;
  }

  std::optional<std::uint64_t> integer(const Value& v, std::uint64_t lo, std::uint64_t hi) {
    const std::string expected =
        hi == kUnbounded ? "expected an integer >= " + std::to_string(lo)
                         : "expected an integer " + std::to_string(lo) + ".." + std::to_string(hi);
    if (is_quoted(v.node)) {
      problem(
          v.mark, v.path,
          expected + ", got the string " + quoted(v.node.Scalar()) + " (write it without quotes)");
      return std::nullopt;
    }
    if (!v.node.IsScalar()) {
      problem(v.mark, v.path, expected + ", got " + describe(v.node));
      return std::nullopt;
    }
    const std::string& text = v.node.Scalar();
    std::uint64_t number = 0;
    bool valid = !text.empty();
    for (char c : text) {
      if (c < '0' || c > '9') {
        valid = false;
        break;
      }
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (number > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        valid = false;  // overflow: report it as written
        break;
      }
      number = number * 10 + digit;
    }
    if (!valid) {
      problem(v.mark, v.path, expected + ", got " + quoted(text));
      return std::nullopt;
    }
    if (number < lo || number > hi) {
      problem(v.mark, v.path, expected + ", got " + text);
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> boolean(const Value& v) {
    bool value = false;
    if (is_plain_scalar(v.node) && YAML::convert<bool>::decode(v.node, value)) return value;
    std::string got = describe(v.node);
    if (is_quoted(v.node)) got = "the string " + got + " (write it without quotes)";
    problem(v.mark, v.path, "expected true or false, got " + got);
    return std::nullopt;
  }

  std::optional<Duration> timeout(const Value& v) {
    if (!v.node.IsScalar()) {
      problem(v.mark, v.path,
              "expected a duration with a unit (ms, s, m, h), e.g. 30s, got " + describe(v.node));
      return std::nullopt;
    }
    std::string error;
    auto duration = parse_duration(v.node.Scalar(), error);
    if (!duration) {
      problem(v.mark, v.path, error);
      return std::nullopt;
    }
    if (duration->count() == 0) {
      problem(v.mark, v.path,
              "expected a duration greater than zero, got " + quoted(v.node.Scalar()));
      return std::nullopt;
    }
    return duration;
  }

  std::optional<std::string> one_of(const Value& v, const std::vector<std::string_view>& allowed) {
    if (v.node.IsScalar() &&
        std::find(allowed.begin(), allowed.end(), v.node.Scalar()) != allowed.end())
      return v.node.Scalar();
    problem(v.mark, v.path, "expected one of " + join(allowed, ", ") + ", got " + describe(v.node));
    return std::nullopt;
  }

  // A list of addresses, or one address as a plain string. Each bad element is reported at
  // its own line; the good ones are remembered for the duplicate check.
  std::optional<std::vector<ListenAddress>> listen(const Value& v) {
    std::vector<std::pair<YAML::Node, std::string>> elements;
    if (v.node.IsScalar()) {
      elements.emplace_back(v.node, v.path);
    } else if (v.node.IsSequence()) {
      for (std::size_t i = 0; i < v.node.size(); ++i)
        elements.emplace_back(v.node[i], v.path + "[" + std::to_string(i) + "]");
    } else {
      problem(v.mark, v.path,
              "expected a list of \"host:port\" strings (an empty list [] turns it off), got " +
                  describe(v.node));
      return std::nullopt;
    }
    std::vector<ListenAddress> out;
    std::vector<AddressEntry> entries;
    bool ok = true;
    for (auto& [element, path] : elements) {
      const YAML::Mark mark = element.Mark().is_null() ? v.mark : element.Mark();
      if (!element.IsScalar()) {
        problem(mark, path, "expected a \"host:port\" string, got " + describe(element));
        ok = false;
        continue;
      }
      std::string error;
      auto address = parse_listen_address(element.Scalar(), error);
      if (!address) {
        problem(mark, path, error);
        ok = false;
        continue;
      }
      out.push_back(*address);
      entries.push_back({*address, path, mark.line});
    }
    if (!ok) return std::nullopt;
    addresses_.insert(addresses_.end(), entries.begin(), entries.end());
    return out;
  }

  const std::vector<AddressEntry>& addresses() const { return addresses_; }

 private:
  std::string file_name_;
  std::vector<std::pair<int, std::string>> problems_;  // 0-based line (-1: none), message
  std::map<std::string, int> lines_;                   // dotted path -> 0-based line of its key
  std::vector<AddressEntry> addresses_;
  std::set<std::string> bad_paths_;
};

// The schema: every key, and how its value is read into a Config. Order = the order
// to_yaml and charfinder.yaml use.
struct Key {
  std::string_view section;
  std::string_view name;
  void (*read)(Reader&, const Value&, Config&);
};

const Key kKeys[] = {
    {"telnet", "listen",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.listen(v)) c.telnet.listen = *x;
     }},
    {"telnet", "banner",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.boolean(v)) c.telnet.banner = *x;
     }},
    {"telnet", "page_size",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 0, kMaxPageSize)) c.telnet.page_size = *x;
     }},
    {"telnet", "idle_timeout",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.timeout(v)) c.telnet.idle_timeout = *x;
     }},
    {"telnet", "write_timeout",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.timeout(v)) c.telnet.write_timeout = *x;
     }},
    {"http", "listen",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.listen(v)) c.http.listen = *x;
     }},
    {"http", "page_size",
     [](Reader& r, const Value& v, Config& c) {
       // The upper bound is max_page_size, checked once both are known (cross_check).
       if (auto x = r.integer(v, 1, kMaxPageSize)) c.http.page_size = *x;
     }},
    {"http", "max_page_size",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 1, kMaxPageSize)) c.http.max_page_size = *x;
     }},
    {"http", "idle_timeout",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.timeout(v)) c.http.idle_timeout = *x;
     }},
    {"http", "header_timeout",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.timeout(v)) c.http.header_timeout = *x;
     }},
    {"limits", "max_connections",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 1, kUnbounded)) c.limits.max_connections = *x;
     }},
    {"limits", "max_connections_per_ip",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 1, kUnbounded)) c.limits.max_connections_per_ip = *x;
     }},
    {"limits", "max_line_bytes",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 64, 1048576)) c.limits.max_line_bytes = *x;
     }},
    {"server", "threads",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.integer(v, 0, 1024)) c.server.threads = static_cast<unsigned>(*x);
     }},
    {"server", "shutdown_grace",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.timeout(v)) c.server.shutdown_grace = *x;
     }},
    {"log", "level",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.one_of(v, kLogLevels)) c.log.level = *x;
     }},
    {"log", "format",
     [](Reader& r, const Value& v, Config& c) {
       if (auto x = r.one_of(v, kLogFormats)) c.log.format = *x;
     }},
};

const std::vector<std::string_view> kSections{"telnet", "http", "limits", "server", "log"};

const Key* find_key(std::string_view section, std::string_view name) {
  for (const Key& key : kKeys)
    if (key.section == section && key.name == name) return &key;
  return nullptr;
}

// " (did you mean X?)", " (did you mean a or b?)" or, with no close match, the known keys.
std::string suggestion(std::string_view section, std::string_view typed) {
  std::vector<std::string_view> close;
  std::vector<std::string_view> known;
  if (section.empty()) {
    for (std::string_view name : kSections) {
      known.push_back(name);
      if (close_enough(typed, name)) close.push_back(name);
    }
  } else {
    for (const Key& key : kKeys) {
      if (key.section != section) continue;
      known.push_back(key.name);
      if (close_enough(typed, key.name)) close.push_back(key.name);
    }
  }
  std::vector<std::string> elsewhere;  // the same key name in another section
  if (close.empty()) {
    for (const Key& key : kKeys)
      if (key.section != section && key.name == typed)
        elsewhere.push_back(std::string(key.section) + "." + std::string(key.name));
  }
  std::vector<std::string_view> shown(close.begin(), close.end());
  if (close.empty()) shown.assign(elsewhere.begin(), elsewhere.end());
  if (!shown.empty()) return " (did you mean " + join(shown, " or ") + "?)";
  return " (known keys: " + join(known, ", ") + ")";
}

// A mapping's keys: each must be a plain string and appear once. Calls `on_key` for each
// good key with its name, value and mark.
template <typename OnKey>
void for_each_key(Reader& reader, const YAML::Node& map, std::string_view prefix, OnKey on_key) {
  std::map<std::string, int> seen;  // key -> 0-based line of its first occurrence
  for (const auto& pair : map) {
    const YAML::Node key = pair.first;  // Node is a handle: copying is cheap
    const YAML::Node value = pair.second;
    const YAML::Mark mark = key.Mark();
    if (!key.IsScalar()) {
      reader.problem(mark, prefix, "expected a key name, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string path = prefix.empty() ? name : std::string(prefix) + "." + name;
    auto [first, inserted] = seen.emplace(name, mark.line);
    if (!inserted) {
      reader.problem(mark, path,
                     "duplicate key (first at line " + std::to_string(first->second + 1) + ")");
      continue;
    }
    on_key(name, path, value, mark);
  }
}

void read_document(Reader& reader, const YAML::Node& root, Config& config) {
  if (root.IsNull()) return;  // empty file or only comments: all defaults
  if (!root.IsMap()) {
    reader.problem(root.Mark(), "",
                   "expected a mapping of sections (" + join(kSections, ", ") +
                       ") at the top level, got " + describe(root));
    return;
  }
  for_each_key(
      reader, root, "",
      [&](const std::string& section, const std::string& section_path, const YAML::Node& body,
          const YAML::Mark& section_mark) {
        if (std::find(kSections.begin(), kSections.end(), section) == kSections.end()) {
          reader.problem(section_mark, section_path, "unknown key" + suggestion("", section));
          return;
        }
        if (body.IsNull()) return;  // "telnet:" with every key commented out
        if (!body.IsMap()) {
          reader.problem(section_mark, section_path,
                         "expected a mapping of keys, got " + describe(body));
          return;
        }
        for_each_key(reader, body, section_path,
                     [&](const std::string& name, const std::string& path, const YAML::Node& value,
                         const YAML::Mark& mark) {
                       const Key* key = find_key(section, name);
                       if (!key) {
                         reader.problem(mark, path, "unknown key" + suggestion(section, name));
                         return;
                       }
                       reader.remember_line(path, mark);
                       const std::size_t before = reader.problem_count();
                       key->read(reader, Value{value, mark, path}, config);
                       if (reader.problem_count() != before) reader.mark_bad(path);
                     });
      });
}

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
  if (!is_bad("telnet.listen") && !is_bad("http.listen") && config.telnet.listen.empty() &&
      config.http.listen.empty()) {
    int line = reader.line_of("telnet.listen");
    if (line < 0) line = reader.line_of("http.listen");
    reader.problem_at_line(line, "telnet.listen, http.listen",
                           "both lists are empty: nothing to listen on");
  }
  // Addresses given in the file, plus the defaults of a list the file did not set.
  std::vector<AddressEntry> entries;
  for (std::string_view protocol : {"telnet", "http"}) {
    const std::string path = std::string(protocol) + ".listen";
    if (reader.line_of(path) >= 0) {
      for (const AddressEntry& entry : reader.addresses())
        if (entry.path.rfind(path, 0) == 0) entries.push_back(entry);
    } else {
      const auto& list = protocol == "telnet" ? config.telnet.listen : config.http.listen;
      for (std::size_t i = 0; i < list.size(); ++i)
        entries.push_back({list[i], path + "[" + std::to_string(i) + "] (default)", -1});
    }
  }
  for (const Duplicate& d : find_duplicates(entries)) {
    const AddressEntry& first = entries[d.first];
    const AddressEntry& second = entries[d.second];
    std::string where = first.path;
    if (first.line >= 0) where += " at line " + std::to_string(first.line + 1);
    reader.problem_at_line(second.line, second.path,
                           second.address.to_string() + " is already in " + where);
  }
}

}  // namespace

ConfigResult parse_config(std::string_view yaml, std::string_view file_name) {
  Reader reader(file_name);
  Config config;
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml));
    if (documents.size() > 1) {
      reader.problem(documents[1].Mark(), "",
                     "expected one YAML document, found " + std::to_string(documents.size()) +
                         " (remove the extra '---')");
    } else if (documents.size() == 1) {
      read_document(reader, documents[0], config);
      cross_check(reader, config);
    }
  } catch (const YAML::Exception& e) {
    std::string what = "invalid YAML: " + e.msg;
    if (!e.mark.is_null()) what += " (column " + std::to_string(e.mark.column + 1) + ")";
    reader.problem(e.mark, "", what);
  } catch (const std::exception& e) {  // e.g. bad_alloc; never let it out of config/
    reader.problem(YAML::Mark::null_mark(), "", std::string("cannot parse: ") + e.what());
  }
  ConfigResult result;
  result.problems = reader.take_problems();
  if (result.problems.empty()) result.config = std::move(config);
  return result;
}

ConfigResult load_config_file(const std::string& path) {
  auto cannot_read = [&](int error) {
    return ConfigResult{std::nullopt, {"cannot read " + path + ": " + std::strerror(error)}};
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return cannot_read(error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return cannot_read(EISDIR);
  }
  std::string text;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return cannot_read(error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxFileBytes) {
      ::close(fd);
      return ConfigResult{
          std::nullopt, {"cannot read " + path + ": larger than 1 MiB; not a configuration file?"}};
    }
  }
  ::close(fd);
  return parse_config(text, path);
}

std::vector<std::string> apply_overrides(Config& config,
                                         const std::vector<std::string>& telnet_listen,
                                         const std::vector<std::string>& http_listen,
                                         const std::optional<std::string>& log_level) {
  std::vector<std::string> problems;
  Config updated = config;
  auto replace = [&problems](std::vector<ListenAddress>& list,
                             const std::vector<std::string>& texts, std::string_view flag) {
    if (texts.empty()) return;
    list.clear();
    for (const std::string& text : texts) {
      std::string error;
      if (auto address = parse_listen_address(text, error))
        list.push_back(*address);
      else
        problems.push_back(std::string(flag) + ": " + error);
    }
  };
  replace(updated.telnet.listen, telnet_listen, "--telnet-listen");
  replace(updated.http.listen, http_listen, "--http-listen");
  if (log_level) {
    if (std::find(kLogLevels.begin(), kLogLevels.end(), *log_level) == kLogLevels.end())
      problems.push_back("--log-level: expected one of " + join(kLogLevels, ", ") + ", got " +
                         quoted(*log_level));
    else
      updated.log.level = *log_level;
  }
  if (problems.empty() && (!telnet_listen.empty() || !http_listen.empty())) {
    std::vector<AddressEntry> entries;
    auto add = [&entries](const std::vector<ListenAddress>& list, bool overridden,
                          std::string_view flag, std::string_view key) {
      for (const ListenAddress& address : list)
        entries.push_back({address, std::string(overridden ? flag : key), -1});
    };
    add(updated.telnet.listen, !telnet_listen.empty(), "--telnet-listen", "telnet.listen");
    add(updated.http.listen, !http_listen.empty(), "--http-listen", "http.listen");
    for (const Duplicate& d : find_duplicates(entries)) {
      const AddressEntry& first = entries[d.first];
      const AddressEntry& second = entries[d.second];
      const std::string where = first.path == second.path ? "given twice" : "also in " + first.path;
      problems.push_back(second.path + ": " + second.address.to_string() + " is " + where);
    }
  }
  if (problems.empty()) config = std::move(updated);
  return problems;
}

}  // namespace charfinder
