#include "index/icu_names.hpp"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>

namespace charfinder {
namespace {

constexpr UChar32 kCodeSpaceEnd = 0x110000;

UBool collect(void* context, UChar32 code, UCharNameChoice, const char* name, int32_t length) {
  auto* out = static_cast<std::vector<NamedChar>*>(context);
  if (length > 0)
    out->push_back(NamedChar{static_cast<char32_t>(code),
                             std::string(name, static_cast<std::size_t>(length))});
  return true;
}

UCharNameChoice icu_choice(NameChoice choice) {
  switch (choice) {
    case NameChoice::kUnicode:
      return U_UNICODE_CHAR_NAME;
    case NameChoice::kAlias:
      return U_CHAR_NAME_ALIAS;
    case NameChoice::kExtended:
      break;
  }
  return U_EXTENDED_CHAR_NAME;
}

std::string char_name(char32_t code, NameChoice choice) {
  char buffer[128];
  return std::string(name_into(code, choice, buffer));
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
  u_enumCharNames(0, kCodeSpaceEnd, collect, &names, U_UNICODE_CHAR_NAME, &status);
  status = U_ZERO_ERROR;
  u_enumCharNames(0, kCodeSpaceEnd, collect, &aliases, U_CHAR_NAME_ALIAS, &status);
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

std::string_view name_into(char32_t code, NameChoice choice, std::span<char> buffer) {
  if (code >= static_cast<char32_t>(kCodeSpaceEnd)) return {};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(static_cast<UChar32>(code), icu_choice(choice), buffer.data(),
                                    static_cast<int32_t>(buffer.size()), &status);
  if (U_FAILURE(status) || length <= 0 || static_cast<std::size_t>(length) > buffer.size())
    return {};
  return {buffer.data(), static_cast<std::size_t>(length)};
}

void enumerate_icu_names(NameChoice choice,
                         void (*on_name)(void* context, char32_t code, std::string_view name),
                         void* context) {
  struct Sink {
    void (*on_name)(void*, char32_t, std::string_view);
    void* context;
  } sink{on_name, context};
  const auto forward = [](void* s, UChar32 code, UCharNameChoice, const char* name,
                          int32_t length) -> UBool {
    if (length > 0) {
      auto* target = static_cast<Sink*>(s);
      target->on_name(target->context, static_cast<char32_t>(code),
                      std::string_view(name, static_cast<std::size_t>(length)));
    }
    return true;
  };
  UErrorCode status = U_ZERO_ERROR;  // ICU's name data is compiled in: cannot fail
  u_enumCharNames(0, kCodeSpaceEnd, forward, &sink, icu_choice(choice), &status);
}

std::string unicode_name(char32_t code) { return char_name(code, NameChoice::kUnicode); }

std::string correction_alias(char32_t code) { return char_name(code, NameChoice::kAlias); }

std::string display_name(char32_t code) {
  if (code >= static_cast<char32_t>(kCodeSpaceEnd)) return {};
  std::string name = unicode_name(code);
  if (!name.empty()) return name;
  return char_name(code, NameChoice::kExtended);
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
