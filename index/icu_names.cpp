#include "index/icu_names.hpp"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>

namespace charfinder {
namespace {

constexpr UChar32 kCodeSpaceEnd = 0x110000;

struct Collector {
  std::vector<NamedChar>* out;
  NameSource source;
};

UBool collect(void* context, UChar32 code, UCharNameChoice, const char* name, int32_t length) {
  auto* collector = static_cast<Collector*>(context);
  if (length > 0) {
    collector->out->push_back(NamedChar{static_cast<char32_t>(code),
                                        std::string(name, static_cast<std::size_t>(length)),
                                        collector->source});
  }
  return true;
}

std::string char_name(char32_t code, UCharNameChoice choice) {
  if (code >= static_cast<char32_t>(kCodeSpaceEnd)) return {};
  char buffer[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length =
      u_charName(static_cast<UChar32>(code), choice, buffer, sizeof buffer, &status);
  if (U_FAILURE(status) || length <= 0) return {};
  return std::string(buffer, static_cast<std::size_t>(length));
}

std::string version_string(const UVersionInfo version) {
  char buffer[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, buffer);
  return buffer;
}

}  // namespace

std::vector<NamedChar> read_icu_names() {
  std::vector<NamedChar> names;
  std::vector<NamedChar> aliases;
  names.reserve(300000);
  UErrorCode status = U_ZERO_ERROR;
  Collector name_collector{&names, NameSource::kName};
  u_enumCharNames(0, kCodeSpaceEnd, collect, &name_collector, U_UNICODE_CHAR_NAME, &status);
  status = U_ZERO_ERROR;
  Collector alias_collector{&aliases, NameSource::kCorrectionAlias};
  u_enumCharNames(0, kCodeSpaceEnd, collect, &alias_collector, U_CHAR_NAME_ALIAS, &status);
  // Both lists ascend by code point; merge them so the result does too (a name before its
  // alias for the same code point).
  std::vector<NamedChar> merged;
  merged.reserve(names.size() + aliases.size());
  std::merge(std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()),
             std::make_move_iterator(aliases.begin()), std::make_move_iterator(aliases.end()),
             std::back_inserter(merged),
             [](const NamedChar& a, const NamedChar& b) { return a.code < b.code; });
  return merged;
}

std::string unicode_name(char32_t code) { return char_name(code, U_UNICODE_CHAR_NAME); }

std::string correction_alias(char32_t code) { return char_name(code, U_CHAR_NAME_ALIAS); }

std::string display_name(char32_t code) {
  if (code >= static_cast<char32_t>(kCodeSpaceEnd)) return {};
  std::string name = unicode_name(code);
  if (!name.empty()) return name;
  return char_name(code, U_EXTENDED_CHAR_NAME);
}

std::string icu_version() {
  UVersionInfo version;
  u_getVersion(version);
  return version_string(version);
}

std::string unicode_version() {
  UVersionInfo version;
  u_getUnicodeVersion(version);
  return version_string(version);
}

}  // namespace charfinder
