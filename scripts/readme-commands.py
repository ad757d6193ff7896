#!/usr/bin/env python3
"""Prints one of the two commands the README's first paragraph gives a newcomer, as printed:
`regenerate` (the main job) or `test` (the tests). `.ci/run` runs what this prints, so the
README's commands are the ones CI runs and the two cannot drift apart."""

import re
import sys
from pathlib import Path

# The first screen: what a reader sees before scrolling.
FIRST_SCREEN_LINES = 24

WANTED = {"regenerate": "cargo xtask regenerate", "test": "cargo test"}


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1] not in WANTED:
        print(f"usage: {sys.argv[0]} {'|'.join(WANTED)}", file=sys.stderr)
        return 2
    readme = Path(__file__).resolve().parent.parent / "README.md"
    lines = readme.read_text().splitlines()[:FIRST_SCREEN_LINES]
    # The first paragraph after the title: where the two commands are, before any code block.
    paragraph = []
    for line in lines[1:]:
        if line.strip():
            paragraph.append(line)
        elif paragraph:
            break
    # Inline code spans, joined across the line breaks of the paragraph.
    spans = [" ".join(s.split()) for s in re.findall(r"`([^`]+)`", "\n".join(paragraph))]
    found = [s for s in spans if WANTED[sys.argv[1]] in s]
    if len(found) != 1:
        print(f"README.md's first paragraph must give one `{WANTED[sys.argv[1]]}` command, found {found}", file=sys.stderr)
        return 1
    print(found[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
