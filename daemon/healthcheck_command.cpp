// STUB (to be replaced).
#include "daemon/commands.hpp"

namespace charfinder {
int run_healthcheck(const std::string&) { return 1; }
}  // namespace charfinder
