// config/config_file.cpp: reading a configuration file (size-capped, errors as problems).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "config/config_loader.hpp"

namespace charfinder {
namespace {

constexpr std::size_t kMaxFileBytes = 1 << 20;

}  // namespace

ConfigResult load_config_file(const std::string& path) {
  auto cannot_read = [&](int error) {
    return ConfigResult{std::nullopt,
                        {"cannot read " + path + ": " + std::generic_category().message(error)}};
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return cannot_read(error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return cannot_read(EISDIR);
  }
  std::string text;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return cannot_read(error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxFileBytes) {
      ::close(fd);
      return ConfigResult{
          std::nullopt, {"cannot read " + path + ": larger than 1 MiB; not a configuration file?"}};
    }
  }
  ::close(fd);
  return parse_config(text, path);
}

}  // namespace charfinder
