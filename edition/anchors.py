"""Ids that last: content/anchors.lock records every passage id the edition has published.

Instructors link to passages by id, so an id that was once published may not
disappear: either it stays, or text.yaml maps it to the id that replaces it
(`moved: {old: new}`), and then `#old` still lands on `#new`.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .model import Diagnostics, Edition, Location
from .textfile import not_regular, read_text, shown, write_whole

LOCK_NAME = "anchors.lock"


def lock_path(edition: Edition) -> Path:
    return edition.content_dir / LOCK_NAME


def lock_problem(path: Path) -> str | None:
    """Why the lock file may not be read or replaced, or None. It is the content folder's own:
    a symbolic link would lead the build to read, and write, a file elsewhere."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as problem:
        return f"cannot read {LOCK_NAME}: {problem.strerror}"
    if stat.S_ISLNK(mode):
        return (
            f"{LOCK_NAME} is a symbolic link; it must be a regular file inside the content folder"
        )
    if not stat.S_ISREG(mode):
        return not_regular(mode)
    return None


def lock_location(path: Path) -> Location:
    """The lock file as the editor knows it (shown() would follow a link to elsewhere)."""
    return Location(str(Path(shown(path.parent)) / path.name), 1)


def read_lock(path: Path, diagnostics: Diagnostics) -> dict[str, list[str]]:
    """The published ids of each text; {} after reporting why not, when the file is damaged.
    The lock is never read through a symbolic link: the build writes it back."""
    if problem := lock_problem(path):
        diagnostics.error(lock_location(path), problem)
        return {}
    if not path.exists():
        return {}
    where = shown(path)
    source = read_text(path, where, diagnostics)  # lock_problem refused a link above
    if source is None:
        return {}
    damaged = f"{LOCK_NAME} is damaged"
    restore = "restore it from version control"
    try:
        data = json.loads(source)
    except ValueError as problem:
        diagnostics.error(Location(where, getattr(problem, "lineno", 1)), f"{damaged}: {restore}")
        return {}
    if not isinstance(data, dict):
        diagnostics.error(
            Location(where, 1),
            f"{damaged}: it must map each text to the list of its published ids, "
            f"not be {_json_kind(data)}; {restore}",
        )
        return {}
    problems = []
    for slug, ids in data.items():
        line = _line_of_key(source, slug)
        if not isinstance(ids, list):
            problems.append((line, f"text '{slug}' must have a list of ids, not {_json_kind(ids)}"))
        elif bad := [i for i in ids if not isinstance(i, str)]:
            item = json.dumps(bad[0], ensure_ascii=False)
            problems.append((line, f"text '{slug}' lists {item}, which is not a passage id"))
    for line, message in problems:
        diagnostics.error(Location(where, line), f"{damaged}: {message}; {restore}")
    return {} if problems else data


def _json_kind(value) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, bool):
        return "true or false"
    kinds = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return kinds.get(type(value), "null")


def _line_of_key(source: str, key: str) -> int:
    """The line of a top-level key of the lock, as `record` writes it (one key a line)."""
    index = source.find(json.dumps(key, ensure_ascii=False) + ":")
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def published_ids(edition: Edition) -> dict[str, list[str]]:
    """The ids this build publishes, retired ids still served by `moved` included."""
    return {
        text.slug: sorted({p.id for p in text.passages} | set(text.meta.moved))
        for text in edition.texts
    }


def check(edition: Edition, diagnostics: Diagnostics, sound: set[str]) -> None:
    """An id published before must still exist, or be mapped by `moved`; judged in the `sound`
    texts only (those whose files loaded without an error)."""
    previous = read_lock(lock_path(edition), diagnostics)
    now = published_ids(edition)
    for text in edition.texts:
        if text.slug not in sound:
            continue
        gone = sorted(set(previous.get(text.slug, ())) - set(now[text.slug]))
        for passage_id in gone:
            diagnostics.error(
                text.meta.location,
                f"passage '{passage_id}' was published (see {shown(lock_path(edition))}) and is "
                f"gone from {text.files[text.main_language].name}: restore it, or map it to its "
                "successor in text.yaml "
                f"with moved: {{{passage_id}: <new id>}}",
            )
    for slug in sorted(set(previous) - set(edition.config.text_slugs)):
        diagnostics.warning(
            edition.config.location,
            f"text '{slug}' was published (see {shown(lock_path(edition))}) and is no longer in "
            "texts: links to it will break",
        )


def record(edition: Edition, diagnostics: Diagnostics) -> None:
    """Add this build's ids to the lock file (never removing any), replacing it whole."""
    path = lock_path(edition)
    if refused := lock_problem(path):
        diagnostics.error(lock_location(path), refused)
        return
    previous = read_lock(path, Diagnostics())
    merged = {slug: sorted(set(ids)) for slug, ids in previous.items()}
    for slug, ids in published_ids(edition).items():
        merged[slug] = sorted(set(merged.get(slug, ())) | set(ids))
    text = json.dumps(merged, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            return
        write_whole(path, text.encode("utf-8"))
    except OSError as problem:
        diagnostics.warning(
            Location(shown(path), 1), f"could not record the published ids: {problem.strerror}"
        )
