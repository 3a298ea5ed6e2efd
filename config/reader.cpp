// config/reader.cpp: problems, and each kind of value read by its schema rule.
#include "config/reader.hpp"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "config/duration.hpp"
#include "config/listen_address.hpp"
#include "text/escape.hpp"

namespace charfinder {
namespace {

// yaml-cpp tags a quoted scalar "!" and a plain one "?".
bool is_quoted(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "!"; }

bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && !is_quoted(node); }

// Stores an integer into the member, whatever its unsigned type.
void store_integer(ConfigField field, std::uint64_t value) {
  std::visit(
      [value](auto* member) {
        using T = std::remove_cvref_t<decltype(*member)>;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
          *member = static_cast<T>(value);
      },
      field);
}

}  // namespace

// How a node the user wrote is shown after "got".
std::string describe_node(const YAML::Node& node) {
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

void Reader::problem(const YAML::Mark& mark, std::string_view path, std::string_view what) {
  problem_at_line(mark.is_null() ? -1 : mark.line, path, what);
}

// A key name or yaml-cpp's own message may hold control bytes (a newline in a quoted key,
// "unknown escape character: \n"; found by tests/fuzz/config_loader_fuzz): the whole message
// is escaped, so a problem is always one line.
void Reader::problem_at_line(int line, std::string_view path, std::string_view what) {
  std::string message(file_name_);
  if (line >= 0) message += ":" + std::to_string(line + 1);
  message += ": ";
  if (!path.empty()) {
    message += path;
    message += ": ";
  }
  message += what;
  problems_.emplace_back(line, escape_controls(message));
}

std::vector<std::string> Reader::take_problems() {
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(problems_.size());
  for (auto& problem : problems_) out.push_back(std::move(problem.second));
  return out;
}

int Reader::line_of(const std::string& path) const {
  auto it = lines_.find(path);
  return it == lines_.end() ? -1 : it->second;
}

void Reader::read(const SchemaKey& key, const ConfigValue& value, Config& config) {
  if (!value.mark.is_null()) lines_.emplace(value.path, value.mark.line);
  const std::size_t before = problems_.size();
  const ConfigField field = key.field(config);
  switch (key.rule.kind) {
    case ValueRule::Kind::kListen:
      if (auto x = listen(value)) *std::get<std::vector<ListenAddress>*>(field) = std::move(*x);
      break;
    case ValueRule::Kind::kBoolean:
      if (auto x = boolean(value)) *std::get<bool*>(field) = *x;
      break;
    case ValueRule::Kind::kInteger:
      if (auto x = integer(value, key.rule.lo, key.rule.hi)) store_integer(field, *x);
      break;
    case ValueRule::Kind::kTimeout:
      if (auto x = timeout(value, true)) *std::get<Duration*>(field) = *x;
      break;
    case ValueRule::Kind::kDuration:
      if (auto x = timeout(value, false)) *std::get<Duration*>(field) = *x;
      break;
    case ValueRule::Kind::kOneOf:
      if (auto x = one_of(value, key.rule.allowed)) *std::get<std::string*>(field) = std::move(*x);
      break;
    case ValueRule::Kind::kSubsetOf:
    case ValueRule::Kind::kLanguages:
      if (auto x = words(value, key.rule))
        *std::get<std::vector<std::string>*>(field) = std::move(*x);
      break;
  }
  if (problems_.size() != before) bad_paths_.insert(value.path);
}

std::optional<std::uint64_t> Reader::integer(const ConfigValue& v, std::uint64_t lo,
                                             std::uint64_t hi) {
  const std::string expected =
      hi == ValueRule::kUnbounded
          ? "expected an integer >= " + std::to_string(lo)
          : "expected an integer " + std::to_string(lo) + ".." + std::to_string(hi);
  if (is_quoted(v.node)) {
    problem(
        v.mark, v.path,
        expected + ", got the string " + quoted(v.node.Scalar()) + " (write it without quotes)");
    return std::nullopt;
  }
  if (!v.node.IsScalar()) {
    problem(v.mark, v.path, expected + ", got " + describe_node(v.node));
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

std::optional<bool> Reader::boolean(const ConfigValue& v) {
  bool value = false;
  if (is_plain_scalar(v.node) && YAML::convert<bool>::decode(v.node, value)) return value;
  std::string got = describe_node(v.node);
  if (is_quoted(v.node)) got = "the string " + got + " (write it without quotes)";
  problem(v.mark, v.path, "expected true or false, got " + got);
  return std::nullopt;
}

std::optional<Duration> Reader::timeout(const ConfigValue& v, bool positive) {
  if (!v.node.IsScalar()) {
    problem(
        v.mark, v.path,
        "expected a duration with a unit (ms, s, m, h), e.g. 30s, got " + describe_node(v.node));
    return std::nullopt;
  }
  std::string error;
  auto duration = parse_duration(v.node.Scalar(), error);
  if (!duration) {
    problem(v.mark, v.path, error);
    return std::nullopt;
  }
  if (positive && duration->count() == 0) {
    problem(v.mark, v.path,
            "expected a duration greater than zero, got " + quoted(v.node.Scalar()));
    return std::nullopt;
  }
  return duration;
}

std::optional<std::string> Reader::one_of(const ConfigValue& v,
                                          std::span<const std::string_view> allowed) {
  if (v.node.IsScalar() &&
      std::find(allowed.begin(), allowed.end(), v.node.Scalar()) != allowed.end())
    return v.node.Scalar();
  problem(v.mark, v.path,
          "expected one of " + join_words(allowed, ", ") + ", got " + describe_node(v.node));
  return std::nullopt;
}

std::optional<std::vector<std::string>> Reader::words(const ConfigValue& v, const ValueRule& rule) {
  const bool languages = rule.kind == ValueRule::Kind::kLanguages;
  const std::string expected =
      languages ? std::string("expected a list of CLDR locale ids such as [de, fr] or [all]")
                : "expected a list of " + join_words(rule.allowed, ", ");
  if (!v.node.IsSequence()) {
    problem(v.mark, v.path, expected + ", got " + describe_node(v.node));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < v.node.size(); ++i) {
    const YAML::Node element = v.node[i];
    const YAML::Mark mark = element.Mark().is_null() ? v.mark : element.Mark();
    const std::string path = v.path + "[" + std::to_string(i) + "]";
    std::string word = element.IsScalar() ? element.Scalar() : std::string();
    bool good = element.IsScalar() && !word.empty();
    if (good && languages) {
      for (char& c : word) {
        if (c == '-') c = '_';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        good = good && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
      }
    } else if (good) {
      good = std::find(rule.allowed.begin(), rule.allowed.end(), word) != rule.allowed.end();
    }
    if (!good) {
      problem(mark, path,
              (languages ? std::string("expected a CLDR locale id such as de or zh_Hant, or all")
                         : "expected one of " + join_words(rule.allowed, ", ")) +
                  ", got " + describe_node(element));
      ok = false;
      continue;
    }
    if (std::find(out.begin(), out.end(), word) != out.end()) {
      problem(mark, path, quoted(word) + " is listed twice");
      ok = false;
      continue;
    }
    out.push_back(std::move(word));
  }
  if (!ok) return std::nullopt;
  return out;
}

// A list of addresses, or one address as a plain string. Each bad element is reported at
// its own line; the good ones are remembered for the duplicate check.
std::optional<std::vector<ListenAddress>> Reader::listen(const ConfigValue& v) {
  std::vector<std::pair<YAML::Node, std::string>> elements;
  if (v.node.IsScalar()) {
    elements.emplace_back(v.node, v.path);
  } else if (v.node.IsSequence()) {
    for (std::size_t i = 0; i < v.node.size(); ++i)
      elements.emplace_back(v.node[i], v.path + "[" + std::to_string(i) + "]");
  } else {
    problem(v.mark, v.path,
            "expected a list of \"host:port\" strings (an empty list [] turns it off), got " +
                describe_node(v.node));
    return std::nullopt;
  }
  std::vector<ListenAddress> out;
  std::vector<AddressEntry> entries;
  bool ok = true;
  for (auto& [element, path] : elements) {
    const YAML::Mark mark = element.Mark().is_null() ? v.mark : element.Mark();
    if (!element.IsScalar()) {
      problem(mark, path, "expected a \"host:port\" string, got " + describe_node(element));
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

}  // namespace charfinder
