"""The output as a whole: a golden site, byte-identical rebuilds, the passage markup of
FORMAT.md."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_copy, tree

ANALECTS = ROOT / "tests/editions/analects"
GOLDEN = ROOT / "tests/golden/analects"


def comparable(site: Path) -> dict[str, bytes]:
    """The site's files; copied static files and Pagefind's index by name only (both are checked
    elsewhere)."""
    files = tree(site)
    return {
        name: (b"" if name.startswith(("pagefind/", "static/")) else data)
        for name, data in files.items()
    }


def test_golden_site(tmp_path):
    """Refresh with: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_output.py -k golden (then
    review the diff)."""
    result = build_copy(ANALECTS, tmp_path)
    assert (result.code, result.err) == (0, "")
    site = comparable(tmp_path / "site")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in site.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = comparable(GOLDEN)
    assert sorted(site) == sorted(expected)
    for name in site:
        assert site[name] == expected[name], name


def test_two_builds_are_byte_identical(tmp_path):
    """In different folders, and in processes with different hash seeds (set and dict orders)."""
    import subprocess
    import sys

    for name, seed in (("one", "1"), ("two", "2")):
        shutil.copytree(ANALECTS / "content", tmp_path / name / "content")
        shutil.copy(ANALECTS / "glossary.yaml", tmp_path / name / "glossary.yaml")
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--strict"],
            cwd=tmp_path / name,
            check=True,
            # (output to a pipe waits in a buffer unless the environment says otherwise)
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
            | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        # said, though the process leaves without Python's own clean-up
        assert (done.stdout, done.stderr) == ("built site/\n", "")
    assert tree(tmp_path / "one/site") == tree(tmp_path / "two/site")


class PassageText(HTMLParser):
    """Collects the text content of each language element of each passage."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.passage = None
        self.texts: dict[tuple[str, str], list[str]] = {}
        self.current: tuple[str, str] | None = None
        self.depth_at_lang = -1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if "data-passage" in attrs:
            self.passage = attrs["id"]
        if "data-lang" in attrs and self.passage and self.current is None:
            self.current = (self.passage, attrs["data-version"])
            self.depth_at_lang = len(self.stack)
            self.texts[self.current] = []

    def handle_endtag(self, tag):
        if self.current and len(self.stack) == self.depth_at_lang:
            self.current = None
        self.stack.pop()

    def handle_data(self, data):
        if self.current:
            self.texts[self.current].append(data)


@pytest.mark.parametrize("edition", ["analects", "seed"])
def test_language_element_text_is_exactly_the_passage_text(tmp_path, edition):
    source = ANALECTS if edition == "analects" else ROOT
    assert build_copy(source, tmp_path).code == 0
    data = json.loads((tmp_path / "site/edition.json").read_text(encoding="utf-8"))
    for text in data["texts"]:
        parser = PassageText()
        parser.feed(
            (tmp_path / f"site/texts/{text['slug']}/index.html").read_text(encoding="utf-8")
        )
        for passage in text["passages"]:
            for lang, plain in passage["text"].items():
                shown = " ".join("".join(parser.texts[(passage["id"], lang)]).split())
                assert shown == plain, (text["slug"], passage["id"], lang)


def test_passage_markup(tmp_path):
    assert build_copy(ANALECTS, tmp_path).code == 0
    page = (tmp_path / "site/texts/xue-er/index.html").read_text(encoding="utf-8")
    assert (
        '<section class="passage passage-paragraph" id="a1-3" data-passage data-label="1.3">'
        in page
    )
    assert (
        '<div class="rendering" lang="lzh-Hant" data-lang="lzh" data-version="lzh">'
        '<p><span data-s="1">'
        '子曰：「巧言令色，鮮矣<a class="gloss" data-term="ren" href="../../glossary/#ren">仁</a>'
        "！」</span></p></div>" in page
    )
    assert (
        '<div class="rendering untranslated" lang="en-GB" data-lang="en" data-version="en" '
        "data-untranslated>(This "
        "passage is not translated yet.)</div>" in page
    )
    # The page's own element ids contain an underscore, which passage and entry ids cannot:
    # every id without one is a passage's, or a retired id kept as an anchor.
    for tag in re.findall(r"<[a-z]+ [^>]*\bid=\"[^\"_]+\"[^>]*>", page):
        assert "data-passage" in tag or "moved-anchor" in tag, tag


def test_sitemap_and_static_hosting_files(tmp_path):
    assert build_copy(ANALECTS, tmp_path).code == 0
    site = tmp_path / "site"
    assert (site / ".nojekyll").read_bytes() == b""
    assert (site / "sitemap.xml").read_text() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://example.org/analects/</loc></url>\n"
        "<url><loc>https://example.org/analects/texts/xue-er/</loc></url>\n"
        "<url><loc>https://example.org/analects/texts/xue-er/vocabulary/</loc></url>\n"
        "<url><loc>https://example.org/analects/texts/reading-notes/</loc></url>\n"
        "<url><loc>https://example.org/analects/texts/reading-notes/vocabulary/</loc></url>\n"
        "<url><loc>https://example.org/analects/glossary/</loc></url>\n"
        "<url><loc>https://example.org/analects/search/</loc></url>\n"
        "</urlset>\n"
    )
    not_found = (site / "404.html").read_text()
    assert (
        'href="/analects/glossary/"' in not_found
    )  # 404.html is served at any depth: absolute from the base
    assert (site / "pagefind/pagefind.js").exists()


BUILD_ON_CORES = """
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from edition import load, pipeline, search

sent = []
helpers = []
if sys.argv[3] == "one":
    load.LoadCache.prefetch = lambda *args, **kwargs: None
    search.fork_context = lambda: None
else:
    read_done = load._read_done

    def counted(path):
        sent.append(path)
        return read_done(path)

    load._read_done = counted
    fork_context = search.fork_context

    def forking():
        context = fork_context()
        helpers.append(context is not None)
        return context

    search.fork_context = forking
root = Path(sys.argv[2])
found = pipeline.build(pipeline.Options(root / "content", root / "glossary.yaml", root / "site"))
assert not found.errors, [str(d) for d in found.errors]
print(len(sent), helpers)
"""


def test_two_cores_build_what_one_builds(tmp_path):
    """A cold build loads and aligns its texts in two processes, which take them in turn, and
    writes the search documents in a helper while it renders the pages: the site, search index
    and all, is byte for byte the one a single process builds."""
    import subprocess
    import sys

    sent = {}
    for cores in ("one", "two"):
        shutil.copytree(ROOT / "content", tmp_path / cores / "content")
        shutil.copy(ROOT / "glossary.yaml", tmp_path / cores / "glossary.yaml")
        done = subprocess.run(
            [sys.executable, "-c", BUILD_ON_CORES, str(ROOT), str(tmp_path / cores), cores],
            capture_output=True,
            text=True,
            check=True,
        )
        sent[cores] = done.stdout.split(" ", 1)
    assert sent["one"] == ["0", "[]\n"]
    assert int(sent["two"][0]) > 0  # texts the worker loaded and aligned
    assert sent["two"][1] == "[True]\n"  # the search documents written by a helper
    assert any(path.startswith("pagefind/") for path in tree(tmp_path / "one/site"))
    assert tree(tmp_path / "one/site") == tree(tmp_path / "two/site")


BROKEN_DOCUMENTS = """
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from edition import pipeline, search


def broken(*args):
    raise ValueError("broken")
    yield


search.search_documents = broken
root = Path(sys.argv[2])
found = pipeline.build(pipeline.Options(root / "content", root / "glossary.yaml", root / "site"))
print([d.message for d in found.errors], (root / "site").exists())
"""


def test_a_fault_in_the_search_documents_helper_fails_the_build_and_publishes_nothing(tmp_path):
    import subprocess
    import sys

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "glossary.yaml", tmp_path / "glossary.yaml")
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_DOCUMENTS, str(ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == ("['Pagefind failed: the search documents: ValueError: broken'] False\n")


def test_search_fragments_carry_each_passage_once(tmp_path):
    """A result costs the reader the index fragment of its text and language: the passages' words
    are in it once (as its content), and each passage's id only as a position."""
    assert build_copy(ANALECTS, tmp_path).code == 0
    fragments = {}
    for path in (tmp_path / "site/pagefind/fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        meta = fragment["meta"]
        fragments[meta.get("id") or (meta["slug"], meta["lang"])] = fragment
    xue_er = fragments[("xue-er", "lzh")]
    assert xue_er["content"].startswith(
        "学 而 第 一 子 曰 ：「 学 而 时 习 之 ，"
    )  # folded, spaced
    assert [(a["id"], a["location"]) for a in xue_er["anchors"]][:3] == [
        ("b1", 0),
        ("a1-1", 4),
        ("a1-2", 43),
    ]
    assert [a["id"] for a in fragments["ren"]["anchors"]] == ["ren"]
    assert {a["text"] for f in fragments.values() for a in f["anchors"]} == {""}


def test_base_url_moves_only_the_404_page(tmp_path):
    assert build_copy(ANALECTS, tmp_path, "--base-url", "/course/reader/").code == 0
    assert 'href="/course/reader/glossary/"' in (tmp_path / "site/404.html").read_text()
    assert 'href="../../glossary/#ren"' in (tmp_path / "site/texts/xue-er/index.html").read_text()
