#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, on a copy of its
# seed corpus (new inputs go to the copy, never into the repository); a
# crashing input is kept in BUILD_DIR/tests/fuzz/artifacts/.
#   tests/fuzz/run_fuzzers.sh build-fuzz 60
set -euo pipefail
build=${1:?build folder}
seconds=${2:?seconds per target}
here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/tests/fuzz/artifacts"
mkdir -p "$artifacts"
for target in "$build"/tests/fuzz/*_fuzz; do
  name=$(basename "$target" _fuzz)
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
  cp -r "$here/corpus/$name/." "$corpus/"
  echo "fuzzing $name for $seconds s"
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$artifacts/${name}-" "$corpus"
  rm -rf "$corpus"
done
