"""The classics edition in a browser: a glossary headword in simplified characters, and a
search in either script, find the traditional Sunzi."""

from __future__ import annotations

from test_browser_search import search


def test_a_traditional_term_is_found_in_either_script(page, classics_site):
    for query in ("詭道", "诡道"):
        assert "../texts/sunzi/#p18" in search(page, classics_site, query)
    link = page.locator('a[href="../texts/sunzi/#p18"]')
    passage = page.locator("#search_results li.result", has=link)
    result = passage.first
    assert result.locator("mark").first.inner_text() == "詭道"  # marked as the text writes it


def test_an_english_rendering_finds_the_temple_calculations(page, classics_site):
    assert "../texts/sunzi/#p26" in search(page, classics_site, "calculations in the temple")


def test_verse_reads_as_lines(page, classics_site):
    page.goto(classics_site + "texts/daodejing/#p1-3")
    verse = page.locator('#p1-3 [data-lang="en"] p.verse')
    assert verse.inner_text().split("\n") == [
        "Always without desire we must be found,",
        "If its deep mystery we would sound;",
        "But if desire always within us be,",
        "Its outer fringe is all that we shall see.",
    ]
