"""Bounds: no input within the size limits makes an unbounded page or takes unbounded memory."""

from __future__ import annotations

import json

from conftest import run, write_files


def occurrences(edition, entry_id: str) -> list[tuple[str, str]]:
    data = json.loads((edition / "site/edition.json").read_text())
    entry = next(e for e in data["glossary"] if e["id"] == entry_id)
    return [(o["passage"], o["lang"]) for o in entry["occurrences"] if o["text"] == "first"]


def test_a_file_glosses_a_bounded_number_of_occurrences(edition, monkeypatch):
    from edition import markdown as markdown_rules

    monkeypatch.setattr(markdown_rules, "GLOSS_LIMIT", 3)  # the Chinese file has exactly 3
    write_files(
        edition,
        {
            "content/texts/first/en.md": """\
        {#s1}
        ## 1

        {#p1}
        The new nationwide system aims at national development.

        {#p2}
        A new nationwide system, and again the new nationwide system.

        {#p3}
        The new nationwide system is old.
        """
        },
    )
    result = run("build")
    assert (result.code, result.lines) == (
        0,
        [
            "content/texts/first/en.md:11: warning: more than 3 glossary occurrences in this "
            "file: the text"
            " from this line on is not glossed (is a glossary form a common word, or a single "
            "letter?)",
        ],
    )
    english = [o for o in occurrences(edition, "xinxing-juguo-tizhi") if o[1] == "en"]
    assert english == [("p1", "en"), ("p2", "en"), ("p2", "en")]
    page = (edition / "site/texts/first/index.html").read_text()
    assert (
        '<div class="rendering" lang="en" data-lang="en" data-version="en"><p><span data-s="1">'
        "The new nationwide system is old.</span></p>" in page
    )
    assert run("build", "--strict").code == 1


def test_a_single_letter_form_is_a_warning(edition):
    write_files(
        edition,
        {
            "glossary.yaml": """\
        xinxing-juguo-tizhi:
          zh: 新型举国体制
          en: new nationwide system
          variants: {en: [a]}
          definition: A state-led way of organising research.
        """
        },
    )
    result = run("check")
    assert (result.code, result.lines) == (
        0,
        [
            "glossary.yaml:1: warning: entry 'xinxing-juguo-tizhi': the form 'a' is a single "
            "letter and"
            " glosses that letter wherever it stands as a word",
        ],
    )
    assert run("check", "--strict").code == 1
