// daemon/cli/version.cpp: what --version prints and the start-up line begins with.
#include "daemon/cli/commands.hpp"
#include "index/icu_names.hpp"

namespace charfinder {

std::string version_line() {
  return "charfinder " CHARFINDER_VERSION " (ICU " + icu_version() + ", Unicode " +
         unicode_version() + ")";
}

}  // namespace charfinder
