#!/usr/bin/env python3
"""The published crates' `rust-version` against what they build with.

CI has one toolchain and cannot fetch another, so the MSRV is checked in two halves:
clippy's `incompatible_msrv` (on in every clippy run) refuses standard-library items newer
than `rust-version`, and this script refuses a dependency, in the locked graph the published
crates build (normal and build dependencies, every feature), whose own `rust-version` is
newer. Language features newer than `rust-version` would pass both; the toolchain in use is
printed so the gap is visible.
"""
import json
import subprocess
import sys

PUBLISHED = ["atlas-api-types", "atlas-api"]


def version(text):
    return tuple(int(part) for part in text.split("."))[:3] + (0,) * (3 - len(text.split(".")))


def main():
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--all-features",
         "--filter-platform", "x86_64-unknown-linux-gnu"],
        check=True, capture_output=True, text=True).stdout)
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    failures = []
    for name in PUBLISHED:
        root = next(p for p in packages.values() if p["name"] == name and p["source"] is None)
        declared = root.get("rust_version")
        if not declared:
            failures.append(f"{name} declares no rust-version")
            continue
        seen, stack = set(), [root["id"]]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for dep in nodes[current]["deps"]:
                if any(kind["kind"] in (None, "build") for kind in dep["dep_kinds"]):
                    stack.append(dep["pkg"])
        newer = sorted(
            (packages[i]["rust_version"], packages[i]["name"], packages[i]["version"])
            for i in seen
            if packages[i].get("rust_version") and version(packages[i]["rust_version"]) > version(declared))
        newest = max((version(packages[i]["rust_version"]), packages[i]["rust_version"]) for i in seen
                     if packages[i].get("rust_version"))[1]
        print(f"{name}: rust-version {declared}; {len(seen)} crates built, the newest needs Rust {newest}")
        failures += [f"{name} (rust-version {declared}) builds {dep} {v}, which needs Rust {rv}" for rv, dep, v in newer]
    toolchain = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"checked with {toolchain} (clippy's incompatible_msrv covers the standard library)")
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
