#include "sources/embedded_table.hpp"

extern "C" const std::byte charfinder_source_table_begin[];
extern "C" const std::byte charfinder_source_table_end[];

namespace charfinder {

std::span<const std::byte> embedded_source_table() {
  return {charfinder_source_table_begin, charfinder_source_table_end};
}

}  // namespace charfinder
