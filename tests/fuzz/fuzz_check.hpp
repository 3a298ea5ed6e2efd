// tests/fuzz/fuzz_check.hpp
//
// FUZZ_CHECK(condition, what): a property every fuzz target asserts. On failure it prints
// the property and aborts, which libFuzzer reports as a crash and saves the input, so a
// broken property is a finding exactly like a sanitizer report.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                         \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "property failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, what, \
                   #condition);                                                             \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)
