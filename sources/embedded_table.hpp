// sources/embedded_table.hpp
//
// The source table compiled into the executable at build time (sources/CMakeLists.txt).
#pragma once

#include <cstddef>
#include <span>

namespace charfinder {

// The embedded image, for SourceTable::open(). Lives as long as the program.
std::span<const std::byte> embedded_source_table();

}  // namespace charfinder
