// index/source_table_format.hpp
//
// The records of the source table's byte image (the format is written out in
// source_table.hpp), shared by the writer (source_table_builder.cpp) and the reader
// (source_table.cpp). Internal to the index library.
#pragma once

#include <cstdint>

#include "index/source_table.hpp"

namespace charfinder {

struct SourceTable::Header {
  char magic[8];  // "CFSRCTB\0"
  std::uint32_t version;
  std::uint32_t entries, texts, langs, words, dirs, postings, cps, blocks;
  std::uint32_t block_size, plain_bytes, stream_bytes, sequences;
  std::uint64_t keys, entry_cps, cps_at, entry_texts, texts_at, lang_starts, lang_arena,
      word_starts, word_arena, word_dirs, dirs_at, postings_at, plain, block_offsets, blocks_at,
      end;
};

namespace source_table_format {

inline constexpr char kMagic[8] = {'C', 'F', 'S', 'R', 'C', 'T', 'B', '\0'};
inline constexpr std::uint32_t kVersion = 2;

struct TextRecord {
  std::uint32_t offset;
  std::uint16_t length;
  std::uint8_t lang;
  std::uint8_t source_kind;  // source << 5 | kind
};
static_assert(sizeof(TextRecord) == 8);

struct DirRecord {
  std::uint32_t first;
  std::uint8_t lang;
  std::uint8_t source;
  std::uint16_t pad;
};
static_assert(sizeof(DirRecord) == 8);

}  // namespace source_table_format
}  // namespace charfinder
