#!/usr/bin/env python3
"""Check that docs/api-reference.md is what scripts/gen_api_doc.py renders from the app now.

Usage: .venv/bin/python scripts/check_api_doc.py [--write]

Exit status 0 when the page is current. Otherwise the status is 1 and the message names the
endpoints and schemas that were added, removed or changed. `--write` regenerates the page instead
of checking it, and exits 0.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_api_doc import DOC_PATH, ROOT, load_document, render  # noqa: E402

# Endpoint detail headings (`### `GET /path``) and schema headings (`### `Name``), at level 3 or 4.
BLOCK_HEADING = re.compile(r"^#{3,4} `([^`]+)`$")
ANY_HEADING = re.compile(r"^#{1,6} ")
MAX_LISTED = 30  # drift lines printed before the rest is summarised as a count


def split_page(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """Split a page into its layout lines (header, section headings, summary tables) and its detail blocks.

    A detail block runs from its heading to the next heading of any kind.
    """
    layout: list[str] = []
    blocks: dict[str, list[str]] = {}
    current = layout
    for line in text.splitlines():
        if ANY_HEADING.match(line):
            match = BLOCK_HEADING.match(line)
            current = blocks.setdefault(match.group(1), []) if match else layout
        current.append(line)
    return layout, blocks


def _first_difference(old: list[str], new: list[str]) -> str:
    for old_line, new_line in zip(old, new):
        if old_line != new_line:
            return new_line.strip() or "(blank line)"
    return "(lines added or removed at the end)"


def describe_drift(current: str, expected: str) -> list[str]:
    """List what differs between the page on disk and the page the app renders now."""
    current_layout, current_blocks = split_page(current)
    expected_layout, expected_blocks = split_page(expected)

    problems = [f"missing from the page: {title}" for title in expected_blocks if title not in current_blocks]
    problems += [f"on the page but not in the app: {title}" for title in current_blocks if title not in expected_blocks]
    for title, block in expected_blocks.items():
        if title in current_blocks and current_blocks[title] != block:
            problems.append(f"changed: {title}, expected line: {_first_difference(current_blocks[title], block)[:120]}")

    diff = difflib.unified_diff(current_layout, expected_layout, lineterm="", n=0)
    problems += [
        f"header or summary table, {'expected' if line.startswith('+') else 'unexpected'} line: {line[1:].strip()[:120]}"
        for line in diff
        if line[:1] in "+-" and not line.startswith(("+++", "---")) and line[1:].strip()
    ]
    if not problems:
        # The same blocks and non-blank layout lines, so only their order or blank lines differ.
        first = _first_difference(current.splitlines(), expected.splitlines())[:120]
        problems.append(f"the order of sections or blocks, or blank lines, differ. Expected line: {first}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check docs/api-reference.md against the app's current routes.")
    parser.add_argument("--write", action="store_true", help="regenerate the page instead of checking it")
    args = parser.parse_args(argv)

    expected = render(load_document())
    relative = DOC_PATH.relative_to(ROOT)
    if args.write:
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(expected, encoding="utf-8")
        print(f"Wrote {relative}")
        return 0

    if not DOC_PATH.exists():
        print(f"{relative} does not exist. Generate it with: .venv/bin/python scripts/check_api_doc.py --write", file=sys.stderr)
        return 1
    current = DOC_PATH.read_text(encoding="utf-8")
    if current == expected:
        return 0

    problems = describe_drift(current, expected)
    print(f"{relative} does not match the app's routes:", file=sys.stderr)
    for problem in problems[:MAX_LISTED]:
        print(f"  - {problem}", file=sys.stderr)
    if len(problems) > MAX_LISTED:
        print(f"  ... and {len(problems) - MAX_LISTED} more", file=sys.stderr)
    print("Regenerate it with: .venv/bin/python scripts/check_api_doc.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
