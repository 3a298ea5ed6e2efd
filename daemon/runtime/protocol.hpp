// daemon/runtime/protocol.hpp
//
// The front ends a connection can speak; metrics, listeners and the registry count by it.
#pragma once

#include <cstdint>

namespace charfinder {

enum class Protocol : std::uint8_t { kTelnet, kHttp };

}  // namespace charfinder
