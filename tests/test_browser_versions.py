"""Several translations in headless Chromium: the picker, ?show=, remembering, the compare view on
a desktop and a phone, cross-references into a version, and search by either translation."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from conftest import ROOT, served_edition

TEXT = "texts/new-nationwide-system/"


def shown(page, passage: str) -> list[str]:
    """The renderings of a passage the reader sees, in the order they stand."""
    return page.eval_on_selector_all(
        f"#{passage} .rendering",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.version)",
    )


def chosen(page, versions: str) -> None:
    """Wait until the page shows these renderings (versions.js may still be on its way)."""
    expect(page.locator("#passage_list")).to_have_attribute("data-chosen", versions)


def columns(page, passage: str) -> list[tuple[int, int]]:
    """(left, top) of each rendering shown, in the order they stand."""
    return page.eval_on_selector_all(
        f"#{passage} .rendering",
        "els => els.filter(e => e.offsetParent !== null).map(e => {"
        " const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)]; })",
    )


def test_the_page_shows_the_chinese_with_the_revised_translation_and_says_who_translated(
    page, seed_site
):
    page.goto(seed_site + TEXT)
    assert shown(page, "p2-1") == ["zh", "en.revised"]
    picker = page.locator("#version_picker")
    expect(picker).to_be_visible()
    expect(picker.locator("label[data-version='en.revised']")).to_have_text(
        "Revised translation (this edition) by the editors of this edition"
    )
    expect(picker.locator("label[data-version='en']")).to_have_text(
        "As published in the commentary (2020) by Larry Catá Backer"
    )
    # Side by side: two columns, the Chinese on the left.
    (zh_left, zh_top), (en_left, en_top) = columns(page, "p2-1")
    assert zh_top == en_top and zh_left < en_left


def test_picking_a_translation_shows_it_and_is_remembered(page, seed_site):
    page.goto(seed_site + TEXT)
    page.locator("#version_picker input[value='en.revised']").uncheck()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    assert shown(page, "p2-1") == ["zh", "en"]
    expect(page.locator("#live_status")).to_have_text(
        "Shown: 中文, As published in the commentary (2020)"
    )
    page.goto(seed_site + "texts/psc-meeting-2020-05-14/")
    assert shown(page, "p6") == ["zh", "en"]
    page.goto(seed_site + TEXT)
    assert shown(page, "p2-1") == ["zh", "en"]
    assert page.locator("#version_picker input[value='en']").is_checked()
    assert not page.locator("#version_picker input[value='en.revised']").is_checked()


def captions(page, passage: str) -> list[str]:
    """The caption written above each rendering shown (CSS content: "none" when there is none)."""
    return page.eval_on_selector_all(
        f"#{passage} .rendering",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => getComputedStyle(e, '::before').content)",
    )


def test_the_last_rendering_shown_cannot_be_unticked(page, seed_site):
    page.goto(seed_site + TEXT)
    source = page.locator("#version_picker input[value='zh']")
    page.locator("#version_picker input[value='en.revised']").uncheck()
    chosen(page, "zh")
    expect(source).to_be_disabled()
    expect(source).to_be_checked()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    expect(source).to_be_enabled()


def test_the_compare_view_is_three_columns_on_a_desktop(page, seed_site):
    page.goto(seed_site + TEXT)
    page.locator("#version_picker input[value='en']").check()  # beside the revised one
    chosen(page, "zh en.revised en")
    assert shown(page, "p2-1") == ["zh", "en.revised", "en"]
    places = columns(page, "p2-1")
    assert len({top for _, top in places}) == 1  # one row
    assert places[0][0] < places[1][0] < places[2][0]  # three columns, the source first
    # Two English translations: each says which it is; the Chinese needs no such word.
    assert captions(page, "p2-1") == [
        "none",
        '"Revised translation (this edition)"',
        '"As published in the commentary (2020)"',
    ]
    # Interlinear with all three: one column, in the same order.
    page.locator("[data-view=interlinear]").click()
    places = columns(page, "p2-1")
    assert len({left for left, _ in places}) == 1 and places[0][1] < places[1][1] < places[2][1]


def test_the_compare_view_is_stacked_on_a_phone(phone, seed_site):
    phone.goto(seed_site + TEXT + "?show=zh,en.revised,en")
    chosen(phone, "zh en.revised en")
    assert shown(phone, "p2-1") == ["zh", "en.revised", "en"]
    places = columns(phone, "p2-1")
    assert len({left for left, _ in places}) == 1 and places[0][1] < places[1][1] < places[2][1]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_show_in_the_address_gives_exactly_these_renderings_in_this_order(page, seed_site):
    page.goto(seed_site + TEXT + "?show=en,zh")
    chosen(page, "en zh")
    assert shown(page, "p2-1") == ["en", "zh"]
    page.goto(seed_site + TEXT + "?show=zh,en.nonexistent")  # a version this text lacks
    chosen(page, "zh en.revised")
    assert shown(page, "p2-1") == ["zh", "en.revised"]
    # An address is for one visit: the reader's own choice is not replaced by it.
    page.goto(seed_site + TEXT)
    assert shown(page, "p2-1") == ["zh", "en.revised"]


def test_a_cross_reference_into_a_version_lands_showing_it(page, seed_site):
    page.goto(seed_site + "texts/dual-circulation-commentary/")
    link = page.locator("a.xref[href*='show=zh,en']").first
    expect(link).to_have_attribute("href", "../../texts/new-nationwide-system/?show=zh,en#p2-1")
    link.hover()
    card = page.locator(".xref-card")
    expect(card.locator(".rendering")).to_have_count(2)
    assert card.locator(".rendering").evaluate_all("els => els.map(e => e.dataset.version)") == [
        "zh",
        "en",
    ]
    link.click()
    page.wait_for_url("**/new-nationwide-system/?show=zh,en#p2-1")
    chosen(page, "zh en")
    expect(page.locator("#p2-1")).to_have_class(re.compile(r"\bis-target\b"))
    assert shown(page, "p2-1") == ["zh", "en"]


def test_a_citation_names_the_translator_of_the_translation_shown(page, seed_site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(seed_site + TEXT)
    page.locator("#p2-1 .passage-tools button").nth(1).click()
    cited = page.evaluate("navigator.clipboard.readText()")
    assert cited.startswith(
        "Central Party School (National School of Administration) Xi Jinping Research Center"
    )
    assert ", translated by the editors of this edition, passage 2.1. " in cited
    assert cited.endswith("/texts/new-nationwide-system/#p2-1")
    page.locator("#version_picker input[value='en.revised']").uncheck()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    page.locator("#p2-1 .passage-tools button").nth(1).click()
    cited = page.evaluate("navigator.clipboard.readText()")
    assert ", translated by Larry Catá Backer, passage 2.1. " in cited
    assert cited.endswith("/texts/new-nationwide-system/?show=zh,en#p2-1")
    assert captions(page, "p2-1") == ["none", "none"]  # one English translation: no caption
    # Both translations shown: each translator named with the translation that is theirs.
    page.locator("#version_picker input[value='en.revised']").check()
    chosen(page, "zh en.revised en")
    page.locator("#p2-1 .passage-tools button").nth(1).click()
    cited = page.evaluate("navigator.clipboard.readText()")
    assert (
        ", translated by the editors of this edition (Revised translation (this edition)); "
        "Larry Catá Backer (As published in the commentary (2020)), passage 2.1. " in cited
    )


def test_a_printed_page_names_the_translator_and_the_address_of_what_it_shows(page, seed_site):
    page.goto(seed_site + TEXT)
    page.emulate_media(media="print")
    source = page.locator(".print-source")
    expect(source).to_be_visible()
    canonical = "https://example.github.io/dual-circulation/texts/new-nationwide-system/"
    first = source.inner_text()
    assert first.endswith(", translated by the editors of this edition. " + canonical)
    page.emulate_media(media="screen")
    page.locator("#version_picker input[value='en.revised']").uncheck()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    page.emulate_media(media="print")
    expect(source).to_have_text(
        first.replace("the editors of this edition", "Larry Catá Backer") + "?show=zh,en"
    )
    # Opened from such an address, the page prints the same line.
    page.goto(seed_site + TEXT + "?show=zh,en")
    chosen(page, "zh en")
    expect(source).to_have_text(
        first.replace("the editors of this edition", "Larry Catá Backer") + "?show=zh,en"
    )


def test_a_translations_notes_show_only_with_it(page, seed_site):
    page.goto(seed_site + TEXT)
    note = page.locator("#orig-title .notes li")  # a note of the revised translation's
    expect(note).to_have_text(re.compile('^"Tackling key problems" renders 攻关'))
    expect(note).to_be_visible()
    page.locator("#version_picker input[value='en.revised']").uncheck()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    expect(note).to_be_hidden()
    expect(page.locator("#orig-title .notes")).to_be_hidden()
    page.locator("#version_picker input[value='en.revised']").check()
    chosen(page, "zh en.revised en")
    expect(note).to_be_visible()


@pytest.fixture(scope="module")
def noted_site(tmp_path_factory):
    """The seed with a note in the translation not shown by default (Backer's, en.md)."""
    source = tmp_path_factory.mktemp("noted-source")
    shutil.copytree(ROOT / "content", source / "content")
    shutil.copy(ROOT / "glossary.yaml", source / "glossary.yaml")
    english = source / "content/texts/new-nationwide-system/en.md"
    title = "Original title: A new nationwide system for improving key core technologies"
    english.write_text(
        english.read_text().replace(title, title + "[^t]", 1)
        + "\n[^t]: Backer's own title for the article.\n"
    )
    base, server, _ = served_edition(tmp_path_factory, source, "/noted/")
    yield base
    server.shutdown()


def test_the_notes_of_a_translation_not_shown_are_not_shown(page, noted_site):
    page.goto(noted_site + TEXT)
    backer = page.locator("#orig-title .notes li", has_text="Backer's own title")
    revised = page.locator("#orig-title .notes li", has_text="Tackling key problems")
    expect(revised).to_be_visible()
    expect(backer).to_be_hidden()
    page.locator("#version_picker input[value='en.revised']").uncheck()
    page.locator("#version_picker input[value='en']").check()
    chosen(page, "zh en")
    expect(backer).to_be_visible()
    expect(revised).to_be_hidden()


def test_search_finds_a_passage_by_either_translation_and_says_which(page, seed_site):
    # Words of passage 2.1 in the commentary's translation, then in the revised one.
    page.goto(seed_site + "search/?q=" + "concentration of strength")
    results = page.locator(".result")
    expect(results.first).to_be_visible()
    where = page.locator(".result .result-where").all_text_contents()
    assert (
        "Guangming Daily, 20 March 2020, passage 2.1 (English: As published in the commentary "
        "(2020))" in where
    )
    page.goto(seed_site + "search/?q=" + "concentration of forces")
    expect(page.locator(".result").first).to_be_visible()
    where = page.locator(".result .result-where").all_text_contents()
    assert (
        "Guangming Daily, 20 March 2020, passage 2.1 (English: Revised translation (this "
        "edition))" in where
    )
    page.locator(".result a", has_text="Revised translation").first.click()
    page.wait_for_url("**/texts/new-nationwide-system/#p2-1")
    assert shown(page, "p2-1") == ["zh", "en.revised"]


def test_search_filters_by_version(page, seed_site):
    page.goto(seed_site + "search/?q=" + "new nationwide system")
    expect(page.locator(".result").first).to_be_visible()
    page.select_option("#filter_language", label="English: Revised translation (this edition)")
    expect(page.locator(".result").first).to_be_visible()
    where = page.locator(".result .result-where").all_text_contents()
    passages = [w for w in where if not w.startswith("Glossary: ")]
    assert passages and all("(English: Revised translation (this edition))" in w for w in passages)


def test_a_sentence_lights_its_counterparts_in_every_translation_shown(page, seed_site):
    page.goto(seed_site + TEXT + "?show=zh,en.revised,en")
    chosen(page, "zh en.revised en")
    page.locator("#p2-2 [data-version='zh'] [data-s='2']").hover()
    lit = page.locator("#p2-2 [data-lit]")
    expect(lit).to_have_count(4)  # the commentary's translation cut the sentence in two
    assert lit.evaluate_all(
        "els => els.map(e => [e.closest('[data-version]').dataset.version, e.dataset.s])"
    ) == [["zh", "2"], ["en.revised", "2"], ["en", "2"], ["en", "2"]]
