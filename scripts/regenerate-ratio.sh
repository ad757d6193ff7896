#!/usr/bin/env bash
# Times `cargo xtask regenerate` (release build) on the full spec and prints it against the
# target (1 s) and openapi-generator's 6.5 s on the same spec and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${ATLAS_SPEC:-../shared/spec/atlas-api-v2.yaml}"
cargo build --quiet --release -p xtask
runs=${RUNS:-5}
best=""
for _ in $(seq "$runs"); do
  out=$( { /usr/bin/time -f '%e %M' target/release/xtask regenerate --spec "$spec" >/dev/null; } 2>&1 | tail -1)
  read -r secs kib <<<"$out"
  if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kib; fi
done
awk -v s="$best" -v m="$rss" 'BEGIN{
  printf "regenerate: best of runs %.3f s, peak RSS %.0f MiB\n", s, m/1024;
  printf "ratio to the 1 s target: %.2f\n", s/1.0;
  printf "openapi-generator (6.5 s) / ours: %.1fx\n", 6.5/s }'
