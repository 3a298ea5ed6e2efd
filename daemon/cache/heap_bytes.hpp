// daemon/cache/heap_bytes.hpp
//
// What an allocation really takes from glibc's malloc (Debian 12, 64-bit): the request plus
// an 8-byte header, rounded up to 16 bytes, at least 32. The caches count their entries with
// it, so their caps bound the heap they hold rather than only the bytes of the answers.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace charfinder {

constexpr std::size_t malloc_chunk_bytes(std::size_t request) {
  if (request == 0) return 0;
  const std::size_t chunk = (request + 8 + 15) / 16 * 16;
  return chunk < 32 ? 32 : chunk;
}

// The heap a std::string of `capacity` holds (libstdc++ keeps up to 15 bytes inline).
constexpr std::size_t heap_bytes_of_length(std::size_t capacity) {
  return capacity <= 15 ? 0 : malloc_chunk_bytes(capacity + 1);
}

inline std::size_t heap_bytes(const std::string& s) { return heap_bytes_of_length(s.capacity()); }

}  // namespace charfinder
