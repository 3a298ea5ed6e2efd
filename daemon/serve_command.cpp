// STUB (to be replaced).
#include "daemon/commands.hpp"

namespace charfinder {
int run_serve(const ServeOptions&) { return 1; }
}  // namespace charfinder
