// tests/e2e/sanitized_build.hpp
//
// Whether these tests, and so the daemon built beside them, are built with AddressSanitizer
// or ThreadSanitizer (scripts/test.sh --sanitize=...). Their allocators keep freed memory in
// quarantine and their shadow memory counts in RSS, so a check that RSS comes back measures
// the sanitizer, not charfinder: such checks are skipped there, and say so (WARN), while
// every other check of the same test still runs.
// Sanitized code also runs several times slower (TSan: the spelling build takes 11 s instead
// of 0.3 s, and a query that needs it waits for it), so the deadlines by which something
// must arrive (an answer, a line of the log, the exit) are stretched by kSanitizerSlowdown.
// A deadline checks that it comes, not how fast a sanitized build is; deadlines that say
// something must NOT happen (read_some, wait_exit(0ms)) are not stretched.
#pragma once

#include <chrono>

namespace charfinder {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedAllocator = true;
#else
inline constexpr bool kSanitizedAllocator = false;
#endif

#if defined(__SANITIZE_THREAD__)
inline constexpr int kSanitizerSlowdown = 4;
#elif defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizerSlowdown = 2;
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif

// `deadline` for something that must arrive, stretched for a sanitized build.
inline std::chrono::milliseconds arrival_deadline(std::chrono::milliseconds deadline) {
  return deadline * kSanitizerSlowdown;
}

}  // namespace charfinder
