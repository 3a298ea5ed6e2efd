#!/usr/bin/env bash
# Every C++ file tracked by git is formatted as .clang-format says (clang-format-14), so
# nobody argues about layout in review. Fix with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format-14 -i
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v clang-format-14 >/dev/null || { echo "clang-format-14 is not installed" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
((${#files[@]})) || { echo "no C++ files found: is this a git checkout?" >&2; exit 1; }
clang-format-14 --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files checked"
