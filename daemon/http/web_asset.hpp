// A file from daemon/web/, compiled into the binary by cmake/embed_assets.cmake.
#pragma once

#include <span>
#include <string_view>

namespace charfinder {

struct WebAsset {
  std::string_view name;   // file name, e.g. "app.js"
  std::string_view bytes;  // the file's contents, static storage
};

// Every embedded asset, in no particular order. Static storage; never throws.
std::span<const WebAsset> web_assets();

}  // namespace charfinder
