#!/usr/bin/env bash
# clang-tidy-16 (.clang-tidy) over every C++ source of the tree, with the flags of a real
# build: configures build-tidy/ with clang++-16 (compile_commands.json only, no compiling;
# precompiled headers off, since clang-tidy cannot use a PCH it did not build) and checks
# each translation unit of our own code, two at a time. Fails on any warning.
#   scripts/tidy.sh [FILE...]     only these files (paths from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-tidy
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

if (($#)); then
  files=("$@")
else
  # Fuzz targets are built only under -DCHARFINDER_FUZZ=ON: they are not in this database.
  mapfile -t files < <(git ls-files '*.cpp' | grep -v '^tests/fuzz/')
fi
echo "tidy: ${#files[@]} files"
start=$SECONDS
# stderr has clang-tidy's "N warnings generated" lines; kept aside to find a crash in it.
printf '%s\n' "${files[@]}" |
  xargs -P 2 -n 4 clang-tidy-16 -p "$build" --quiet 2>"$build/tidy.stderr" |
  tee "$build/tidy.log" | grep -E '(warning|error):' || true
count=$(grep -cE '(warning|error):' "$build/tidy.log" || true)
echo "tidy: $count warnings in $((SECONDS - start)) s"
if grep -qE 'Stack dump|PLEASE submit a bug report|Segmentation fault' "$build/tidy.stderr"; then
  echo "tidy: clang-tidy crashed (see $build/tidy.stderr)"
  exit 1
fi
[[ $count == 0 ]]
