// STUB (to be replaced).
#include "daemon/commands.hpp"

namespace charfinder {
int run_check_config(const std::string&) { return 1; }
}  // namespace charfinder
