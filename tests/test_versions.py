"""Several translations of a text into one language: <lang>.<name>.md described in text.yaml
`versions`, checked like any translation, shown and searched as a rendering of its language."""

from __future__ import annotations

import json
import re

import pytest

from conftest import run, tree, write_files

META = "title: {zh: 第一篇, en: The First Text}\npublished: 2020-03-20\n"
VERSIONS = (
    "versions:\n"
    "  en.literal:\n"
    "    label: {en: Literal translation}\n"
    "    translator: A. Translator\n"
    "    note: Word for word.\n"
    "  en: {label: {en: Free translation}, translator: B. Translator}\n"
)
LITERAL = """\
    {#s1}
    ## One

    {#p1}
    The new-type whole-nation system takes national development as its goal.

    {#p2}
    Construct the new development pattern of domestic-international double circulation.

    {#p3}
    The whole-nation system has come from long ago.
    """


def with_literal(edition, meta: str = META + VERSIONS, literal: str | None = LITERAL) -> None:
    write_files(
        edition,
        {
            "content/texts/first/text.yaml": meta,
            "content/texts/first/en.literal.md": literal,
        },
    )


def test_a_described_version_builds_and_is_shown_beside_the_source(edition):
    with_literal(edition)
    result = run("build", "--strict")
    assert (result.code, result.lines) == (0, [])
    page = (edition / "site/texts/first/index.html").read_text()
    renderings = re.findall(
        r'class="rendering" lang="([\w-]+)" data-lang="(\w+)" data-version="([\w.]+)"'
        r"( data-default)?",
        page,
    )
    assert renderings[:3] == [
        ("zh-Hans", "zh", "zh", " data-default"),
        ("en", "en", "en", " data-default"),
        ("en", "en", "en.literal", ""),
    ]
    assert 'data-shown="zh en"' in page
    assert '<input type="checkbox" value="en.literal">' in page
    assert (
        '<span class="version-by">by <span class="version-translator">A. Translator</span></span>'
        in page
    )
    data = json.loads((edition / "site/edition.json").read_text())
    first = data["texts"][0]
    assert first["passages"][1]["text"] == {
        "zh": "新型举国体制以国家发展为目标。",
        "en": "The new nationwide system aims at national development.",
        "en.literal": "The new-type whole-nation system takes national development as its goal.",
    }
    assert first["versions"]["en.literal"] == {
        "label": {"en": "Literal translation"},
        "translator": {"en": "A. Translator", "zh": "A. Translator"},
        "note": "Word for word.",
        "partial": False,
        "default": False,
    }


def test_the_default_version_comes_first_and_is_shown(edition):
    with_literal(
        edition,
        META
        + VERSIONS.replace(
            "translator: A. Translator\n", "translator: A. Translator\n    default: true\n"
        ),
    )
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text()
    assert re.findall(r'"rendering"[^>]* data-version="([\w.]+)"( data-default)?>', page)[:3] == [
        ("zh", " data-default"),
        ("en.literal", " data-default"),
        ("en", ""),
    ]


def test_a_versions_notes_show_with_it(edition):
    literal = LITERAL.replace("as its goal.", "as its goal.[^1]") + (
        "\n    [^1]: Word for word: 新型 new-type, 举国 whole-nation.\n"
    )
    with_literal(edition, literal=literal)
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text()
    # Only the notes of renderings shown by default say so: edition.css shows no other (and no
    # notes of a passage that only they annotate) until versions.js shows what the reader chose.
    assert re.search(
        r'<aside class="notes" aria-label="Notes to passage 1.1">\n    <ol>\n'
        r'      <li id="note_en.literal_1" lang="en" value="1"><p>Word for word',
        page,
    )


VERSION_CASES = {
    "a version file text.yaml does not describe": (
        META,
        LITERAL,
        [
            "content/texts/first/en.literal.md:1: error: 'en.literal.md' is a further "
            "translation, but text.yaml does not describe it: add it under versions, with a label "
            "and a translator (versions: {en.literal: {label: …, translator: …}})"
        ],
    ),
    "a described version without its file": (
        META + VERSIONS,
        None,
        [
            "content/texts/first/text.yaml:4: error: versions: 'en.literal' is described, but "
            "en.literal.md is not in content/texts/first/"
        ],
    ),
    "bad fields": (
        META + "versions:\n"
        "  en.literal: {label: {fr: Littéral}, partial: maybe, colour: red}\n"
        "  de.x: {label: X, translator: Y}\n"
        "  en.Big: {label: X, translator: Y}\n"
        "  zh.old: {label: X, translator: Y}\n"
        "  en.other: just a string\n",
        LITERAL,
        [
            "content/texts/first/text.yaml:4: error: 'label' has language 'fr', which is not in "
            "edition.yaml languages (zh, en)",
            "content/texts/first/text.yaml:4: error: unknown key 'colour' in versions: "
            "'en.literal' (allowed: default, label, note, partial, translator)",
            "content/texts/first/text.yaml:4: error: versions: 'en.literal' needs a label (what "
            "the reader picks)",
            "content/texts/first/text.yaml:4: error: versions: 'en.literal' needs a translator "
            "(whom a citation names)",
            "content/texts/first/text.yaml:4: error: versions: 'en.literal': 'partial' must be "
            "true or false",
            "content/texts/first/text.yaml:5: error: versions: 'de' is not a language of the "
            "edition (zh, en)",
            "content/texts/first/text.yaml:6: error: versions: 'Big' cannot name a version: a "
            "further translation is <lang>.<name>.md with a name of lower-case letters, digits "
            "and hyphens (en.revised.md)",
            "content/texts/first/text.yaml:7: error: versions: 'zh.old' is in the source "
            "language: versions describe translations",
            "content/texts/first/text.yaml:8: error: versions: 'en.other' must be a mapping such "
            "as {label: Revised translation, translator: …}",
        ],
    ),
    "two defaults for one language": (
        META + "versions:\n"
        "  en.literal: {label: L, translator: T, default: true}\n"
        "  en: {label: F, translator: T, default: true}\n",
        LITERAL,
        [
            "content/texts/first/text.yaml:5: error: versions: 'en' and 'en.literal' are both "
            "the default: one translation into a language is shown by default"
        ],
    ),
    "a version missing a passage": (
        META + VERSIONS,
        LITERAL.replace(
            "    {#p2}\n    Construct the new development pattern of "
            "domestic-international double circulation.\n\n",
            "",
        ),
        [
            "content/texts/first/zh.md:7: error: passage 'p2' has no English translation in "
            "en.literal.md (add it, or set partial: true for en.literal under versions in "
            "text.yaml)"
        ],
    ),
    "a version with an id the source lacks": (
        META + VERSIONS,
        LITERAL + "\n    {#p9}\n    Nine.\n",
        [
            "content/texts/first/en.literal.md:13: error: passage 'p9' is not in zh.md: a "
            "translation may only have the source's ids"
        ],
    ),
}


@pytest.mark.parametrize("case", list(VERSION_CASES))
def test_a_version_is_checked_like_a_translation(edition, case):
    meta, literal, expected = VERSION_CASES[case]
    assert run("build").code == 0
    before = tree(edition / "site")
    with_literal(edition, meta, literal)
    result = run("build")
    assert (result.code, result.lines) == (1, expected)
    assert tree(edition / "site") == before
    assert run("check").code == 1


def test_a_version_may_be_partial_and_says_so_on_the_page(edition):
    shorter = LITERAL.replace(
        "    {#p3}\n    The whole-nation system has come from long ago.\n", ""
    )
    with_literal(
        edition,
        META
        + VERSIONS.replace("note: Word for word.\n", "note: Word for word.\n    partial: true\n"),
        shorter,
    )
    result = run("build", "--strict")
    assert (result.code, result.lines) == (0, [])
    page = (edition / "site/texts/first/index.html").read_text()
    p3 = page[page.index('id="p3"') :]
    assert (
        '<div class="rendering untranslated" lang="en" data-lang="en" data-version="en.literal" '
        "data-untranslated>(This passage is not translated yet.)</div>" in p3
    )


def test_a_cross_reference_into_a_version_asks_for_it_and_must_exist(edition):
    with_literal(edition)
    write_files(
        edition,
        {
            "content/texts/notes/en.md": "{#n1}\nAs [the literal one](../first/en.literal.md#p2) "
            "and [the free one](../first/en.md#p2) say.\n\n{#n2}\nMore.\n"
        },
    )
    assert run("build", "--strict").code == 0
    notes = (edition / "site/texts/notes/index.html").read_text()
    assert (
        '<a class="xref" href="../../texts/first/?show=zh,en.literal#p2" data-xref="first#p2" '
        'data-show="zh,en.literal">the literal one</a>' in notes
    )
    assert '<a class="xref" href="../../texts/first/#p2" data-xref="first#p2">the free one</a>' in (
        notes
    )
    page = (edition / "site/texts/first/index.html").read_text()
    assert "Cited in" in page[page.index('id="p2"') : page.index('id="p3"')]
    write_files(
        edition,
        {"content/texts/notes/en.md": "{#n1}\nAs [this](../first/en.lit.md#p2).\n\n{#n2}\nMore.\n"},
    )
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            "content/texts/notes/en.md:2: error: cross-reference to first/en.lit.md, which does "
            "not exist"
        ],
    )


def test_check_reports_a_versions_missing_passages_and_search_knows_each_version(edition):
    with_literal(edition)
    assert run("check").lines == []
    assert run("build").code == 0
    words = json.loads((edition / "site/search/passages/first.json").read_text())
    assert words["languages"]["en.literal"] == {
        "html": "en",
        "label": "English: Literal translation",
        "show": "?show=zh,en.literal",
    }
    assert words["languages"]["en"] == {"html": "en", "label": "English: Free translation"}
    assert words["passages"]["p3"]["text"]["en.literal"] == (
        "The whole-nation system has come from long ago."
    )
    search = (edition / "site/search/index.html").read_text()
    assert (
        '<option value="zzverenliteralzz" data-lang="en" data-version="en.literal">English: '
        "Literal translation</option>" in search
    )


def test_a_vocabulary_list_counts_each_version_in_its_own_column(edition):
    with_literal(edition)
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/vocabulary/index.html").read_text()
    assert re.findall(r'<th scope="col" class="count">([^<]+)</th>', page) == [
        "中文",
        "English: Free translation",
        "English: Literal translation",
    ]
