// index/entry_rows.hpp
//
// How an entry hit is shown by every front end: the terminal row (telnet, CLI), the JSON
// result object (/api/search) and the JSON details fields (/api/char). Pure; thread-safe.
#pragma once

#include <string>

#include "index/entry_details.hpp"
#include "index/entry_search.hpp"
#include "text/json_writer.hpp"

namespace charfinder {

// "U+265A\t♚\tBLACK CHESS KING" for a by-name row; an other-tier row adds a fourth field
// ("\t= lightning symbol"); a sequence's code is its labels joined by spaces and its glyph
// all its code points ("U+1F1EB U+1F1F7\t🇫🇷\tflag: France\temoji: flag: France"). Control
// characters are shown as terminal_glyph() shows them. Call describe() first for the
// fourth field. No line ending.
std::string entry_terminal_row(const CharacterIndex& index, const EntryHit& hit,
                               SourceSet sources = kAllSources);

// {"code", "char", "name", "kind": "char"|"sequence", "tier": "name"|"other"
//  [, "matched": {"source", "lang", "text"}]} (lang is null for Unicode's own data).
void write_entry_json(JsonWriter& json, const CharacterIndex& index, const EntryHit& hit,
                      SourceSet sources = kAllSources);

// The source table's details as members of an object the caller has begun: "kind",
// "code_points", "formal_aliases", "informal_aliases", "notes", "cross_references",
// "unicode1_name", "named_sequence", "annotations", "unihan", "emoji".
void write_entry_details_json(JsonWriter& json, const EntryDetails& details);

}  // namespace charfinder
