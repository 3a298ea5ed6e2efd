// config/quote.hpp
//
// Internal to config/: how a value the user wrote is shown in a message.
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

// `text` in double quotes, with '"' and '\' escaped, control bytes as \xNN, and anything
// past 80 bytes cut to "…" so one bad value cannot flood a message.
std::string quoted(std::string_view text);

}  // namespace charfinder
