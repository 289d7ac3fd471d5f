"""Reading an editor's text file: a regular file, UTF-8, free of control characters;
and writing a file the tool keeps in the content folder (a stamped text, anchors.lock)
whole or not at all.

Content is read from inside the content folder only (docs/format.md §1): a symbolic link
leading out of it, a device or a named pipe is refused with a message, and never read.
A pipe would hang the build, a device such as /dev/zero would fill the memory, and a link
out of the folder would publish whatever file it points at.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

from .model import Diagnostics, Location

MAX_BYTES = 8 * 1024 * 1024
"""No editor's file is this large; a larger one is a mistake (a pasted binary, a runaway script)."""

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters refused in an editor's text: C0 and C1 controls (tab and newline excepted), DEL,
and the bidirectional overrides and isolates, which can make a line read otherwise than it is
stored. The left-to-right and right-to-left marks (U+200E, U+200F) are legitimate in text and
allowed."""

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def shown(path: Path) -> str:
    """A path as the editor would type it: relative to the working folder where possible.
    Symbolic links are not followed: a message about a link names the link."""
    here = Path.cwd()
    try:
        return str(Path(os.path.abspath(path)).relative_to(here))
    except ValueError:
        pass
    try:
        return str(Path(os.path.realpath(path)).relative_to(os.path.realpath(here)))
    except ValueError:
        return str(path)


def outside(path: Path, root: Path) -> bool:
    """Whether `path`, its symbolic links followed, leads out of the folder `root`."""
    resolved = os.path.realpath(path)
    base = os.path.realpath(root)
    return resolved != base and not resolved.startswith(base.rstrip(os.sep) + os.sep)


def link_outside_message(path: Path, root: Path, subject: str = "the file") -> str:
    """Why `path`, which leads out of the content folder `root`, is not read."""
    how = "is a symbolic link" if path.is_symlink() else "is reached through a symbolic link"
    return (
        f"{subject} {how} to a place outside the content folder; "
        f"only files inside {shown(root)}/ are read"
    )


def read_bytes(
    path: Path,
    shown_path: str,
    diagnostics: Diagnostics,
    inside: Path | None = None,
) -> bytes | None:
    """The bytes of a regular file, or None after reporting why not.

    `inside`: the content folder, which the file (its links followed) must not lead out of.
    (content/anchors.lock, which no link may stand for, is checked by anchors.lock_problem.)
    """
    where = Location(shown_path, 1)
    if inside is not None and outside(path, inside):
        diagnostics.error(where, link_outside_message(path, inside))
        return None
    try:
        # Open the resolved path without following a link, and without waiting for a writer
        # (a pipe): what is read is then exactly the file that was checked.
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(os.path.realpath(path), flags)
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            diagnostics.error(where, "the file is a symbolic link that leads back to itself")
        else:
            diagnostics.error(where, f"cannot read the file: {problem.strerror}")
        return None
    status = os.fstat(descriptor)
    refused = not_regular(status.st_mode)
    if not refused and status.st_size > MAX_BYTES:
        refused = _too_large(status.st_size)
    if refused:
        os.close(descriptor)
        diagnostics.error(where, refused)
        return None
    with os.fdopen(descriptor, "rb") as file:
        try:
            data = file.read(MAX_BYTES + 1)  # never more, whatever the file claims
        except OSError as problem:
            diagnostics.error(where, f"cannot read the file: {problem.strerror}")
            return None
    if len(data) > MAX_BYTES:  # it grew while it was read
        diagnostics.error(where, _too_large(len(data)))
        return None
    return data


def not_regular(mode: int) -> str:
    """Why a file of this mode is not read ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    kind = next((kind for test, kind in _KINDS if test(mode)), "something else")
    return f"the file is {kind}, not a regular file"


def _too_large(size: int) -> str:
    return f"the file is {size // (1024 * 1024)} MB; files larger than 8 MB are refused"


def read_exact(
    path: Path,
    shown_path: str,
    diagnostics: Diagnostics,
    inside: Path | None = None,
) -> str | None:
    """The file's text as it is, byte-order mark and line endings included, or None after
    reporting why not. `inside` as for read_bytes."""
    data = read_bytes(path, shown_path, diagnostics, inside)
    if data is None:
        return None
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]  # a byte-order mark is harmless; editors' tools add it silently
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        column = problem.start - data.rfind(b"\n", 0, problem.start)
        diagnostics.error(
            Location(shown_path, line),
            f"the file is not UTF-8 (byte 0x{data[problem.start]:02x} at column {column}); "
            "save it as UTF-8",
        )
        return None
    return "\ufeff" + text if bom else text


def read_text(
    path: Path,
    shown_path: str,
    diagnostics: Diagnostics,
    inside: Path | None = None,
) -> str | None:
    """Return the file's text with line endings normalised, or None after reporting why not.
    `inside` as for read_bytes. A control character is an error at its line."""
    text = read_exact(path, shown_path, diagnostics, inside)
    if text is None:
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        # NUL bytes throughout are the mark of UTF-16, which is valid UTF-8 byte by byte.
        line = text.count("\n", 0, text.index("\x00")) + 1
        diagnostics.error(
            Location(shown_path, line),
            "the file holds NUL bytes (U+0000): is it saved as UTF-16? save it as UTF-8",
        )
        return None
    problems = control_characters(text)
    for line, message in problems:
        diagnostics.error(Location(shown_path, line), message)
    return None if problems else text


def control_characters(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, message) for the first refused character of each line of `text`."""
    problems = []
    for number, line in enumerate(text.split("\n"), first_line):
        found = CONTROL.search(line)
        if found:
            problems.append((number, control_message(found.group())))
    return problems


def control_message(char: str) -> str:
    return f"control character U+{ord(char):04X} in the text; remove it"


def write_whole(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, whole or not at all: written beside it, flushed
    to the disk, then renamed over it, so that a full disk or a crash leaves the file as it was.
    The file keeps its permissions; a file that may not be written is not replaced."""
    try:
        before = path.stat()
    except FileNotFoundError:
        before = None
    if before is not None and not os.access(path, os.W_OK):
        raise PermissionError(13, os.strerror(13), str(path))
    mode = 0o666 if before is None else stat.S_IMODE(before.st_mode)  # the umask applies to new
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    try:
        try:
            if before is not None:
                os.fchmod(fd, mode)
                try:
                    os.fchown(fd, before.st_uid, before.st_gid)
                except OSError:
                    pass  # not ours to give away: the file is then the writer's
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    try:  # the rename itself, to the disk
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass
