#include "daemon/http/static_assets.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/http/web_asset.hpp"
#include "text/hex.hpp"

namespace charfinder {
namespace {

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

// Text types carry a charset because DESIGN.md wants one on every response; the files in
// daemon/web/ are UTF-8.
constexpr ContentType kContentTypes[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json; charset=utf-8"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
};

std::string_view content_type_for(std::string_view name) {
  for (const ContentType& entry : kContentTypes) {
    if (name.size() > entry.extension.size() && name.ends_with(entry.extension)) return entry.type;
  }
  return "application/octet-stream";
}

// Two independent 64-bit FNV-1a hashes (different offset bases) give a 128-bit validator:
// not cryptographic, but the bytes are ours and only change with a new build.
std::string etag_for(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t a = 0xcbf29ce484222325ULL;
  std::uint64_t b = 0x84222325cbf29ce4ULL;
  for (const char c : bytes) {
    a = (a ^ static_cast<unsigned char>(c)) * kPrime;
    b = (b ^ static_cast<unsigned char>(c) ^ 0x5a) * kPrime;
  }
  std::string etag = "\"";
  for (const std::uint64_t h : {a, b}) append_hex(etag, h, 16, HexCase::kLower);
  etag += '"';
  return etag;
}

// Built once (a function-local static: C++ guarantees thread-safe initialisation) and
// read-only afterwards. `assets` holds views into `etags`, which is filled first and never
// resized again.
class AssetTable {
 public:
  AssetTable() {
    const auto files = web_assets();
    etags_.reserve(files.size());
    for (const WebAsset& file : files) etags_.push_back(etag_for(file.bytes));
    assets_.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      assets_.push_back(
          StaticAsset{files[i].name, content_type_for(files[i].name), files[i].bytes, etags_[i]});
    }
  }
  AssetTable(const AssetTable&) = delete;
  AssetTable& operator=(const AssetTable&) = delete;

  const StaticAsset* find(std::string_view name) const {
    if (name.empty()) return nullptr;
    for (const StaticAsset& asset : assets_) {
      if (asset.name == name) return &asset;
    }
    return nullptr;  // a handful of assets: a scan is as fast as a map
  }

 private:
  std::vector<std::string> etags_;
  std::vector<StaticAsset> assets_;
};

}  // namespace

const StaticAsset* find_static_asset(std::string_view name) {
  static const AssetTable table;
  return table.find(name);
}

}  // namespace charfinder
