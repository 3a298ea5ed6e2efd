# Sourced by scripts/test.sh and scripts/fuzz.sh (not run on its own).
#
# normal_source_table ROOT: configures the normal tree ROOT/build, builds it as far as the
# embedded Unicode/CLDR source table, and prints the table's path. The TSan and fuzz trees
# embed this table instead of generating their own: charfinder-datagen is single-threaded,
# and under a sanitizer it takes minutes (sources/CMakeLists.txt). Build output goes to
# stderr, so `$(normal_source_table "$root")` captures only the path.
normal_source_table() {
  local root=$1
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  cmake --build "$root/build" --target charfinder_source_table_bin >&2
  echo "$root/build/sources/source_table.bin"
}
