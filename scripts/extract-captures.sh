#!/usr/bin/env bash
# Copies the Terraform provider's recorded Atlas traffic (its `testdata/**/*.yaml` capture files)
# out of a git directory of github.com/mongodb/terraform-provider-mongodbatlas into a folder, for
# `ATLAS_CAPTURES=<out-dir> cargo xtask conformance parity-sequences`.
#
#   git clone --bare https://github.com/mongodb/terraform-provider-mongodbatlas provider.git
#   scripts/extract-captures.sh provider.git ../captures
#
# It reads only the given git directory (a bare clone, or a clone's .git), at HEAD, at the
# revision given third, or (`--history`) every capture file its history held, and writes only
# under <out-dir>, keeping the files' paths. Keep <out-dir> outside this repository: the
# captures are the provider's (MPL-2.0), not ours to commit.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 <terraform-provider git dir> <out-dir> [revision | --history]" >&2
  exit 2
fi
git_dir="$1"
out="$2"
revision="${3:-HEAD}"

# `--history`: every capture file any branch's history held, each as the last commit that
# changed it left it: the captures the provider has since removed, and those of branches it
# never merged, too (of one it rewrote, the newest version only).
if [ "$revision" = "--history" ]; then
  count=0
  while IFS= read -r path; do
    last="$(git --git-dir="$git_dir" log --all -1 --format=%H -- "$path")"
    git --git-dir="$git_dir" cat-file -e "$last:$path" 2>/dev/null || last="$last^"
    mkdir -p "$out/$(dirname "$path")"
    git --git-dir="$git_dir" show "$last:$path" >"$out/$path"
    count=$((count + 1))
  done < <(git --git-dir="$git_dir" log --all --name-only --format= | grep -E '(^|/)testdata/.*\.yaml$' | sort -u)
  echo "extracted $count YAML files from the history of $git_dir into $out"
  exit 0
fi

if ! git --git-dir="$git_dir" rev-parse --verify --quiet "$revision^{commit}" >/dev/null; then
  echo "$git_dir is not a git directory with a revision $revision" >&2
  exit 1
fi

count=0
while IFS= read -r path; do
  mkdir -p "$out/$(dirname "$path")"
  git --git-dir="$git_dir" show "$revision:$path" >"$out/$path"
  count=$((count + 1))
done < <(git --git-dir="$git_dir" ls-tree -r --name-only "$revision" | grep -E '(^|/)testdata/.*\.yaml$')
echo "extracted $count YAML files from $git_dir ($revision) into $out"
