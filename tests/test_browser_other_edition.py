"""The browser behaviour on an edition written independently of the seed: Classical Chinese in
traditional script with British English, a partial translation, a commentary with notes."""

from __future__ import annotations

TEXT = "texts/xue-er/"


def test_longest_match_glosses_in_both_languages(page, analects_site):
    page.goto(analects_site + TEXT + "#a1-2")
    terms = page.eval_on_selector_all(
        "#a1-2 a.gloss",
        "els => els.map(e => [e.closest('[data-lang]').dataset.lang, e.dataset.term, "
        "e.textContent])",
    )
    assert terms == [
        ["lzh", "xiaodi", "孝弟"],
        ["lzh", "junzi", "君子"],
        ["lzh", "xiaodi", "孝弟"],
        ["lzh", "ren", "仁"],
        ["en", "xiaodi", "filial and fraternal"],
        ["en", "junzi", "superior man"],
        ["en", "xiaodi", "Filial piety and fraternal submission"],
        ["en", "ren", "benevolent actions"],
    ]
    page.locator('#a1-2 [data-lang="lzh"] a.gloss[data-term="xiaodi"]').first.hover()
    assert (
        page.locator(".gloss-card .card-en").inner_text() == "filial piety and fraternal submission"
    )


def test_range_from_a_commentary_lands_and_marks(page, analects_site):
    page.goto(analects_site + "texts/reading-notes/")
    link = page.locator("#c3 a.xref")
    assert link.get_attribute("href") == "../../texts/xue-er/#a1-1..a1-3"
    link.click()
    page.wait_for_url(analects_site + TEXT + "#a1-1..a1-3")
    assert page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)") == [
        "a1-1",
        "a1-2",
        "a1-3",
    ]


def test_preview_and_back_link(page, analects_site):
    page.goto(analects_site + "texts/reading-notes/")
    page.locator("#c1 a.xref").hover()
    page.locator('.xref-card [data-lang="lzh"]').wait_for()
    assert (
        page.locator('.xref-card [data-lang="lzh"]').inner_text().startswith("子曰：「學而時習之")
    )
    page.goto(analects_site + TEXT + "#a1-2")
    assert (
        page.locator("#a1-2 .cited-in").inner_text()
        == "Cited in Reading notes on Book I, passage 2; Reading notes on Book I, passage 3"
    )


def test_views_and_the_untranslated_passage(page, analects_site):
    page.goto(analects_site + TEXT + "?view=en")
    assert (
        page.locator('#a1-4 [data-lang="en"]').inner_text()
        == "(This passage is not translated yet.)"
    )
    page.locator("#a1-4 button.reveal").click()
    assert page.locator('#a1-4 [data-lang="lzh"]').is_visible()
    page.goto(analects_site + TEXT + "?view=lzh")
    assert page.locator('#a1-1 [data-lang="en"]').is_hidden()
