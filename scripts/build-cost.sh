#!/usr/bin/env bash
# What the per-tag cargo features save: clean `cargo build -p atlas-api` with all tags and
# with one tag, wall time and peak memory of the largest process (rustc), and the cost of
# everything generated alone (atlas-api-types and atlas-api, dependencies already built;
# limits: 45 s and 2 GiB with all tags on 2 cores). Prints the ratios.
#   scripts/build-cost.sh [TAG]     (default TAG: clusters)
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-clusters}"
target="${TMPDIR:-/tmp}/atlas-api-build-cost"
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target"

# Prints "seconds peak_kb" for one cargo build.
timed() {
  /usr/bin/time -f "%e %M" -o "$target.time" cargo build -q -p atlas-api --locked "$@" >/dev/null
  cat "$target.time"
}

# Prints "clean_s clean_kb crate_s crate_kb": a clean build, then the generated crates alone.
measure() {
  rm -rf "$target"
  local clean crate
  clean=$(timed "$@")
  # Touched, not `cargo clean -p`: that also deletes tracing's .rmeta (a cargo quirk), so
  # tracing, h2, hyper and reqwest were rebuilt too and counted as the generated crates.
  touch atlas-api-types/src/lib.rs atlas-api/src/lib.rs
  crate=$(timed "$@")
  echo "$clean $crate"
}

read -r all_s all_kb all_crate_s all_crate_kb < <(measure)
read -r one_s one_kb one_crate_s one_crate_kb < <(measure --no-default-features --features "$tag")
rm -rf "$target" "$target.time"

awk -v a="$all_s" -v am="$all_kb" -v ac="$all_crate_s" -v acm="$all_crate_kb" \
    -v o="$one_s" -v om="$one_kb" -v oc="$one_crate_s" -v ocm="$one_crate_kb" -v tag="$tag" 'BEGIN {
  printf "all tags:      clean %6.1f s, peak %5.0f MiB; generated crates alone %6.1f s, peak %5.0f MiB (limits 45 s, 2048 MiB)\n", a, am/1024, ac, acm/1024
  printf "only %-9s clean %6.1f s, peak %5.0f MiB; generated crates alone %6.1f s, peak %5.0f MiB\n", tag ":", o, om/1024, oc, ocm/1024
  printf "one tag / all tags: clean %.2f, generated crates alone %.2f (target <= 0.25)\n", o/a, oc/ac
}'
