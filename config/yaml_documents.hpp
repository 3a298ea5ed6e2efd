// config/yaml_documents.hpp
//
// Counting the YAML documents of a text without building them, so that a malformed text
// cannot send yaml-cpp 0.7's LoadAll() into its endless loop. Pure; any thread.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <string>

namespace charfinder {

// How many YAML documents `text` holds, without building them. yaml-cpp 0.7's LoadAll() loops
// forever on some malformed flow text such as "{a: 0}, b}", appending null documents until
// memory runs out (jbeder/yaml-cpp#1319, fixed upstream in 2024; Debian 12 has 0.7.0; found
// by tests/fuzz/config_loader_fuzz). Its parser then "starts" a document again and again at
// the same place, which is how a stuck parse is told from a real further document.
struct DocumentCount {
  std::size_t count = 0;
  YAML::Mark second = YAML::Mark::null_mark();  // where the second document's root is
  bool stuck = false;                           // the parser stopped advancing there
};

DocumentCount count_documents(const std::string& text);

}  // namespace charfinder
