"""The output folder (`--out`, site/ by default): how a build knows the folder is its own, keeps
what is not, and replaces the rest with never a moment without a site.

- A site holds MARKER, the list of the files the build wrote there. A folder without it is
  not taken for a site: if it holds anything, the build refuses it.
- Whatever else a site holds (a CNAME, a .git folder) is carried over into the new site,
  hard-linked, before the swap: a file the build did not write is never deleted.
- One build at a time writes into a folder: it holds `.<name>.lock` beside it (flock), and a
  second build waits. `serve` holds it as long as it runs.
- Each build writes into a folder of its own beside the output folder, then exchanges it with
  the site in one step (renameat2), or, where the system cannot, with two renames. A build that
  finds the site gone and the previous one retired beside it (stopped between the two renames)
  puts that back first.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import sys
from functools import cache
from pathlib import Path

from .model import Diagnostics, Location
from .textfile import shown

MARKER = ".edition-build"
WHOLE_FOLDERS = ("pagefind",)
"""Made anew whole by every build (and by serve's index in the background): the list names the
folder, not its files, and everything in it is the build's."""
HEADER = (
    "# The files build.py wrote into this folder; the next build replaces them.\n"
    "# A name ending in / is a folder build.py makes whole. Anything else here is kept.\n"
)


def sibling(out: Path, role: str) -> Path:
    """A folder or file beside the output folder, named after it: `.site.lock` for site/."""
    return out.with_name(f".{out.name}.{role}")


def is_real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


class OutputLock:
    """Held while a build writes into an output folder, so that two builds never mix."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd: int | None = fd

    @classmethod
    def acquire(cls, out: Path, command: str, diagnostics: Diagnostics) -> OutputLock | None:
        """Wait for any other build into `out` to finish, then hold the lock; None, after
        reporting why, when the lock cannot be taken."""
        path = sibling(out, "lock")
        told = False
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            while True:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
                try:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        if not told:
                            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                            print(
                                f"waiting for another build into {shown(out)}/ to finish"
                                + (f" ({holder})" if holder else ""),
                                file=sys.stderr,
                            )
                            told = True
                        fcntl.flock(fd, fcntl.LOCK_EX)
                    # The build that held it removes the file as it lets go: then lock anew.
                    if os.path.samestat(os.fstat(fd), os.stat(path)):
                        break
                except FileNotFoundError:
                    pass
                except BaseException:
                    os.close(fd)
                    raise
                os.close(fd)
            os.ftruncate(fd, 0)
            os.write(fd, f"build.py {command}, process {os.getpid()}\n".encode())
        except OSError as problem:
            diagnostics.error(
                Location(shown(out), 1),
                f"cannot lock the folder against other builds: {problem.strerror}",
            )
            return None
        return cls(path, fd)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # while still held: a build waiting on it then locks anew
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


LEFTOVER = r"\.{name}\.(building(-\d+-[0-9a-f]+)?|previous|pagefind|pagefind-previous)"


def leftovers(out: Path) -> list[Path]:
    """What builds that were stopped left beside `out`: their folders, the previous site."""
    pattern = re.compile(LEFTOVER.format(name=re.escape(out.name)))
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if pattern.fullmatch(p.name) and is_real_dir(p))


def recover(out: Path, diagnostics: Diagnostics) -> None:
    """After a build that was stopped: put back the previous site if it is the only one, and
    remove what that build left. Only while holding the lock."""
    retired = sibling(out, "previous")
    if not os.path.lexists(out) and is_real_dir(retired):
        try:
            os.rename(retired, out)
        except OSError as problem:
            diagnostics.error(
                Location(shown(retired), 1),
                f"cannot put the previous site back: {problem.strerror}",
            )
            return
    for leftover in leftovers(out):
        try:
            shutil.rmtree(leftover)
        except OSError as problem:
            diagnostics.error(
                Location(shown(leftover), 1),
                f"cannot remove this folder, left by "
                f"an earlier build: {problem.strerror}; remove it yourself",
            )


def check_ours(out: Path, diagnostics: Diagnostics) -> None:
    """An output folder must be absent, empty or a site this tool built (it holds MARKER)."""
    if not out.is_dir() or is_regular_file(out / MARKER):
        return
    where = Location(shown(out), 1)
    try:
        names = sorted(os.listdir(out))
    except OSError as problem:
        diagnostics.error(where, f"cannot read the folder: {problem.strerror}")
        return
    if not names:
        return
    if "edition.json" in names and _written_by_build_py(out / "edition.json"):
        diagnostics.error(
            where,
            "this folder holds a site built by an earlier build.py, which "
            "kept no list of the files it wrote; delete the folder (after saving "
            "anything of yours in it) and build again",
        )
        return
    listed = [name + "/" if is_real_dir(out / name) else name for name in names[:3]]
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    diagnostics.error(
        where,
        f"this folder was not built by build.py (it holds "
        f"{', '.join(listed)}{more}); choose another --out, or empty it",
    )


def _written_by_build_py(edition_json: Path) -> bool:
    """Whether edition.json opens as build.py writes it (`{"title":…,"languages":[…],"texts":[`):
    another tool's file of that name does not make its folder one of ours."""
    try:
        with edition_json.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return head.startswith('{"title":') and '"languages":[' in head and '"texts":[' in head


def is_regular_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def check_removable(out: Path, diagnostics: Diagnostics) -> bool:
    """Whether the previous site can be removed whole once replaced: a folder in it that cannot
    be changed would stop the removal halfway, so it is found before anything is touched."""
    problems: list[tuple[str, int]] = []

    def unreadable(problem: OSError) -> None:
        problems.append((problem.filename, problem.errno or errno.EACCES))

    for folder, _folders, _files in os.walk(out, onerror=unreadable):
        if not os.access(folder, os.W_OK | os.X_OK):
            read_only = os.statvfs(folder).f_flag & os.ST_RDONLY
            problems.append((folder, errno.EROFS if read_only else errno.EACCES))
        if problems:
            break
    for folder, number in problems[:1]:
        diagnostics.error(
            Location(shown(Path(folder)), 1),
            f"cannot replace the previous site: {os.strerror(number)}",
        )
    return not problems


def new_building_folder(out: Path) -> Path:
    """A folder beside `out` that is this build's alone (two builds never share one)."""
    while True:
        building = sibling(out, f"building-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            building.mkdir(parents=False)
            return building
        except FileExistsError:
            continue


def write_manifest(building: Path) -> None:
    """MARKER: every file the build wrote, by its path in the site, sorted (the same input gives
    the same bytes); a folder made whole, such as pagefind/, by its name and a slash."""
    names = []
    for folder, folders, files in os.walk(building):
        relative = Path(folder).relative_to(building).as_posix()
        if relative == ".":
            names += [name + "/" for name in folders if name in WHOLE_FOLDERS]
            folders[:] = [name for name in folders if name not in WHOLE_FOLDERS]
            names += files
        else:
            names += [f"{relative}/{name}" for name in files]
    (building / MARKER).write_text(
        HEADER + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8"
    )


def read_manifest(out: Path) -> set[str]:
    """The names MARKER lists; none when the folder has no MARKER (then nothing in it is ours)."""
    if not is_regular_file(out / MARKER):
        return set()
    lines = (out / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def carry_over(out: Path, building: Path, diagnostics: Diagnostics) -> None:
    """Link into the new site everything of the previous one that no build wrote, at the same
    place. A name the new build wrote as well is reported, and the build fails: nothing is lost."""
    if not is_real_dir(out):
        return
    ours = read_manifest(out)
    # the folders that hold a file the build wrote: those are looked into, not carried whole
    holding = {name.rsplit("/", n)[0] for name in ours for n in range(1, name.count("/") + 1)}

    def written(path: str, folder: bool) -> bool:
        if folder:
            return path + "/" in ours
        if path in ours:
            return True
        # what serve left while replacing a file in place (output.write_files), if it was stopped
        parent, _, name = path.rpartition("/")
        partial = re.fullmatch(r"\.(.+)\.new", name)
        return partial is not None and f"{parent}/{partial.group(1)}".lstrip("/") in ours

    def visit(relative: str) -> None:
        for entry in sorted(os.scandir(out / relative), key=lambda entry: entry.name):
            path = f"{relative}{entry.name}"
            folder = entry.is_dir(follow_symlinks=False)
            if path == MARKER or written(path, folder):
                continue
            if folder and path in holding:
                visit(path + "/")
                continue
            target = building / path
            if os.path.lexists(target):
                kind = "folder" if folder else "file"
                diagnostics.error(
                    Location(shown(out / path), 1),
                    f"this {kind} is not build.py's, "
                    f"and the build now writes one of the same name: move it out "
                    f"of {shown(out)}/, then build again",
                )
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            link_tree(Path(entry.path), target)

    visit("")


def link_tree(source: Path, target: Path) -> None:
    """A hard link of a file (a copy where the disk cannot link), or of a folder's every file."""
    if is_real_dir(source):
        target.mkdir()
        for child in sorted(source.iterdir()):
            link_tree(child, target / child.name)
        shutil.copystat(source, target)  # last: a read-only folder is filled first
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


@cache
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # not Linux, or a C library without it
        return None
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or the disk cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), str(second))


def swap(building: Path, out: Path, diagnostics: Diagnostics) -> None:
    """Put the new site in place of the previous one, then remove the previous one."""
    retired = sibling(out, "previous")
    try:
        if not os.path.lexists(out):
            os.rename(building, out)
            return
        if exchange(building, out):
            previous = building  # the previous site, now where the new one was built
        else:
            # Stopped between these two renames, there is no site until recover() runs.
            os.rename(out, retired)
            try:
                os.rename(building, out)
            except OSError:
                os.rename(retired, out)
                raise
            previous = retired
    except OSError as problem:
        diagnostics.error(
            Location(shown(out), 1), f"cannot replace the previous site: {problem.strerror}"
        )
        shutil.rmtree(building, ignore_errors=True)  # the new site, not swapped in
        return
    try:
        shutil.rmtree(previous)
    except OSError as problem:
        diagnostics.warning(
            Location(shown(previous), 1),
            f"cannot remove the previous site: {problem.strerror}; remove it yourself",
        )
