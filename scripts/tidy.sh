#!/usr/bin/env bash
# clang-tidy-16 (.clang-tidy) over our C++ sources, with the flags of a real build: configures
# build-tidy/ with clang++-16 (compile_commands.json only, no compiling; precompiled headers
# off, since clang-tidy cannot use a PCH it did not build) and checks translation units two at
# a time. Headers are checked through the units that include them (.clang-tidy's
# HeaderFilterRegex). Fails on any warning or a crash of clang-tidy.
#   scripts/tidy.sh              every tracked .cpp (about 5 minutes on an idle 2-core machine;
#                                CI's step)
#   scripts/tidy.sh --changed    only what .ci/tidy-clean.txt does not list as clean: each .cpp
#                                whose content differs from the recorded one, and for each such
#                                header one unit that includes it.
#   scripts/tidy.sh FILE...      only these .cpp files (paths from the repository root)
#   --record                     after a run with zero warnings, write what it covered into
#                                .ci/tidy-clean.txt (commit it with the change)
# The record is keyed by the .clang-tidy files' content: a change of the checks makes every
# file unclean.
# What it cannot see: a header change that brings a warning into an unchanged .cpp that uses
# it; the whole-tree run finds that (docs/robustness.md, "Static analysis").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-tidy
record=.ci/tidy-clean.txt

mode=all write_record=0 given=()
for arg; do
  case $arg in
    --changed) mode=changed ;;
    --record) write_record=1 ;;
    -*) echo "tidy: unknown option $arg" >&2; exit 2 ;;
    *) mode=given; given+=("$arg") ;;
  esac
done

# Every tracked C++ file that the build compiles (fuzz targets are built only under
# -DCHARFINDER_FUZZ=ON, so they are not in the database), with its content's blob id.
mapfile -t paths < <(git ls-files -- '*.cpp' '*.hpp' | grep -v '^tests/fuzz/')
mapfile -t blobs < <(printf '%s\n' "${paths[@]}" | git hash-object --stdin-paths)
config_id="config $(git ls-files -- .clang-tidy '*/.clang-tidy' | git hash-object --stdin-paths |
  paste -sd ' ')"
declare -A blob_of clean
for i in "${!paths[@]}"; do blob_of[${paths[i]}]=${blobs[i]}; done
if [[ -f $record && $(head -n 1 "$record") == "$config_id" ]]; then
  while read -r blob path; do clean[$path]=$blob; done < <(tail -n +2 "$record")
fi

# unit_including HEADER: the header's own .cpp, or the first unit that includes it, directly
# or through another of our headers; fails when there is none.
unit_including() {
  local header=$1 depth=${2:-0} includer
  if [[ -n ${blob_of[${header%.hpp}.cpp]-} ]]; then echo "${header%.hpp}.cpp"; return 0; fi
  ((depth < 4)) || return 1
  for includer in $(git grep -l -F "#include \"$header\"" -- '*.cpp' '*.hpp' | grep -v '^tests/fuzz/'); do
    if [[ $includer == *.cpp ]]; then echo "$includer"; return 0; fi
    unit_including "$includer" $((depth + 1)) && return 0
  done
  return 1
}

declare -A units covered
case $mode in
  all) for path in "${paths[@]}"; do
         [[ $path == *.cpp ]] && units[$path]=1
         covered[$path]=1
       done ;;
  given) for path in "${given[@]}"; do units[$path]=1; covered[$path]=1; done ;;
  changed)
    for path in "${paths[@]}"; do
      [[ ${clean[$path]-} == "${blob_of[$path]}" ]] && continue
      unit=$path
      [[ $path == *.hpp ]] && unit=$(unit_including "$path" || true)
      if [[ -z $unit ]]; then echo "tidy: no unit includes $path; not checked"; continue; fi
      units[$unit]=1 covered[$path]=1 covered[$unit]=1
    done ;;
esac

files=("${!units[@]}")
echo "tidy: ${#files[@]} files"
start=$SECONDS
count=0
if ((${#files[@]})); then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  # stderr has clang-tidy's "N warnings generated" lines; kept aside to find a crash in it.
  printf '%s\n' "${files[@]}" | sort |
    xargs -P 2 -n 4 clang-tidy-16 -p "$build" --quiet 2>"$build/tidy.stderr" |
    tee "$build/tidy.log" | grep -E '(warning|error):' || true
  count=$(grep -cE '(warning|error):' "$build/tidy.log" || true)
  if grep -qE 'Stack dump|PLEASE submit a bug report|Segmentation fault' "$build/tidy.stderr"; then
    echo "tidy: clang-tidy crashed (see $build/tidy.stderr)"
    exit 1
  fi
fi
echo "tidy: $count warnings in $((SECONDS - start)) s"
[[ $count == 0 ]] || exit 1

if ((write_record)); then
  {
    echo "$config_id"
    for path in "${paths[@]}"; do
      if [[ -n ${covered[$path]-} || ${clean[$path]-} == "${blob_of[$path]}" ]]; then
        echo "${blob_of[$path]} $path"
      fi
    done
  } >"$record.new"
  mv "$record.new" "$record"
  echo "tidy: $(($(wc -l <"$record") - 1)) of ${#paths[@]} files recorded clean in $record"
fi
