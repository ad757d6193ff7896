#!/usr/bin/env bash
# Copies older dated Atlas Admin API v2 specs out of the git histories of repositories that
# vendor the spec, one commit a month per repository, into <out-dir>, each named by the day of
# its commit and the source's place among the arguments (YYYY-MM-DD-<n>.yaml), for
# `ATLAS_SPEC_HISTORY=<out-dir> cargo xtask conformance spec-history`. Each source is
# `<git dir>:<path of the spec in it>`; the ones tests/spec-history.toml was made from:
#
#   git clone --bare https://github.com/mongodb/atlas-sdk-go sdk.git
#   git clone --bare https://github.com/mongodb/mongodb-atlas-cli cli.git
#   git clone --bare https://github.com/mongodb/terraform-provider-mongodbatlas provider.git
#   scripts/extract-spec-history.sh ../spec-history sdk.git:openapi/atlas-api.yaml \
#     cli.git:tools/internal/specs/spec.yaml \
#     provider.git:tools/codegen/atlasapispec/raw-multi-version-api-spec.yml
#
# It follows each repository's default branch (first parents, commit dates). Keep <out-dir>
# outside this repository: the specs are licensed CC BY-NC-SA 3.0 US, and only the facts
# spec-history writes from them (calls, paths, days) are committed.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 <out-dir> <git dir>:<spec path> ..." >&2
  exit 2
fi
out="$1"
shift
mkdir -p "$out"

# The newest commit of each month that changed `path` in `git_dir`, where the file is there.
monthly() {
  local git_dir="$1" path="$2" tag="$3"
  local log
  log="$(git --git-dir="$git_dir" log --first-parent --diff-merges=first-parent HEAD --format='%H %cd' --date=short -- "$path")"
  local seen="" count=0
  while read -r commit day; do
    [ -n "$commit" ] || continue
    local month="${day:0:7}"
    case " $seen " in *" $month "*) continue ;; esac
    git --git-dir="$git_dir" cat-file -e "$commit:$path" 2>/dev/null || continue
    git --git-dir="$git_dir" show "$commit:$path" >"$out/$day-$tag.yaml"
    seen="$seen $month"
    count=$((count + 1))
  done <<<"$log"
  if [ "$count" -eq 0 ]; then
    echo "no spec found at $path in $git_dir" >&2
    exit 1
  fi
  echo "$count specs from $git_dir ($path)"
}

n=0
for source in "$@"; do
  n=$((n + 1))
  monthly "${source%%:*}" "${source#*:}" "$n"
done
