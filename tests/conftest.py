"""Shared fixtures: a small edition written into tmp_path, and the command run in-process."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

SMALL_EDITION = {
    "content/edition.yaml": """\
        title: {en: "A Small Edition", zh: "小读本"}
        languages:
          zh: {label: "中文", html: zh-Hans}
          en: {label: "English", html: en}
        source_language: zh
        texts: [first, notes]
        site_url: https://example.org/small/
        """,
    "content/texts/first/text.yaml": """\
        title: {zh: 第一篇, en: The First Text}
        published: 2020-03-20
        """,
    "content/texts/first/zh.md": """\
        {#s1}
        ## 一

        {#p1}
        新型举国体制以国家发展为目标。

        {#p2}
        构建国内国际双循环相互促进的新发展格局。

        {#p3}
        举国体制由来已久。
        """,
    "content/texts/first/en.md": """\
        {#s1}
        ## 1

        {#p1}
        The new nationwide system aims at national development.

        {#p2}
        Build a new development pattern of domestic and international dual circulation.

        {#p3}
        The whole-nation system is old.
        """,
    "content/texts/notes/text.yaml": """\
        title: {en: Notes on the First Text}
        kind: commentary
        """,
    "content/texts/notes/en.md": """\
        {#n1}
        The first text says it [plainly](../first/zh.md#p1).[^1]

        {#n2}
        > A quotation of [two passages](../first/en.md#p1..p2).

        [^1]: An editor's note on the new nationwide system.
        """,
    "glossary.yaml": """\
        xinxing-juguo-tizhi:
          zh: 新型举国体制
          pinyin: xīnxíng jǔguó tǐzhì
          en: new nationwide system
          definition: A state-led way of organising research.
        juguo-tizhi:
          zh: 举国体制
          en: whole-nation system
          definition: Mobilising the whole nation for one goal.
        xin-fazhan-geju:
          zh: 新发展格局
          en: new development pattern
          definition: The pattern announced in 2020.
          see_also: [xinxing-juguo-tizhi]
        """,
}


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


def write_files(folder: Path, files: dict[str, str | bytes | None]) -> None:
    for name, body in files.items():
        path = folder / name
        if body is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def edition(tmp_path, monkeypatch):
    """A folder holding the small edition; the working folder while the test runs."""
    write_files(tmp_path, SMALL_EDITION)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def small_edition_built_once(tmp_path_factory):
    """The small edition and its site, built once for the tests that only need a site to keep."""
    folder = tmp_path_factory.mktemp("small-edition")
    write_files(folder, SMALL_EDITION)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        assert run("build").code == 0
    finally:
        os.chdir(cwd)
    return folder


@pytest.fixture
def built_edition(small_edition_built_once, tmp_path, monkeypatch):
    """The small edition with its site already built (a copy of one build, not a build of its
    own); the working folder while the test runs."""
    shutil.copytree(small_edition_built_once, tmp_path, symlinks=True, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    """Run build.py in this process, as an editor would from the shell."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = build.main(list(args))
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code
    return Result(code, out.getvalue(), err.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, for comparing whole sites."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_copy(source: Path, folder: Path, *args: str) -> Result:
    """Build a copy of an edition (a build records ids in content/anchors.lock) inside `folder`."""
    import shutil

    shutil.copytree(source / "content", folder / "content")
    if (source / "glossary.yaml").exists():
        shutil.copy(source / "glossary.yaml", folder / "glossary.yaml")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return run("build", "--strict", *args)
    finally:
        os.chdir(cwd)


def served_edition(tmp_path_factory, source: Path, prefix: str):
    """Build a copy of an edition with --base-url `prefix` and serve it: (base URL, server,
    the folder it was built in)."""
    from browser import serve

    folder = tmp_path_factory.mktemp(source.name or "edition")
    result = build_copy(source, folder, "--base-url", prefix)
    assert (result.code, result.err) == (0, "")
    base, server = serve(folder / "site", prefix)
    return base, server, folder


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The seed edition, served under a sub-path as on GitHub Pages: the base URL."""
    base, server, _ = served_edition(tmp_path_factory, ROOT, "/dual-circulation/")
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def analects_site(tmp_path_factory):
    """An edition written independently of the seed (traditional script, partial translation)."""
    base, server, _ = served_edition(
        tmp_path_factory, ROOT / "tests/editions/analects", "/analects/"
    )
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def classics_site(tmp_path_factory):
    """Two classics: the Daodejing in simplified and the Sunzi in traditional characters."""
    base, server, _ = served_edition(
        tmp_path_factory, ROOT / "tests/editions/classics", "/classics/"
    )
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from browser import launch

    playwright = sync_playwright().start()
    browser = launch(playwright)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(chromium):
    """A fresh desktop page that fails the test on any console error or uncaught exception."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def phone(chromium):
    """A 375 px touch screen."""
    context = chromium.new_context(
        viewport={"width": 375, "height": 740},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def pytest_collection_modifyitems(config, items):
    """Tests that drive Chromium are marked `browser` (by the fixture they use, so a new test
    cannot forget the mark): `pytest -m "not browser"` runs the rest without starting one."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
