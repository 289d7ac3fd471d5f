"""Reading an editor's text file: UTF-8 only, with a clear word when it is not; and writing a
file the tool keeps in the content folder (a stamped text, anchors.lock) whole or not at all."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .model import Diagnostics, Location


MAX_BYTES = 8 * 1024 * 1024
"""No editor's file is this large; a larger one is a mistake (a pasted binary, a runaway script)."""


def read_text(path: Path, shown_path: str, diagnostics: Diagnostics) -> str | None:
    """Return the file's text with line endings normalised, or None after reporting why not."""
    text = read_exact(path, shown_path, diagnostics)
    if text is None:
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_exact(path: Path, shown_path: str, diagnostics: Diagnostics) -> str | None:
    """Return the file's text as it is, byte-order mark and line endings included, or None after
    reporting why not."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diagnostics.error(Location(shown_path, 1), f"the file is {size // (1024 * 1024)} MB; files larger than 8 MB are refused")
            return None
        data = path.read_bytes()
    except OSError as problem:
        diagnostics.error(Location(shown_path, 1), f"cannot read the file: {problem.strerror}")
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
                view = view[os.write(fd, view):]
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
