"""The rebuilds of `serve`: after an edit, only what the edit changes is written again, and
the site ends up byte for byte what a full build of the same files makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run, tree
from edition.pipeline import BuildCache, Options, build

COMMENTARY = "content/texts/dual-circulation-commentary/en.md"
NATIONWIDE = "content/texts/new-nationwide-system/zh.md"
UNTOUCHED_PAGE = "site/texts/psc-meeting-2020-05-14/index.html"


@pytest.fixture
def seed(tmp_path, monkeypatch):
    """A copy of the seed edition, built once with a BuildCache, as `serve` starts."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "glossary.yaml", tmp_path / "glossary.yaml")
    monkeypatch.chdir(tmp_path)
    serve = Serve(
        Options(
            Path("content"),
            Path("glossary.yaml"),
            Path("site"),
            glossary_required=True,
            strict=True,
        )
    )
    assert [str(d) for d in serve.build().items] == []
    assert serve.wait() == []
    yield serve
    serve.close()


class Serve(BuildCache):
    """The builds of one `serve`: its options and its cache."""

    def __init__(self, options: Options) -> None:
        super().__init__()
        self.options = options

    def build(self, everything: bool = False):
        return build(self.options, self, everything)


def edit(path: str, old: str, new: str) -> None:
    source = Path(path).read_text(encoding="utf-8")
    assert source.count(old) == 1
    Path(path).write_text(source.replace(old, new), encoding="utf-8")


def rebuild(serve: Serve) -> None:
    assert [str(d) for d in serve.build().items] == []


def assert_same_as_full_build(serve: Serve) -> None:
    assert serve.wait() == []  # the search index is swapped in
    result = run("build", "--strict", "--out", "full")
    assert result.code == 0, result.err
    rebuilt, full = tree(Path("site")), tree(Path("full"))
    assert sorted(rebuilt) == sorted(full)
    assert [path for path in full if rebuilt[path] != full[path]] == []


def test_a_passage_edit_rewrites_its_text_and_equals_a_full_build(seed):
    untouched = Path(UNTOUCHED_PAGE).stat().st_ino
    edit(NATIONWIDE, "当前，我们迎来了", "当前，我们正迎来了")
    rebuild(seed)
    assert "当前，我们正迎来了" in Path("site/texts/new-nationwide-system/index.html").read_text(
        encoding="utf-8"
    )
    assert Path(UNTOUCHED_PAGE).stat().st_ino == untouched  # not written again
    assert_same_as_full_build(seed)
    # and search finds the new words once the index is in place
    assert "当前，我们正迎来了" in Path(
        "site/search/passages/new-nationwide-system.json"
    ).read_text(encoding="utf-8")


def test_a_new_cross_reference_updates_the_page_it_cites(seed):
    page = Path(UNTOUCHED_PAGE)
    before = page.read_text(encoding="utf-8")
    edit(
        COMMENTARY,
        "That consolidation now has a name",
        "That consolidation ([see](../psc-meeting-2020-05-14/zh.md#p1)) now has a name",
    )
    rebuild(seed)
    after = page.read_text(encoding="utf-8")
    assert after != before  # its first passage now lists the commentary among those citing it
    assert_same_as_full_build(seed)


def test_edits_in_a_row_and_a_glossary_edit(seed):
    edit(NATIONWIDE, "当前，我们迎来了", "当前我们迎来了")
    rebuild(seed)
    edit(NATIONWIDE, "当前我们迎来了", "当前，我们迎来了")
    rebuild(seed)
    edit(
        "glossary.yaml",
        "  en: new nationwide system\n",
        "  en: new nationwide system\n  # a comment changes nothing\n",
    )
    rebuild(seed)
    assert_same_as_full_build(seed)


def test_a_broken_edit_is_reported_and_the_site_kept_until_it_is_fixed(seed):
    site = tree(Path("site"))
    edit(NATIONWIDE, "{#p1-1}", "{#p1-1 class=x}")
    diagnostics = seed.build()
    assert [str(d) for d in diagnostics.items] == [
        f"{NATIONWIDE}:10: error: a block attribute may only give an id, a label and .verse, like "
        f'{{#p5-6 label="5–6" .verse}} (not .x)'
    ]
    assert tree(Path("site")) == site
    edit(NATIONWIDE, "{#p1-1 class=x}", "{#p1-1}")
    edit(NATIONWIDE, "当前，我们迎来了", "当前，我们又迎来了")
    rebuild(seed)
    assert_same_as_full_build(seed)


def test_loading_on_two_cores_builds_the_same_site(tmp_path):
    # build.py, in a process of its own, parses half of the language files in a forked worker;
    # here, with another thread running, the loader never forks and parses them one by one.
    import subprocess
    import sys
    import threading

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "glossary.yaml", tmp_path / "glossary.yaml")
    cli = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--out", "forked"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        result = run(
            "build",
            "--content",
            str(tmp_path / "content"),
            "--glossary",
            str(tmp_path / "glossary.yaml"),
            "--out",
            str(tmp_path / "here"),
        )
    finally:
        stop.set()
        other.join()
    assert result.code == 0, result.err
    assert tree(tmp_path / "forked") == tree(tmp_path / "here")


def test_serve_is_told_when_the_new_index_is_in_place(seed):
    # serve then reloads a search page left open on the previous index, whose files are gone.
    told = []
    seed.report = told.append
    edit(NATIONWIDE, "当前，我们迎来了", "当前，我们正迎来了")
    rebuild(seed)
    assert seed.wait() == []
    assert told == [[]]
    assert_same_as_full_build(seed)


def test_an_unchanged_edition_writes_nothing(seed):
    page = Path("site/texts/new-nationwide-system/index.html")
    before = page.stat().st_ino
    Path("content/anchors.lock").write_text(
        Path("content/anchors.lock").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rebuild(seed)  # as after build.py itself rewrote anchors.lock
    assert page.stat().st_ino == before
    assert seed.index is None


def test_an_index_in_parts_is_made_again_only_where_its_texts_changed(seed, monkeypatch):
    # A large edition's index comes in parts (here one text a part): after an edit, the parts
    # of other texts are kept as they were (hard-linked), and the site is still a full build's.
    import edition.search

    monkeypatch.setattr(edition.search, "PASSAGES_PER_PART", 1)
    assert seed.build(everything=True).errors == []
    assert seed.wait() == []
    kept = Path("site/pagefind/part-3/pagefind-entry.json")  # the People's Daily report
    remade = Path("site/pagefind/part-2/pagefind-entry.json")  # the Guangming Daily article
    before = kept.stat().st_ino, remade.stat().st_ino
    edit(NATIONWIDE, "当前，我们迎来了", "当前，我们正迎来了")
    rebuild(seed)
    assert seed.wait() == []
    assert kept.stat().st_ino == before[0]
    assert remade.stat().st_ino != before[1]
    assert_same_as_full_build(seed)


def test_two_edits_before_the_index_follows_leave_no_part_of_the_older_index(seed, monkeypatch):
    # The second edit cancels the index the first one started: the index in the site is then
    # the one from before both edits, and the first edit's text must be indexed again too.
    import edition.search

    monkeypatch.setattr(edition.search, "PASSAGES_PER_PART", 1)
    assert seed.build(everything=True).errors == []
    assert seed.wait() == []
    edit(NATIONWIDE, "当前，我们迎来了", "当前，我们正迎来了")
    rebuild(seed)
    edit(
        "content/texts/psc-meeting-2020-05-14/zh.md",
        "中共中央政治局常务委员会5月14日召开会议",
        "中共中央政治局常务委员会于5月14日召开会议",
    )
    rebuild(seed)
    assert_same_as_full_build(seed)
