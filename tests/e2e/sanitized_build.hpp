// tests/e2e/sanitized_build.hpp
//
// Whether these tests, and so the daemon built beside them, are built with AddressSanitizer
// or ThreadSanitizer (scripts/test.sh --sanitize=...). Their allocators keep freed memory in
// quarantine and their shadow memory counts in RSS, so a check that RSS comes back measures
// the sanitizer, not charfinder: such checks are skipped there, and say so (WARN), while
// every other check of the same test still runs.
#pragma once

namespace charfinder {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedAllocator = true;
#else
inline constexpr bool kSanitizedAllocator = false;
#endif

}  // namespace charfinder
