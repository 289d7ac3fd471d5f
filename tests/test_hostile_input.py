"""Hostile files: symbolic links out of the content folder, pipes, devices, loops.

Each is refused with `path:line: error: message` and exit 1, by `check` and `build` alike,
never read (a pipe would hang the build, /dev/zero would fill the memory, a link out of the
folder would publish what it points at), and the previous site is left as it was.
The broken inputs that are plain files are catalogued in test_validation.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import textwrap
import unicodedata
from pathlib import Path

import pytest

from conftest import SMALL_EDITION, run, tree, write_files

OUTSIDE = (
    "content/texts/first/zh.md:1: error: the file is a symbolic link to a place outside "
    "the content folder; only files inside content/ are read"
)


@pytest.fixture(autouse=True)
def no_hang():
    """A build that waits on a pipe would wait for ever: fail the test instead."""

    def stop(signum, frame):
        raise TimeoutError("the build hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file() or path.is_fifo():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def link(name: str, target: str):
    """Replace `name` by a symbolic link to `target` (relative to the edition folder when it
    does not start with /); a target named outside/… is first made a copy of the real file."""

    def setup(edition: Path) -> None:
        path = edition / name
        if target.startswith("outside/"):
            copy = edition / target
            copy.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                shutil.copytree(path, copy)
            else:
                shutil.copy(path, copy)
        _remove(path)
        os.symlink(target if target.startswith("/") else edition / target, path)

    return setup


def relative_link(name: str, target: str):
    """Replace `name` by a symbolic link holding exactly `target` (a loop, say)."""

    def setup(edition: Path) -> None:
        _remove(edition / name)
        os.symlink(target, edition / name)

    return setup


def fifo(name: str):
    def setup(edition: Path) -> None:
        _remove(edition / name)
        os.mkfifo(edition / name)

    return setup


def folder(name: str):
    def setup(edition: Path) -> None:
        _remove(edition / name)
        (edition / name).mkdir()

    return setup


HOSTILE = {
    "language file linked out of the content folder": (
        link("content/texts/first/zh.md", "outside/zh.md"),
        [],
        [OUTSIDE],
    ),
    "language file linked to /dev/zero": (
        link("content/texts/first/zh.md", "/dev/zero"),
        [],
        [OUTSIDE],
    ),
    "language file linked to a system file": (
        link("content/texts/notes/en.md", "/etc/hostname"),
        [],
        [
            "content/texts/notes/en.md:1: error: the file is a symbolic link to a place outside "
            "the "
            "content folder; only files inside content/ are read"
        ],
    ),
    "text.yaml linked out of the content folder": (
        link("content/texts/first/text.yaml", "outside/text.yaml"),
        [],
        [
            "content/texts/first/text.yaml:1: error: the file is a symbolic link to a place "
            "outside "
            "the content folder; only files inside content/ are read"
        ],
    ),
    "edition.yaml linked out of the content folder": (
        link("content/edition.yaml", "outside/edition.yaml"),
        [],
        [
            "content/edition.yaml:1: error: the file is a symbolic link to a place outside the "
            "content folder; only files inside content/ are read"
        ],
    ),
    "text folder linked out of the content folder": (
        link("content/texts/notes", "outside/notes"),
        [],
        [
            "content/edition.yaml:6: error: text 'notes': content/texts/notes/ is a symbolic link "
            "to a place outside the content folder; only files inside content/ are read"
        ],
    ),
    "the texts folder linked out of the content folder": (
        link("content/texts", "outside/texts"),
        [],
        [
            "content/edition.yaml:6: error: text 'first': content/texts/first/ is reached "
            "through a symbolic link to a place outside the content folder; only files inside "
            "content/ are read",
            "content/edition.yaml:6: error: text 'notes': content/texts/notes/ is reached "
            "through a symbolic link to a place outside the content folder; only files inside "
            "content/ are read",
        ],
    ),
    "text folder that is a symbolic link loop": (
        relative_link("content/texts/notes", "notes"),
        [],
        [
            "content/edition.yaml:6: error: text 'notes': content/texts/notes/ is a symbolic link "
            "that leads back to itself"
        ],
    ),
    "language file that is a symbolic link loop": (
        relative_link("content/texts/first/zh.md", "zh.md"),
        [],
        [
            "content/texts/first/zh.md:1: error: the file is a symbolic link that leads back to "
            "itself"
        ],
    ),
    "language file that is a link to nothing": (
        relative_link("content/texts/first/zh.md", "gone.md"),
        [],
        ["content/texts/first/zh.md:1: error: cannot read the file: No such file or directory"],
    ),
    "language file that is a named pipe": (
        fifo("content/texts/first/zh.md"),
        [],
        ["content/texts/first/zh.md:1: error: the file is a named pipe, not a regular file"],
    ),
    "text.yaml that is a named pipe": (
        fifo("content/texts/notes/text.yaml"),
        [],
        ["content/texts/notes/text.yaml:1: error: the file is a named pipe, not a regular file"],
    ),
    "edition.yaml that is a named pipe": (
        fifo("content/edition.yaml"),
        [],
        ["content/edition.yaml:1: error: the file is a named pipe, not a regular file"],
    ),
    "glossary that is a named pipe": (
        fifo("glossary.yaml"),
        [],
        ["glossary.yaml:1: error: the file is a named pipe, not a regular file"],
    ),
    "glossary linked to /dev/zero": (
        link("glossary.yaml", "/dev/zero"),
        [],
        ["glossary.yaml:1: error: the file is a device, not a regular file"],
    ),
    "glossary named as a device": (
        lambda edition: None,
        ["--glossary", "/dev/null"],
        ["/dev/null:1: error: the file is a device, not a regular file"],
    ),
    "glossary named as a folder": (
        lambda edition: None,
        ["--glossary", "content/texts"],
        ["content/texts:1: error: the file is a folder, not a regular file"],
    ),
    "language file that is a folder": (
        folder("content/texts/first/zh.md"),
        [],
        ["content/texts/first/zh.md:1: error: the file is a folder, not a regular file"],
    ),
    "anchors.lock linked out of the content folder": (
        link("content/anchors.lock", "outside/anchors.lock"),
        [],
        [
            "content/anchors.lock:1: error: anchors.lock is a symbolic link; it must be a regular "
            "file inside the content folder"
        ],
    ),
    "anchors.lock linked inside the content folder": (
        link("content/anchors.lock", "content/texts/lock.json"),
        [],
        [
            "content/anchors.lock:1: error: anchors.lock is a symbolic link; it must be a regular "
            "file inside the content folder"
        ],
    ),
    "anchors.lock that is a named pipe": (
        fifo("content/anchors.lock"),
        [],
        ["content/anchors.lock:1: error: the file is a named pipe, not a regular file"],
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_and_the_site_kept(edition, name):
    assert run("build").code == 0
    before = tree(edition / "site")
    # a sound copy of the lock inside the content folder, for a case to link to
    (edition / "content/texts/lock.json").write_text((edition / "content/anchors.lock").read_text())
    setup, args, expected = HOSTILE[name]
    setup(edition)
    for command in ("check", "build"):
        result = run(command, *args)
        assert (result.code, result.lines) == (1, expected), command
        assert "Traceback" not in result.err
    assert tree(edition / "site") == before


def test_a_linked_anchors_lock_is_not_written_through(edition):
    assert run("build").code == 0
    link("content/anchors.lock", "outside/anchors.lock")(edition)
    (edition / "outside/anchors.lock").write_text("{}\n")
    assert run("build").code == 1
    assert (edition / "outside/anchors.lock").read_text() == "{}\n"


def test_a_link_inside_the_content_folder_is_read(edition):
    assert run("build", "--strict").code == 0
    plain = tree(edition / "site")
    shared = edition / "content/shared/en.md"
    shared.parent.mkdir()
    shutil.copy(edition / "content/texts/notes/en.md", shared)
    relative_link("content/texts/notes/en.md", "../../shared/en.md")(edition)
    result = run("build", "--strict")
    assert (result.code, result.err) == (0, "")
    assert tree(edition / "site") == plain


def test_the_glossary_may_live_outside_the_content_folder_behind_a_link(edition):
    assert run("build", "--strict").code == 0
    plain = tree(edition / "site")
    link("glossary.yaml", "outside/glossary.yaml")(edition)
    assert run("build", "--strict").code == 0
    assert tree(edition / "site") == plain


def test_a_content_folder_reached_through_a_link_is_read(edition):
    os.symlink(edition / "content", edition / "linked")
    result = run("check", "--content", "linked", "--strict")
    assert (result.code, result.err) == (0, "")


def test_stamp_does_not_wait_on_a_pipe(edition):
    os.mkfifo(edition / "content/texts/notes/zh.md")
    (edition / "content/anchors.lock").write_text('{"notes": ["p3"]}\n')
    target = edition / "content/texts/notes/en.md"
    target.write_text("{#n1}\nFirst.\n\nNew.\n")
    result = run("stamp", "content/texts/notes/en.md")
    assert (result.code, result.out) == (0, "content/texts/notes/en.md: added 1 passage id\n")
    assert target.read_text() == "{#n1}\nFirst.\n\n{#p4}\nNew.\n"


def test_stamp_does_not_guess_past_a_damaged_lock(edition):
    # The lock is what keeps a retired id from being handed out again: without it, no ids.
    (edition / "content/anchors.lock").write_text('{"notes": [7, "p3"]}\n')
    target = edition / "content/texts/notes/en.md"
    target.write_text("{#n1}\nFirst.\n\nNew.\n")
    result = run("stamp", "content/texts/notes/en.md")
    assert (result.code, result.out, result.lines) == (
        1,
        "",
        [
            "content/anchors.lock:1: error: anchors.lock is damaged: text 'notes' lists 7, which "
            "is "
            "not a passage id; restore it from version control",
        ],
    )
    assert target.read_text() == "{#n1}\nFirst.\n\nNew.\n"


def test_stamp_refuses_a_pipe(edition):
    os.mkfifo(edition / "content/texts/notes/zh.md")
    result = run("stamp", "content/texts/notes/zh.md")
    assert (result.code, result.lines) == (
        1,
        ["content/texts/notes/zh.md:1: error: the file is a named pipe, not a regular file"],
    )


# Unicode NFC: a form typed with a combining accent is the same word as its precomposed spelling.

CAFE_NFC = unicodedata.normalize("NFC", "café")
CAFE_NFD = unicodedata.normalize("NFD", "café")


@pytest.mark.parametrize(
    "glossary_form, text_form",
    [(CAFE_NFD, CAFE_NFC), (CAFE_NFC, CAFE_NFD)],
    ids=["nfd-glossary", "nfd-text"],
)
def test_forms_and_texts_are_compared_in_nfc(edition, glossary_form, text_form):
    assert glossary_form != text_form
    entry = f"kafei:\n  zh: 咖啡\n  en: {glossary_form}\n  definition: A drink.\n"
    write_files(
        edition,
        {
            "glossary.yaml": textwrap.dedent(SMALL_EDITION["glossary.yaml"]) + entry,
            "content/texts/notes/en.md": f"{{#n1}}\nA {text_form} on the "
            f"corner.\n\n{{#n2}}\nMore.\n",
        },
    )
    result = run("build", "--strict")
    assert (result.code, result.err) == (0, "")
    page = (edition / "site/texts/notes/index.html").read_text()
    assert f'data-term="kafei" href="../../glossary/#kafei">{CAFE_NFC}</a>' in page
    assert CAFE_NFD not in page


@pytest.mark.parametrize(
    "written", ["2020-03-20", "2020-03-20T10:30:00", "2020-03-20 10:30:00+08:00"]
)
def test_a_date_in_quotes_is_the_date_it_would_be_unquoted(edition, written):
    def site_with(published: str) -> dict[str, bytes]:
        title = "title: {zh: 第一篇, en: The First Text}\n"
        write_files(edition, {"content/texts/first/text.yaml": f"{title}published: {published}\n"})
        result = run("build", "--strict")
        assert (result.code, result.err) == (0, "")
        return tree(edition / "site")

    assert site_with(f'"{written}"') == site_with(written)


def test_direction_marks_and_tabs_are_text(edition):
    # Left-to-right and right-to-left marks are legitimate in text; only overrides are refused.
    write_files(
        edition, {"content/texts/notes/en.md": "{#n1}\nThe name \u200fعلي\u200e is\tshort.\n"}
    )
    result = run("build", "--strict")
    assert (result.code, result.err) == (0, "")
    assert "\u200fعلي\u200e" in (edition / "site/texts/notes/index.html").read_text()
