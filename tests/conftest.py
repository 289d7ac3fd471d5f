"""Shared fixtures: a small edition written into tmp_path, and the command run in-process."""

from __future__ import annotations

import contextlib
import io
import os
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
