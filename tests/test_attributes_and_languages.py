"""Block attributes (`label="…"`, `.verse`) and a text's own `languages` in text.yaml, as built."""

from __future__ import annotations

import json
import re

from conftest import run, write_files

VERSE = {
    "content/texts/first/zh.md": """\
        {#s1}
        ## 一

        {#p1 label="1–2"}
        新型举国体制以国家发展为目标。

        {#p2 .verse}
        构建国内国际
        双循环相互促进的新发展格局。

        {#p3}
        举国体制由来已久。
        """,
    "content/texts/first/en.md": """\
        {#s1}
        ## 1

        {#p1 label="1–2"}
        The new nationwide system aims at national development.

        {#p2 .verse}
        Build a new development pattern
        of domestic and international dual circulation.

        {#p3}
        The whole-nation system is old.
        """,
}


def passage(page: str, passage_id: str) -> str:
    found = re.search(rf'<section [^>]*id="{passage_id}" data-passage.*?</section>', page, re.S)
    return found.group(0)


def test_a_label_is_printed_and_cited_in_every_language(edition):
    write_files(edition, VERSE)
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text(encoding="utf-8")
    assert 'id="p1" data-passage data-label="1–2">' in page
    assert '<a class="passage-label" href="#p1" aria-label="Passage 1–2: link">1–2</a>' in page
    # the passages after it keep their structural numbers
    assert 'id="p3" data-passage data-label="1.3"' in page
    data = json.loads((edition / "site/edition.json").read_text(encoding="utf-8"))
    assert [p["label"] for p in data["texts"][0]["passages"]] == ["§1", "1–2", "1.2", "1.3"]


def test_verse_keeps_its_lines_in_each_language(edition):
    write_files(edition, VERSE)
    assert run("build", "--strict").code == 0
    section = passage((edition / "site/texts/first/index.html").read_text(encoding="utf-8"), "p2")
    assert '<p class="verse"><span data-s="1">构建国内国际<br />\n双循环' in section
    assert (
        '<p class="verse"><span data-s="1">Build a <a class="gloss" data-term="xin-fazhan-geju" '
        in section
    )
    assert "new development pattern</a><br />\nof domestic" in section


def test_the_contents_show_each_headings_own_words(edition):
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text(encoding="utf-8")
    assert '<li><a href="#s1">一</a></li>' in page


def test_a_text_may_tag_and_label_its_languages_its_own_way(edition):
    write_files(
        edition,
        {
            "content/texts/first/text.yaml": """\
        title: {zh: 第一篇, en: The First Text}
        languages: {zh: {html: zh-Hant, label: "文言"}}
        """
        },
    )
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text(encoding="utf-8")
    assert '<div class="rendering" lang="zh-Hant" data-lang="zh" data-version="zh">' in page
    assert '<div class="rendering" lang="zh-Hans"' not in page
    assert '<h1 lang="zh-Hant">第一篇</h1>' in page
    assert '<button type="button" data-view="zh">文言</button>' in page
    # the other texts keep the edition's tag
    notes = (edition / "site/texts/notes/index.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hant"' not in notes
    passages = json.loads((edition / "site/search/passages/first.json").read_text(encoding="utf-8"))
    assert passages["languages"]["zh"] == {"html": "zh-Hant", "label": "文言"}
