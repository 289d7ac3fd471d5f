"""Reading a text in headless Chromium: views and their memory, arrival at passages, previews,
copying links."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

TEXT = "texts/new-nationwide-system/"
PAGES = [
    "",
    "texts/dual-circulation-commentary/",
    TEXT,
    "texts/psc-meeting-2020-05-14/",
    "texts/psc-meeting-2020-05-14/vocabulary/",
    "glossary/",
    "search/",
    "404.html",
]


def visible_languages(page, passage: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{passage} [data-lang]",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.lang)",
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_console_errors(page, seed_site, path):
    page.goto(seed_site + path)
    page.wait_for_load_state("networkidle")
    assert page.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_a_phone(phone, seed_site, path):
    phone.goto(seed_site + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_parallel_is_the_default_with_both_languages_side_by_side(page, seed_site):
    page.goto(seed_site + TEXT)
    assert visible_languages(page, "p2-1") == ["zh", "en"]
    zh, en = (
        page.locator("#p2-1 [data-lang=zh]").bounding_box(),
        page.locator("#p2-1 [data-version='en.revised']").bounding_box(),
    )
    assert zh["y"] == en["y"] and zh["x"] < en["x"]


def test_one_language_view_is_remembered_and_reveal_shows_the_other(page, seed_site):
    page.goto(seed_site + TEXT)
    page.get_by_role("button", name="English", exact=True).click()
    assert visible_languages(page, "p2-1") == ["en"]
    page.reload()
    assert visible_languages(page, "p2-1") == ["en"]
    assert (
        page.get_by_role("button", name="English", exact=True).get_attribute("aria-pressed")
        == "true"
    )
    reveal = page.locator("#p2-1 button.reveal")
    assert reveal.inner_text() == "Show 中文"
    reveal.click()
    assert visible_languages(page, "p2-1") == ["zh", "en"]
    assert visible_languages(page, "p2-2") == ["en"]
    assert (reveal.inner_text(), reveal.get_attribute("aria-expanded")) == ("Hide 中文", "true")
    assert page.locator("#s2 button.reveal").is_hidden()  # a heading needs no reveal


def test_view_in_the_address_sets_and_remembers_the_mode(page, seed_site):
    page.goto(seed_site + TEXT + "?view=interlinear")
    zh, en = (
        page.locator("#p2-1 [data-lang=zh]").bounding_box(),
        page.locator("#p2-1 [data-version='en.revised']").bounding_box(),
    )
    assert en["y"] > zh["y"] and abs(en["x"] - zh["x"]) < 1
    page.goto(seed_site + "texts/psc-meeting-2020-05-14/")
    assert page.locator("#passage_list").get_attribute("data-view") == "interlinear"
    page.goto(seed_site + TEXT + "?view=zh")
    assert visible_languages(page, "lead") == ["zh"]


def test_parallel_becomes_one_column_on_a_phone(phone, seed_site):
    phone.goto(seed_site + TEXT)
    zh, en = (
        phone.locator("#p2-1 [data-lang=zh]").bounding_box(),
        phone.locator("#p2-1 [data-version='en.revised']").bounding_box(),
    )
    assert en["y"] > zh["y"]


def test_arrival_marks_one_passage(page, seed_site):
    page.goto(seed_site + TEXT + "#p2-1")
    marked = page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)")
    assert marked == ["p2-1"]
    assert page.evaluate(
        "Math.abs(document.getElementById('p2-1').getBoundingClientRect().top) < 200"
    )
    page.get_by_role("button", name="Remove the highlight").click()
    assert page.locator(".is-target").count() == 0


def test_arrival_marks_a_whole_range(page, seed_site):
    page.goto(seed_site + TEXT + "#p2-1..p2-3")
    assert page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)") == [
        "p2-1",
        "p2-2",
        "p2-3",
    ]


def test_cross_reference_preview_shows_the_target_passage(page, seed_site):
    page.goto(seed_site + "texts/dual-circulation-commentary/")
    link = page.locator('#p10 a.xref[data-xref="new-nationwide-system#p2-1"]').first
    assert link.get_attribute("href") == "../../texts/new-nationwide-system/#p2-1"
    link.hover()
    card = page.locator(".xref-card")
    card.locator('[data-lang="zh"]').wait_for()
    assert (
        card.locator('[data-lang="zh"]')
        .inner_text()
        .startswith("新型举国体制以国家发展和国家安全为根本目标")
    )
    assert (
        card.locator('[data-lang="en"]')
        .inner_text()
        .startswith("The new nationwide system takes national development")
    )


def test_cited_passage_links_back_to_the_commentary(page, seed_site):
    page.goto(seed_site + TEXT + "#p2-1")
    back = page.locator("#p2-1 .cited-in a")
    assert back.first.get_attribute("href") == "../../texts/dual-circulation-commentary/#p10"
    back.first.click()
    page.wait_for_url(seed_site + "texts/dual-circulation-commentary/#p10")
    assert page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)") == ["p10"]


def test_copy_link_and_range(chromium, seed_site):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(seed_site + TEXT)
    page.locator("#p2-3").hover()
    expect(page.locator("#p2-3 .passage-tools button", has_text="Range")).to_be_hidden()
    page.locator("#p2-1").hover()
    page.locator("#p2-1 .passage-tools button", has_text="Link").click()
    expect(page.locator("#live_status")).to_have_text("Link to passage 2.1 copied")
    assert page.evaluate("navigator.clipboard.readText()") == seed_site + TEXT + "#p2-1"
    expect(page.locator("#p2-1 .passage-tools button", has_text="Range")).to_be_hidden()
    # Clicked again while it says Copied, the button still comes back to its name.
    link = page.locator("#p2-1 .passage-tools button").first
    link.click()
    expect(link).to_have_text("Copied")
    link.click()
    expect(link).to_have_text("Link")
    page.wait_for_timeout(2000)  # past every "Copied" the clicks set off (1.5 s each)
    expect(link).to_have_text("Link", timeout=1)
    page.locator("#p2-3").hover()
    page.locator("#p2-3 .passage-tools button", has_text="Link").click(modifiers=["Shift"])
    expect(page.locator("#live_status")).to_have_text("Link to passages 2.1–2.3 copied")
    assert page.evaluate("navigator.clipboard.readText()") == seed_site + TEXT + "#p2-1..p2-3"
    # Without the shift key: the passage's own Range, from the passage whose link was copied.
    page.locator("#p2-4").hover()
    range_button = page.locator("#p2-4 .passage-tools button", has_text="Range")
    expect(range_button).to_have_attribute("title", "Copy a link to passages 2.1–2.4")
    range_button.click()
    expect(page.locator("#live_status")).to_have_text("Link to passages 2.1–2.4 copied")
    assert page.evaluate("navigator.clipboard.readText()") == seed_site + TEXT + "#p2-1..p2-4"
    # A heading is one line: its tools reach below it, and still take the click.
    page.locator("#s3").hover()
    page.locator("#s3 .passage-tools button", has_text="Range").click(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == seed_site + TEXT + "#p2-1..s3"
    # A shift-click on Cite cites the range, and Range then cites too.
    page.locator("#p2-3").hover()
    page.locator("#p2-3 .passage-tools button", has_text="Cite").click(modifiers=["Shift"])
    expect(page.locator("#live_status")).to_have_text("Citation of passages 2.1–2.3 copied")
    assert ", passages 2.1–2.3. " in page.evaluate("navigator.clipboard.readText()")
    expect(page.locator("#p2-2 .passage-tools button", has_text="Range")).to_have_attribute(
        "title", "Copy a citation of passages 2.1–2.2"
    )
    page.locator("#p2-3 .passage-tools button", has_text="Cite").click()
    expect(page.locator("#live_status")).to_have_text("Citation of passage 2.3 copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Central Party School (National School of Administration) Xi Jinping Research Center for "
        "Socialism with "
        "Chinese Characteristics in the New Era, “完善关键核心技术攻关的新型举国体制” "
        "(Improve the new national "
        "system "
        "for key core technology research), Guangming Daily, 20 March 2020, translated by the "
        "editors of this edition, passage 2.3. " + seed_site + TEXT + "#p2-3"
    )
    cited = page.evaluate("navigator.clipboard.readText()")
    # After a citation, Range cites: here from 2.3 back to 2.2.
    page.locator("#p2-2").hover()
    range_button = page.locator("#p2-2 .passage-tools button", has_text="Range")
    expect(range_button).to_have_attribute("title", "Copy a citation of passages 2.2–2.3")
    range_button.click()
    expect(page.locator("#live_status")).to_have_text("Citation of passages 2.2–2.3 copied")
    assert page.evaluate("navigator.clipboard.readText()") == cited.replace(
        ", passage 2.3. ", ", passages 2.2–2.3. "
    ).replace("#p2-3", "#p2-2..p2-3")
    context.close()


def test_a_range_link_on_a_phone_is_two_taps_on_two_passages(phone, seed_site):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    phone.goto(seed_site + TEXT)
    phone.locator("#p2-1 .passage-label").tap()
    phone.locator("#p2-1 .passage-tools button", has_text="Link").tap()
    expect(phone.locator("#live_status")).to_have_text("Link to passage 2.1 copied")
    phone.locator("#p2-3 .passage-label").tap()
    phone.locator("#p2-3 .passage-tools button", has_text="Range").tap()
    expect(phone.locator("#live_status")).to_have_text("Link to passages 2.1–2.3 copied")
    assert phone.evaluate("navigator.clipboard.readText()") == seed_site + TEXT + "#p2-1..p2-3"
    phone.goto(seed_site + TEXT + "#p2-1..p2-3")
    marked = phone.eval_on_selector_all(".is-target", "els => els.map(e => e.id)")
    assert marked == ["p2-1", "p2-2", "p2-3"]


def test_dark_mode_follows_the_system_and_the_toggle(chromium, seed_site):
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(seed_site)
    dark_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark_background == "rgb(23, 22, 20)"
    toggle = page.get_by_role("button", name="Dark mode")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 252, 248)"
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 252, 248)"
    context.close()


def test_slash_focuses_the_search_box(page, seed_site):
    page.goto(seed_site + TEXT)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site_search_box"


def test_a_label_from_the_margin_works_as_an_address(page, seed_site):
    page.goto(seed_site + TEXT + "#2.1..2.2")
    assert page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)") == ["p2-1", "p2-2"]


def test_an_unknown_passage_is_said_in_words(page, seed_site):
    page.goto(seed_site + TEXT + "#p9")
    assert (
        page.locator(".notice").inner_text()
        == "This text has no passage “p9”. Its passages are numbered in the margin."
    )
    page.goto(seed_site + TEXT + "#100%")  # a malformed address breaks nothing
    assert (
        page.locator(".notice").inner_text()
        == "This text has no passage “100%”. Its passages are numbered in the margin."
    )


def test_arrival_in_a_one_language_view_shows_the_passage_in_every_language(page, seed_site):
    page.goto(seed_site + TEXT + "?view=en#p2-1")
    assert visible_languages(page, "p2-1") == ["zh", "en"]
    assert visible_languages(page, "p2-2") == ["en"]


def test_choosing_a_view_updates_the_address(page, seed_site):
    page.goto(seed_site + TEXT + "?view=zh")
    page.get_by_role("button", name="English", exact=True).click()
    assert page.url == seed_site + TEXT + "?view=en"
    page.reload()
    assert visible_languages(page, "lead") == ["en"]


def test_without_javascript_no_dead_controls_are_shown(chromium, seed_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seed_site + TEXT)
    assert page.locator("#view_controls").is_hidden()
    assert page.locator("#version_picker").is_hidden()
    # Every translation is there to read, since the picker cannot be used.
    assert visible_languages(page, "p2-1") == ["zh", "en", "en"]
    page.goto(seed_site + "search/")
    assert page.locator("#search_filters").is_hidden()
    context.close()


def test_printing_in_dark_mode_prints_dark_text_on_white(chromium, seed_site):
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(seed_site + TEXT)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.locator(".print-source").is_visible()
    # A handout carries the text, not the screen's controls and links onward.
    for control in ["#version_picker", ".text-links", ".cited-in >> nth=0", ".view-controls"]:
        assert page.locator(control).is_hidden(), control
    context.close()
