"""Sentence by sentence in headless Chromium: hovering, focusing or tapping a sentence lights it
and its counterparts in the other renderings of its passage, in parallel and interlinear views."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

TEXT = "texts/new-nationwide-system/"
COMMENTARY = "?show=zh,en"  # the seed's Chinese documents with the commentary's translation

LIT = """passage => [...document.querySelectorAll(`#${passage} [data-lit]`)]
    .filter(e => e.offsetParent).map(
    e => [e.closest('[data-lang]').dataset.lang, e.dataset.s, e.textContent.slice(0, 12)])"""


def open_page(page, address: str) -> None:
    """Open a page and wait until it shows the renderings its address asks for."""
    page.goto(address)
    if "show=" in address:
        shown = address.split("show=")[1].split("#")[0].split("&")[0].replace(",", " ")
        expect(page.locator("#passage_list")).to_have_attribute("data-chosen", shown)


def lit(page, passage: str) -> list[list[str]]:
    return page.evaluate(LIT, passage)


def point(page, selector: str) -> tuple[float, float]:
    """A point on the first word of a sentence (a sentence wraps: its box's centre may lie in
    another), scrolled into view."""
    page.locator(selector).first.scroll_into_view_if_needed()
    box = page.eval_on_selector(
        selector, "e => { const r = e.getClientRects()[0]; return [r.left, r.top, r.height]; }"
    )
    return box[0] + 4, box[1] + box[2] / 2


def hover(page, selector: str) -> None:
    page.mouse.move(*point(page, selector))


def tap(phone, selector: str) -> None:
    phone.touchscreen.tap(*point(phone, selector))


def background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


@pytest.mark.parametrize("view", ["parallel", "interlinear"])
def test_hovering_a_sentence_lights_its_translation(page, seed_site, view):
    open_page(page, f"{seed_site}{TEXT}{COMMENTARY}&view={view}")
    before = background(page, '#p2-2 [data-lang="zh"] [data-s="2"]')
    hover(page, '#p2-2 [data-lang="zh"] [data-s="2"]')
    expect(page.locator("#p2-2 [data-lit]:visible")).to_have_count(3)
    assert lit(page, "p2-2") == [
        ["zh", "2", "让市场在资源配置中起决定"],
        ["en", "2", "Let the mark"],
        ["en", "2", "This is the "],
    ]
    assert background(page, '#p2-2 [data-version="en"] [data-s="2"]') != before
    # the pointer moves on to a translation's sentence: its own pair is lit instead
    hover(page, '#p2-2 [data-version="en"] [data-s="4"]')
    expect(page.locator('#p2-2 [data-lang="zh"] [data-s="4"][data-lit]')).to_have_count(1)
    assert [row[:2] for row in lit(page, "p2-2")] == [["zh", "4"], ["en", "4"]]
    hover(page, "h1")
    expect(page.locator("[data-lit]")).to_have_count(0)


def test_a_sentence_paired_with_two_lights_both(page, seed_site):
    open_page(page, seed_site + "texts/psc-meeting-2020-05-14/" + COMMENTARY)
    hover(page, '#p1 [data-version="en"] [data-s="1"]')
    expect(page.locator("#p1 [data-lit]:visible")).to_have_count(3)
    assert lit(page, "p1") == [
        ["zh", "1", "新华社北京5月14日电 "],
        ["en", "1", "Xinhua News "],
        ["en", "1", "The Standing"],
    ]


def test_the_keyboard_reaches_each_sentence_and_lights_its_pair(page, seed_site):
    open_page(page, seed_site + TEXT + COMMENTARY)
    page.locator("#p2-2 .passage-tools button", has_text="Cite").focus()  # before the renderings
    page.keyboard.press("Tab")  # focused perhaps before the script is loaded: lit once it is
    assert page.evaluate("document.activeElement.dataset.s") == "1"
    expect(page.locator("#p2-2 [data-lit]:visible")).to_have_count(2)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("让市场在资源配置中")
    expect(page.locator("#p2-2 [data-lit]:visible")).to_have_count(3)
    assert [row[:2] for row in lit(page, "p2-2")] == [["zh", "2"], ["en", "2"], ["en", "2"]]
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#p2-2 [data-lit]:visible")).to_have_count(2)
    assert [row[:2] for row in lit(page, "p2-2")] == [["zh", "1"], ["en", "1"]]


def test_tapping_a_sentence_on_a_phone_lights_its_pair(phone, seed_site):
    open_page(phone, seed_site + TEXT + COMMENTARY)
    tap(phone, '#p2-2 [data-lang="zh"] [data-s="1"]')
    expect(phone.locator("#p2-2 [data-lit]:visible")).to_have_count(2)
    assert lit(phone, "p2-2") == [
        ["zh", "1", "与市场机制充分结合。"],
        ["en", "1", "Fully integr"],
    ]
    tap(phone, '#p2-3 [data-version="en"] [data-s="2"]')
    expect(phone.locator("#p2-3 [data-lit]:visible")).to_have_count(2)
    assert [row[:2] for row in lit(phone, "p2-3")] == [["zh", "2"], ["en", "2"]]
    assert phone.locator("[data-lit]:visible").count() == 2


def test_classical_chinese_in_traditional_script_pairs_with_its_english(page, classics_site):
    page.goto(classics_site + "texts/sunzi/")
    hover(page, '#p26 [data-lang="zh"] [data-s="1"]')
    expect(page.locator("#p26 [data-lit]:visible")).to_have_count(3)
    assert lit(page, "p26") == [
        ["zh", "1", "夫未戰而廟算勝者，得算多"],
        ["en", "1", "Now the gene"],
        ["en", "1", "The general "],
    ]
