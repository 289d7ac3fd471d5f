"""The output folder and the files the tool writes in the content folder (FORMAT.md, section 2):
two builds never mix, a folder is replaced only if the tool built it, a file it did not write is
never deleted, there is never a moment without a site, and stamp and anchors.lock are written
whole or not at all."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, run, tree, write_files
from edition import sitefolder
from edition.model import Diagnostics
from edition.pipeline import BuildCache, Options
from edition.pipeline import build as build_site

BROKEN = {"content/texts/notes/en.md": "{#n1}\nSee [nothing](../first/zh.md#p99).\n"}


def beside(folder: Path) -> list[str]:
    """What builds left beside the site: locks, building folders, retired sites."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site"))


def start_build(folder: Path) -> subprocess.Popen:
    """build.py in a process of its own, as a second terminal would run it."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "build"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen) -> str:
    timer = threading.Timer(60, process.kill)  # a build that never says anything fails the test
    timer.start()
    try:
        return process.stderr.readline().rstrip("\n")
    finally:
        timer.cancel()


def in_content(fd: int, edition: Path) -> bool:
    return Path(os.readlink(f"/proc/self/fd/{fd}")).parent.is_relative_to(edition / "content")


# Two builds into one folder


def test_two_builds_at_once_both_finish_and_the_site_is_whole(edition):
    builds = [start_build(edition) for _ in range(2)]
    results = [(build.wait(timeout=120), build.stderr.read()) for build in builds]
    assert [code for code, _ in results] == [0, 0]
    assert run("build", "--out", "reference").code == 0
    assert tree(edition / "site") == tree(edition / "reference")
    assert len(list((edition / "site").rglob("*.html"))) == 8
    assert beside(edition) == []


def test_a_second_build_waits_for_the_first(edition):
    lock = sitefolder.OutputLock.acquire((edition / "site").resolve(), "build", Diagnostics())
    second = start_build(edition)
    try:
        line = first_line(second)
        assert line == (
            "waiting for another build into site/ to finish "
            f"(build.py build, process {os.getpid()})"
        )
        assert not (edition / "site").exists()  # it waits before writing anything
    finally:
        lock.release()
    assert second.wait(timeout=120) == 0
    assert (edition / "site/index.html").exists()
    assert beside(edition) == []


def test_serve_holds_the_folder_while_it_runs(edition):
    serve = BuildCache()
    try:
        assert (
            build_site(Options(Path("content"), Path("glossary.yaml"), Path("site")), serve).errors
            == []
        )
        build = start_build(edition)
        line = first_line(build)
        assert line == (
            "waiting for another build into site/ to finish "
            f"(build.py serve, process {os.getpid()})"
        )
    finally:
        serve.close()
    assert build.wait(timeout=120) == 0
    assert beside(edition) == []


# A folder is replaced only if the tool built it


@pytest.mark.parametrize(
    "files, holds",
    [
        ({"mydata/notes.txt": "mine", "mydata/thesis/chapter.md": "mine"}, "notes.txt, thesis/"),
        ({f"mydata/{n}.txt": "mine" for n in "abcde"}, "a.txt, b.txt, c.txt and 2 more"),
    ],
)
def test_a_folder_the_tool_did_not_build_is_refused_with_what_it_holds(edition, files, holds):
    write_files(edition, files)
    before = tree(edition / "mydata")
    result = run("build", "--out", "mydata")
    assert (result.code, result.lines) == (
        1,
        [
            f"mydata:1: error: this folder was not built by build.py (it holds {holds}); "
            "choose another --out, or empty it"
        ],
    )
    assert tree(edition / "mydata") == before
    assert sorted(p.name for p in edition.iterdir() if p.name.startswith(".mydata")) == []


EARLIER_EDITION_JSON = '{"title":{"en":"A Small Edition"},"languages":["zh","en"],"texts":[]}'


def test_a_site_of_an_earlier_version_is_refused(edition):
    # It kept no list of what it wrote: what else the folder holds cannot be told apart.
    write_files(
        edition,
        {
            "site/edition.json": EARLIER_EDITION_JSON,
            "site/index.html": "old",
            "site/CNAME": "x.org",
        },
    )
    before = tree(edition / "site")
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            "site:1: error: this folder holds a site built by an earlier build.py, which kept no "
            "list "
            "of the files it wrote; delete the folder (after saving anything of yours in it) and "
            "build again"
        ],
    )
    assert tree(edition / "site") == before


def test_another_tools_edition_json_does_not_make_a_folder_ours(edition):
    write_files(edition, {"site/edition.json": '{"version": 2}', "site/index.html": "theirs"})
    before = tree(edition / "site")
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            "site:1: error: this folder was not built by build.py (it holds edition.json, "
            "index.html); choose another --out, or empty it"
        ],
    )
    assert tree(edition / "site") == before


def test_an_empty_folder_is_used(edition):
    (edition / "site").mkdir()
    assert run("build").code == 0
    assert (edition / "site/index.html").exists()


def test_the_marker_lists_every_file_the_build_wrote(edition):
    assert run("build").code == 0
    site = edition / "site"
    listed = (site / ".edition-build").read_text(encoding="utf-8").splitlines()
    assert listed[0].startswith("# ")
    names = [line for line in listed if not line.startswith("#")]
    written = sorted(name for name in tree(site) if not name.startswith("pagefind/"))
    assert names == sorted([name for name in written if name != ".edition-build"] + ["pagefind/"])


def test_files_the_build_did_not_write_are_kept(edition):
    assert run("build").code == 0
    mine = {
        "site/CNAME": "reader.example.org\n",
        "site/.git/HEAD": "ref: refs/heads/gh-pages\n",
        "site/.git/objects/ab/cdef": "object",
        "site/texts/first/photo.txt": "a file of mine in a folder the build writes",
        "site/pagefinder/x": "a folder whose name starts like one the build makes whole",
    }
    write_files(edition, mine)
    (edition / "site/.git/objects/ab/cdef").chmod(0o444)  # as git leaves its objects
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    for _ in range(2):
        result = run("build")
        assert (result.code, result.err) == (0, "")
        site = tree(edition / "site")
        assert {name: site[name.removeprefix("site/")].decode() for name in mine} == mine
        assert (edition / "site/.git/objects/ab/cdef").stat().st_mode & 0o777 == 0o444
    assert "Changed." in (edition / "site/texts/notes/index.html").read_text()
    assert "CNAME" not in (edition / "site/.edition-build").read_text()
    assert beside(edition) == []


def test_a_file_of_the_editor_where_the_build_now_writes_one_is_kept(edition):
    # Without site_url there is no sitemap.xml; the editor put one of their own in the site.
    config = (edition / "content/edition.yaml").read_text()
    without = config.replace("site_url: https://example.org/small/\n", "")
    write_files(edition, {"content/edition.yaml": without})
    assert run("build").code == 0
    write_files(edition, {"site/sitemap.xml": "mine", "content/edition.yaml": config})
    before = tree(edition / "site")
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            "site/sitemap.xml:1: error: this file is not build.py's, and the build now writes one "
            "of "
            "the same name: move it out of site/, then build again"
        ],
    )
    assert tree(edition / "site") == before
    assert beside(edition) == []


def test_what_serve_left_while_rewriting_a_file_is_not_kept(edition):
    assert run("build").code == 0
    write_files(edition, {"site/texts/first/.index.html.new": "half a page"})
    assert run("build").code == 0
    assert not (edition / "site/texts/first/.index.html.new").exists()


# Never a moment without a site


def test_the_new_site_takes_the_place_of_the_old_in_one_step(edition, monkeypatch):
    (edition / "a").mkdir()
    (edition / "b").mkdir()
    if not sitefolder.exchange(edition / "a", edition / "b"):
        pytest.skip("this system or disk cannot exchange two folders in one step")
    assert run("build").code == 0
    seen = []

    def watched(function):
        def call(*args, **kwargs):
            result = function(*args, **kwargs)
            seen.append((function.__name__, (edition / "site/index.html").exists()))
            return result

        return call

    for name, function in (("exchange", sitefolder.exchange),):
        monkeypatch.setattr(sitefolder, name, watched(function))
    monkeypatch.setattr(sitefolder.os, "rename", watched(os.rename))
    monkeypatch.setattr(sitefolder.shutil, "rmtree", watched(shutil.rmtree))
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    assert run("build").code == 0
    assert ("exchange", True) in seen and all(exists for _, exists in seen)
    assert "Changed." in (edition / "site/texts/notes/index.html").read_text()


def test_a_build_stopped_right_after_the_exchange_leaves_the_new_site(edition, monkeypatch):
    assert run("build").code == 0
    real = sitefolder.exchange

    def killed(first, second):
        if real(first, second):
            raise KeyboardInterrupt
        return False  # the system cannot: the two renames are tested below

    monkeypatch.setattr(sitefolder, "exchange", killed)
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    try:
        run("build")
    except KeyboardInterrupt:
        pass
    assert "Changed." in (edition / "site/texts/notes/index.html").read_text()
    monkeypatch.setattr(sitefolder, "exchange", real)
    assert run("build").code == 0
    assert beside(edition) == []


@pytest.mark.parametrize("next_start", ["build", "serve"])
def test_a_build_stopped_between_the_two_renames_is_undone_at_the_next_start(
    edition, monkeypatch, next_start
):
    assert run("build").code == 0
    before = tree(edition / "site")
    site = (edition / "site").resolve()
    real = os.rename

    def killed(source, target):
        if Path(target) == site and ".site.building-" in str(source):
            raise KeyboardInterrupt  # after the site was moved aside, before the new one came
        return real(source, target)

    monkeypatch.setattr(sitefolder, "exchange", lambda first, second: False)  # a system without it
    monkeypatch.setattr(sitefolder.os, "rename", killed)
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    with pytest.raises(KeyboardInterrupt):
        run("build")
    monkeypatch.setattr(sitefolder.os, "rename", real)
    assert not (edition / "site").exists() and (edition / ".site.previous").is_dir()
    write_files(edition, BROKEN)  # the next build fails: the previous site is what remains
    if next_start == "build":
        assert run("build").code == 1
    else:
        serve = BuildCache()
        assert (
            build_site(Options(Path("content"), Path("glossary.yaml"), Path("site")), serve).errors
            != []
        )
        serve.close()
    assert tree(edition / "site") == before
    assert beside(edition) == []


# A previous site that cannot be removed


def test_a_read_only_previous_site_is_refused_and_left_as_it_was(edition, monkeypatch):
    # Tests run as root, who may write anywhere: the folder's permission is what os.access says.
    assert run("build").code == 0
    before = tree(edition / "site")
    read_only = (edition / "site/pagefind").resolve()
    real = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: False if Path(path) == read_only else real(path, mode, **kw),
    )
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    for _ in range(2):
        result = run("build")
        assert (result.code, result.lines) == (
            1,
            ["site/pagefind:1: error: cannot replace the previous site: Permission denied"],
        )
        assert tree(edition / "site") == before
        assert beside(edition) == []


def test_a_previous_site_that_cannot_be_removed_after_the_swap_is_reported(edition, monkeypatch):
    assert run("build").code == 0
    real = shutil.rmtree

    def denied(path, *args, **kwargs):
        if Path(path).name.startswith((".site.building-", ".site.previous")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sitefolder.shutil, "rmtree", denied)
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    result = run("build")
    [left] = beside(edition)
    assert (result.code, result.lines) == (
        0,
        [
            f"{left}:1: warning: cannot remove the previous site: Permission denied; remove it "
            "yourself"
        ],
    )
    assert "Changed." in (edition / "site/texts/notes/index.html").read_text()
    site = tree(edition / "site")
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            f"{left}:1: error: cannot remove this folder, left by an earlier build: "
            "Permission denied; remove it yourself"
        ],
    )
    assert tree(edition / "site") == site
    monkeypatch.setattr(sitefolder.shutil, "rmtree", real)
    assert run("build").code == 0
    assert beside(edition) == []


# Output folders that cannot be used


def test_an_output_folder_that_is_a_symbolic_link_loop_is_refused(edition):
    os.symlink("loop", edition / "loop")
    before = tree(edition)
    result = run("build", "--out", "loop")
    assert (result.code, result.lines) == (
        1,
        ["loop:1: error: the output folder is a symbolic link loop"],
    )
    assert tree(edition) == before and os.readlink(edition / "loop") == "loop"
    assert sorted(p.name for p in edition.iterdir() if p.name.startswith(".loop")) == []


def test_a_content_folder_that_is_a_symbolic_link_loop_is_reported(edition):
    os.symlink("loop", edition / "loop")
    result = run("build", "--content", "loop")
    assert (result.code, result.lines) == (
        1,
        [
            "loop/edition.yaml:1: error: edition.yaml is missing: every edition needs one "
            "(see docs/editor-guide.md)"
        ],
    )
    assert not (edition / "site").exists() and beside(edition) == []


def test_an_output_folder_that_is_a_file_is_refused(edition):
    write_files(edition, {"notes.txt": "mine"})
    result = run("build", "--out", "notes.txt")
    assert (result.code, result.lines) == (1, ["notes.txt:1: error: the output folder is a file"])
    assert (edition / "notes.txt").read_text() == "mine"


def test_an_output_folder_that_is_a_link_to_a_folder_is_built_through_it(edition):
    (edition / "public").mkdir()
    os.symlink("public", edition / "site")
    assert run("build").code == 0
    assert os.readlink(edition / "site") == "public" and (edition / "public/index.html").exists()
    assert run("build").code == 0


# The base URL: a path on the site's own host


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize(
    "value, problem",
    [
        ("//evil.example/", "may not contain //: a path starting with // names another host"),
        ("https://evil.example/", "must be a path starting with /, such as /repo/"),
        ("repo/", "must be a path starting with /, such as /repo/"),
        ("/a//b/", "may not contain //: a path starting with // names another host"),
        ("/\\evil.example/", "may not contain a backslash"),
        ("/course/../x/", "may not contain . or .. between slashes"),
        ("/a b/", "may hold only letters, digits, - . _ and ~ between its slashes"),
        ("/%2e%2e/", "may hold only letters, digits, - . _ and ~ between its slashes"),
    ],
)
def test_a_base_url_that_is_not_a_plain_path_is_a_usage_error(edition, command, value, problem):
    result = run(command, "--base-url", value)
    assert result.code == 2
    usage = f"build.py {command}: error: argument --base-url: '{value}' {problem}"
    assert result.lines[-1] == usage
    assert not (edition / "site").exists()


def test_a_site_url_whose_path_names_another_host_is_an_error(edition):
    config = (edition / "content/edition.yaml").read_text()
    elsewhere = config.replace("https://example.org/small/", "https://example.org//evil.example/")
    write_files(edition, {"content/edition.yaml": elsewhere})
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            "content/edition.yaml:7: error: site_url 'https://example.org//evil.example/': its "
            "path "
            "may not contain //: a path starting with // names another host"
        ],
    )
    assert not (edition / "site").exists()


# stamp and anchors.lock: written whole or not at all


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_stamp_on_a_full_disk_leaves_the_file_as_it_was(edition, monkeypatch, call):
    target = edition / "content/texts/notes/en.md"
    target.write_bytes(b"{#n1}\nFirst.\n\nNew paragraph.\n")
    real = getattr(os, call)

    def full(fd, *args):
        if in_content(fd, edition):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, *args)

    monkeypatch.setattr(os, call, full)
    result = run("stamp", "content/texts/notes/en.md")
    assert (result.code, result.out, result.lines) == (
        1,
        "",
        ["content/texts/notes/en.md:1: error: cannot write the file: No space left on device"],
    )
    assert target.read_bytes() == b"{#n1}\nFirst.\n\nNew paragraph.\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["en.md", "text.yaml"]


@pytest.mark.parametrize(
    "before, after",
    [
        (b"{#n1}\nFirst.\n\nNew paragraph.\n", b"{#n1}\nFirst.\n\n{#p1}\nNew paragraph.\n"),
        (
            b"{#n1}\r\nFirst.\r\n\r\nNew paragraph.\r\n",
            b"{#n1}\r\nFirst.\r\n\r\n{#p1}\r\nNew paragraph.\r\n",
        ),
        (b"{#n1}\rFirst.\r\rNew paragraph.\r", b"{#n1}\rFirst.\r\r{#p1}\rNew paragraph.\r"),
        (b"\xef\xbb\xbfFirst.\r\n\r\nNext.", b"\xef\xbb\xbf{#p1}\r\nFirst.\r\n\r\n{#p2}\r\nNext."),
        # a file whose lines end in different ways keeps each
        (
            b"{#n1}\nFirst.\r\n\nNew\r\nparagraph.\r\n",
            b"{#n1}\nFirst.\r\n\n{#p1}\nNew\r\nparagraph.\r\n",
        ),
        (
            b"{#n1}\r\nFirst.\r\nNew heading\n## H\n",
            b"{#n1}\r\nFirst.\r\nNew heading\n\n{#p1}\n## H\n",
        ),
    ],
    ids=["lf", "crlf", "cr", "bom", "mixed", "blank-line-added"],
)
def test_stamp_keeps_the_line_endings_and_byte_order_mark(edition, before, after):
    target = edition / "content/texts/notes/en.md"
    target.write_bytes(before)
    target.chmod(0o640)
    result = run("stamp", "content/texts/notes/en.md")
    assert result.code == 0, result.err
    assert target.read_bytes() == after
    assert target.stat().st_mode & 0o777 == 0o640


def test_anchors_lock_that_is_a_symbolic_link_is_an_error(edition):
    outside = edition / "elsewhere.lock"
    outside.write_text('{"first": ["gone"]}\n')
    os.symlink(outside, edition / "content/anchors.lock")
    message = (
        "content/anchors.lock:1: error: anchors.lock is a symbolic link; it must be a "
        "regular file inside the content folder"
    )
    for command in ("check", "build"):
        result = run(command)
        assert (result.code, result.lines) == (1, [message])
    unstamped = "{#n1}\nFirst.\n\nNew paragraph.\n"
    write_files(edition, {"content/texts/notes/en.md": unstamped})
    result = run("stamp", "content/texts/notes/en.md")  # it reads the ids published
    assert (result.code, result.lines) == (1, [message])
    assert outside.read_text() == '{"first": ["gone"]}\n'
    assert (edition / "content/texts/notes/en.md").read_text() == unstamped
    assert os.path.islink(edition / "content/anchors.lock") and not (edition / "site").exists()


def test_anchors_lock_that_is_a_pipe_is_an_error(edition):
    os.mkfifo(edition / "content/anchors.lock")  # reading it would wait for ever
    result = run("check")
    assert (result.code, result.lines) == (
        1,
        ["content/anchors.lock:1: error: the file is a named pipe, not a regular file"],
    )


def test_anchors_lock_on_a_full_disk_is_left_as_it_was(edition, monkeypatch):
    assert run("build").code == 0
    lock = edition / "content/anchors.lock"
    before = lock.read_bytes()
    new_id = "{#n1}\nText.\n\n{#n2}\nMore.\n\n{#n3}\nNew.\n"
    write_files(edition, {"content/texts/notes/en.md": new_id})
    real = os.fsync

    def full(fd):
        if in_content(fd, edition):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full)
    result = run("build")
    assert (result.code, result.lines) == (
        0,
        [
            "content/anchors.lock:1: warning: could not record the published ids: "
            "No space left on device"
        ],
    )
    assert lock.read_bytes() == before
    assert sorted(p.name for p in lock.parent.iterdir()) == [
        "anchors.lock",
        "edition.yaml",
        "texts",
    ]
    monkeypatch.setattr(os, "fsync", real)
    assert run("build").code == 0
    assert '"n3"' in lock.read_text()
