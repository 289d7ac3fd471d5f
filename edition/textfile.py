"""Reading an editor's text file: UTF-8 only, with a clear word when it is not."""

from __future__ import annotations

from pathlib import Path

from .model import Diagnostics, Location


MAX_BYTES = 8 * 1024 * 1024
"""No editor's file is this large; a larger one is a mistake (a pasted binary, a runaway script)."""


def read_text(path: Path, shown_path: str, diagnostics: Diagnostics) -> str | None:
    """Return the file's text with line endings normalised, or None after reporting why not."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diagnostics.error(Location(shown_path, 1), f"the file is {size // (1024 * 1024)} MB; files larger than 8 MB are refused")
            return None
        data = path.read_bytes()
    except OSError as problem:
        diagnostics.error(Location(shown_path, 1), f"cannot read the file: {problem.strerror}")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
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
    return text.replace("\r\n", "\n").replace("\r", "\n")
