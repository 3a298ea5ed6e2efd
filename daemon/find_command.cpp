// STUB (to be replaced).
#include "daemon/commands.hpp"

namespace charfinder {
int run_find(const std::vector<std::string>&) { return 2; }
std::string version_line() { return "charfinder " CHARFINDER_VERSION; }
}  // namespace charfinder
