"""`build.py stamp FILE…`: give every block that lacks a passage id a fresh one, in place.

A fresh id is `p<N>`, with N above every number already used in the text's
language files and in content/anchors.lock — so a retired id is never handed
out again.
"""

from __future__ import annotations

import re
from pathlib import Path

from .anchors import LOCK_NAME, read_lock
from .glossary import Matcher
from .load import _block_ranges
from .textfile import shown
from .markdown import make_markdown
from .model import Diagnostics, Location, printable
from .textfile import read_text

NUMBERED = re.compile(r"p(\d+)\Z")
ID_IN_ATTRS = re.compile(r"\{#([a-z][a-z0-9-]*)")


def _used_numbers(path: Path, diagnostics: Diagnostics) -> set[int]:
    numbers = set()
    for sibling in path.parent.glob("*.md"):
        # Only regular files are read (a pipe would hang); one that cannot be read has no ids.
        source = read_text(sibling, shown(sibling), Diagnostics())
        for passage_id in ID_IN_ATTRS.findall(source or ""):
            if match := NUMBERED.match(passage_id):
                numbers.add(int(match.group(1)))
    for folder in path.resolve().parents:
        lock = folder / LOCK_NAME
        if lock.exists() or lock.is_symlink():
            ids = read_lock(lock, diagnostics).get(path.parent.name, [])
            numbers.update(int(m.group(1)) for m in map(NUMBERED.match, ids) if m)
            break
    return numbers


def stamp_file(path: Path, diagnostics: Diagnostics) -> int:
    """Stamp one file; return how many ids were added."""
    where = shown(path)
    source = read_text(path, where, diagnostics)
    if source is None:
        return 0
    tokens = make_markdown(Matcher({})).parse(source, {"slug": path.parent.name, "lang": path.stem})
    missing_lines = []
    for start, _end in _block_ranges(tokens):
        first = tokens[start]
        if first.type in ("footnote_block_open", "hr") or first.map is None:
            continue
        if "id" not in dict(first.attrs):
            missing_lines.append(first.map[0])
    if not missing_lines:
        return 0
    found = Diagnostics()
    used = _used_numbers(path, found)
    diagnostics.items.extend(found.items)
    if found.errors:  # a damaged lock: a fresh number might be one published before
        return 0
    next_number = max(used, default=0) + 1
    lines = source.split("\n")
    inserts = {}
    for line in missing_lines:
        inserts[line] = f"{{#p{next_number}}}"
        next_number += 1
    result = []
    for index, text in enumerate(lines):
        if index in inserts:
            if result and result[-1].strip():
                result.append("")  # a block attribute needs its own line, after a blank one
            result.append(inserts[index])
        result.append(text)
    raw = path.read_bytes()  # keep the editor's line endings and byte-order mark
    newline = "\r\n" if b"\r\n" in raw else "\n"
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    path.write_bytes((bom + newline.join(result)).encode("utf-8"))
    return len(inserts)


def stamp_files(paths: list[Path]) -> Diagnostics:
    diagnostics = Diagnostics()
    for path in paths:
        if path.suffix != ".md":
            diagnostics.error(Location(shown(path), 1), "stamp takes the Markdown files of texts (<lang>.md)")
            continue
        before = len(diagnostics.errors)
        added = stamp_file(path, diagnostics)
        if added:
            print(printable(f"{shown(path)}: added {added} passage id{'s' if added != 1 else ''}"))
        elif len(diagnostics.errors) == before:
            print(printable(f"{shown(path)}: every block has an id"))
    return diagnostics
