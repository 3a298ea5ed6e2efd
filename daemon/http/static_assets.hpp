// daemon/http/static_assets.hpp
//
// The page's CSS/JS/icons (daemon/web/, compiled in) as HTTP resources under /static/.
// Each has a content type and a strong ETag computed once from its bytes. Thread-safe.
#pragma once

#include <string_view>

namespace charfinder {

struct StaticAsset {
  std::string_view name;          // "app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string_view etag;  // "\"<hash>\"" (quoted, strong)
};

// The asset served at /static/<name>, or nullptr (then the router answers 404).
const StaticAsset* find_static_asset(std::string_view name);

}  // namespace charfinder
