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
from .markdown import make_markdown
from .model import Diagnostics, Location, printable
from .textfile import read_exact, read_text, shown, write_whole

NUMBERED = re.compile(r"p(\d+)\Z")
ID_IN_ATTRS = re.compile(r"\{#([a-z][a-z0-9-]*)")
LINE_END = re.compile(r"(\r\n|\r|\n)")


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
    """Stamp one file; return how many ids were added. The file is rewritten whole or not at all,
    with its byte-order mark and each line's own ending (LF, CRLF or CR) as they were."""
    where = shown(path)
    exact = read_exact(path, where, diagnostics)
    if exact is None:
        return 0
    bom = "\ufeff" if exact.startswith("\ufeff") else ""
    parts = LINE_END.split(exact[len(bom) :])
    lines, endings = parts[0::2], parts[1::2] + [""]
    source = "\n".join(lines)  # what read_text() gives: one line for each line of the file
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
    inserts = {}
    for line in missing_lines:
        inserts[line] = f"{{#p{next_number}}}"
        next_number += 1
    first_ending = next((ending for ending in endings if ending), "\n")
    result = [bom]
    for index, (text, ending) in enumerate(zip(lines, endings, strict=True)):
        if index in inserts:
            newline = endings[index - 1] if index else first_ending  # as the line before it
            if index and lines[index - 1].strip():
                result.append(newline)  # a block attribute needs its own line, after a blank one
            result.append(inserts[index] + newline)
        result.append(text + ending)
    try:
        write_whole(path.resolve(), "".join(result).encode("utf-8"))
    except OSError as problem:
        diagnostics.error(Location(where, 1), f"cannot write the file: {problem.strerror}")
        return 0
    return len(inserts)


def stamp_files(paths: list[Path]) -> Diagnostics:
    diagnostics = Diagnostics()
    for path in paths:
        if path.suffix != ".md":
            diagnostics.error(
                Location(shown(path), 1), "stamp takes the Markdown files of texts (<lang>.md)"
            )
            continue
        before = len(diagnostics.errors)
        added = stamp_file(path, diagnostics)
        if added:
            print(printable(f"{shown(path)}: added {added} passage id{'s' if added != 1 else ''}"))
        elif len(diagnostics.errors) == before:
            print(printable(f"{shown(path)}: every block has an id"))
    return diagnostics
