// text/form.hpp
//
// application/x-www-form-urlencoded, the encoding of a query-string value: unreserved
// bytes (A-Z a-z 0-9 - . _ ~) as themselves, space as '+', every other byte %XX in
// upper-case hex. The result needs no HTML escaping. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

// Whether '*' stays as itself (as a browser submits a form, WHATWG URL) or becomes %2A (as
// RFC 3986 counts it: a sub-delimiter).
enum class FormStar { kKeep, kEncode };

std::string form_encode(std::string_view text, FormStar star);

}  // namespace charfinder
