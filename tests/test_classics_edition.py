"""An edition of two classics, written for these tests: the Daodejing (chapters 1–3, simplified
characters, Legge 1891) and the first chapter of the Sunzi (traditional characters, Giles 1910),
with an English commentary and a glossary whose headwords are all simplified."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, build_copy

CLASSICS = ROOT / "tests/editions/classics"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("classics")
    result = build_copy(CLASSICS, folder)
    assert (result.code, result.err) == (0, "")
    return folder / "site"


def rendering(site: Path, slug: str, passage_id: str, lang: str) -> str:
    page = (site / f"texts/{slug}/index.html").read_text(encoding="utf-8")
    section = re.search(rf'<section [^>]*id="{passage_id}" data-passage.*?</section>', page, re.S)
    return re.search(
        rf'<div class="rendering" lang="[^"]+" data-lang="{lang}" data-version="{lang}">'
        r"(.*?)</div>",
        section.group(0),
        re.S,
    ).group(1)


def gloss(entry: str, surface: str) -> str:
    return f'<a class="gloss" data-term="{entry}" href="../../glossary/#{entry}">{surface}</a>'


def test_simplified_headwords_gloss_the_traditional_text_as_written(site):
    assert gloss("jiang", "將") in rendering(site, "sunzi", "p9", "zh")
    assert rendering(site, "sunzi", "p17", "zh") == (
        f'<p><span data-s="1">{gloss("shi", "勢")}者，因利而制權也。</span></p>'
    )
    assert rendering(site, "sunzi", "p26", "zh").startswith(
        f'<p><span data-s="1" tabindex="0">夫未戰而{gloss("miaosuan", "廟算")}勝者'
    )


def test_the_dao_of_gui_dao_belongs_to_gui_dao(site):
    assert rendering(site, "sunzi", "p18", "zh") == (
        f'<p><span data-s="1">{gloss("bing", "兵")}者，{gloss("guidao", "詭道")}也。</span></p>'
    )
    assert rendering(site, "sunzi", "p18", "en") == (
        f'<p><span data-s="1">All {gloss("bing", "warfare")} is based on '
        f"{gloss('guidao', 'deception')}.</span></p>"
    )


def test_way_is_glossed_as_written_and_the_way_to_keep_is_not(site):
    assert 'not the <a class="gloss" data-term="dao" href="../../glossary/#dao">Way</a>.' in (
        rendering(site, "reading-notes", "n3", "en")
    )
    legge = rendering(site, "daodejing", "p3-1", "en")
    assert "is the way to keep the people from rivalry" in legge
    assert 'data-term="dao"' not in legge


def test_verse_keeps_its_lines(site):
    assert rendering(site, "daodejing", "p1-3", "en") == (
        f'<p class="verse"><span data-s="1">Always {gloss("wuyu", "without desire")} we must be '
        "found,<br />\n"
        "If its deep mystery we would sound;<br />\n"
        "But if desire always within us be,<br />\n"
        "Its outer fringe is all that we shall see.</span></p>"
    )
    assert (
        rendering(site, "daodejing", "p2-4v", "zh")
        == '<p class="verse"><span data-s="1">夫唯弗居，<br />\n是以不去。</span></p>'
    )


def test_the_labels_are_gileses_numbers(site):
    data = json.loads((site / "edition.json").read_text(encoding="utf-8"))
    sunzi = next(text for text in data["texts"] if text["slug"] == "sunzi")
    assert [p["label"] for p in sunzi["passages"]] == [
        "1",
        "2",
        "3",
        "4",
        "5–6",
        *(str(n) for n in range(7, 27)),
    ]
    page = (site / "texts/sunzi/index.html").read_text(encoding="utf-8")
    assert '<a class="passage-label" href="#p5-6" aria-label="Passage 5–6: link">5–6</a>' in page


def test_the_sunzi_is_tagged_traditional_and_the_daodejing_simplified(site):
    sunzi = (site / "texts/sunzi/index.html").read_text(encoding="utf-8")
    daodejing = (site / "texts/daodejing/index.html").read_text(encoding="utf-8")
    chinese = 'data-lang="zh" data-version="zh">'
    assert sunzi.count(f'<div class="rendering" lang="zh-Hant" {chinese}') == 25
    assert 'lang="zh-Hans"' not in re.search(r'<div class="passages.*', sunzi, re.S).group(0)
    assert daodejing.count(f'<div class="rendering" lang="zh-Hans" {chinese}') == 15


def test_the_commentary_links_a_range_and_gileses_passage(site):
    notes = (site / "texts/reading-notes/index.html").read_text(encoding="utf-8")
    assert (
        '<a class="xref" href="../../texts/daodejing/#p1-1..p1-4" data-xref="daodejing#p1-1">'
        in notes
    )
    assert '<a class="xref" href="../../texts/sunzi/#p5-6" data-xref="sunzi#p5-6">5–6</a>' in notes


def test_a_traditional_term_is_found_by_search_in_either_script(site):
    """The search page folds a query with scripts.json, as the index was folded: 詭道 and 诡道
    are the same query, and the Sunzi's passage 18 holds it."""
    from edition.model import Diagnostics
    from edition.pipeline import Options, load_edition
    from edition.search import script_map, search_documents

    edition = load_edition(Options(CLASSICS / "content", CLASSICS / "glossary.yaml"), Diagnostics())
    mapping = script_map(edition)
    assert json.loads((site / "search/scripts.json").read_text(encoding="utf-8"))["詭"] == "诡"
    document = dict(search_documents(edition, mapping))["sunzi.zh.html"]
    assert '<p><span id="p18"></span> 兵 者 ， 诡 道 也 。</p>' in document
    terms = json.loads((site / "search/terms.json").read_text(encoding="utf-8"))
    assert {"en": ["deception"], "id": "guidao", "pinyin": "guidao", "zh": ["诡道"]} in terms
