#!/usr/bin/env bash
# Copies older dated Atlas Admin API v2 specs, one a month, out of the git history of
# github.com/mongodb/atlas-sdk-go (openapi/atlas-api.yaml) and of
# github.com/mongodb/terraform-provider-mongodbatlas
# (tools/codegen/atlasapispec/raw-multi-version-api-spec.yml) into <out-dir>, each named by the
# day of its commit (YYYY-MM-DD.yaml), for
# `ATLAS_SPEC_HISTORY=<out-dir> cargo xtask conformance spec-history`.
#
#   git clone --bare https://github.com/mongodb/atlas-sdk-go sdk.git
#   git clone --bare https://github.com/mongodb/terraform-provider-mongodbatlas provider.git
#   scripts/extract-spec-history.sh sdk.git provider.git ../spec-history
#
# Keep <out-dir> outside this repository: the specs are licensed CC BY-NC-SA 3.0 US, and only
# the facts spec-history writes from them (calls, paths, days) are committed.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <atlas-sdk-go git dir> <terraform-provider git dir> <out-dir>" >&2
  exit 2
fi
out="$3"
mkdir -p "$out"

# One commit a month (the newest) that touched `path` in `git_dir` and whose file is there.
monthly() {
  local git_dir="$1" path="$2"
  local seen="" count=0
  while read -r commit day; do
    local month="${day:0:7}"
    case " $seen " in *" $month "*) continue ;; esac
    git --git-dir="$git_dir" cat-file -e "$commit:$path" 2>/dev/null || continue
    git --git-dir="$git_dir" show "$commit:$path" >"$out/$day.yaml"
    seen="$seen $month"
    count=$((count + 1))
  done < <(git --git-dir="$git_dir" log --all --format='%H %ad' --date=short -- "$path")
  echo "$count specs from $git_dir ($path)"
}

monthly "$1" openapi/atlas-api.yaml
monthly "$2" tools/codegen/atlasapispec/raw-multi-version-api-spec.yml
