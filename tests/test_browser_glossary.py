"""Gloss cards in headless Chromium: hover, keyboard focus, tap, Escape."""

from __future__ import annotations

TEXT = "texts/new-nationwide-system/"


def first_gloss(page, term: str, version: str = "zh", within: str = ""):
    return page.locator(f'{within} [data-version="{version}"] a.gloss[data-term="{term}"]').first


def test_hover_opens_the_card_and_leaving_closes_it(page, seed_site):
    page.goto(seed_site + TEXT)
    term = first_gloss(page, "xinxing-juguo-tizhi")
    term.hover()
    card = page.locator(".gloss-card")
    card.wait_for()
    assert card.get_attribute("role") == "tooltip"
    assert card.locator(".card-head").inner_text() == "新型举国体制xīnxíng jǔguó tǐzhì"
    assert card.locator(".card-en").inner_text() == "new nationwide system"
    assert card.locator("a").get_attribute("href") == "../../glossary/#xinxing-juguo-tizhi"
    assert term.get_attribute("aria-describedby") == card.get_attribute("id")
    page.mouse.move(5, 5)
    card.wait_for(state="detached")


def test_english_rendering_is_glossed_with_the_same_entry(page, seed_site):
    page.goto(seed_site + TEXT + "#p2-1")
    term = first_gloss(page, "xinxing-juguo-tizhi", "en.revised", "#p2-1")
    assert term.inner_text() == "new nationwide system"
    term.hover()
    assert page.locator(".gloss-card .card-head strong").inner_text() == "新型举国体制"


def test_keyboard_focus_opens_and_escape_closes(page, seed_site):
    page.goto(seed_site + TEXT)
    term = first_gloss(page, "guanjian-hexin-jishu")
    term.focus()
    page.locator(".gloss-card").wait_for()
    assert page.locator(".gloss-card .card-en").inner_text() == "key core technologies"
    page.keyboard.press("Escape")
    page.locator(".gloss-card").wait_for(state="detached")
    assert page.evaluate("document.activeElement.dataset.term") == "guanjian-hexin-jishu"


def test_closing_the_card_with_its_button_gives_the_focus_back_to_the_term(phone, seed_site):
    phone.goto(seed_site + TEXT)
    first_gloss(phone, "guanjian-hexin-jishu").tap()
    phone.locator(".gloss-card .card-close").tap()  # (a touch screen's card has one)
    phone.locator(".gloss-card").wait_for(state="detached")
    focused = "document.activeElement.dataset.term === 'guanjian-hexin-jishu'"
    phone.wait_for_function(focused)
    assert phone.url == seed_site + TEXT
    assert phone.locator(".gloss-card").count() == 0  # and its card stays closed


def test_tap_opens_the_card_on_a_phone_and_stays_on_screen(phone, seed_site):
    phone.goto(seed_site + TEXT)
    terms = phone.locator('[data-version="en.revised"] a.gloss')
    # the right-most term on screen is the hardest case for keeping the card inside the viewport
    boxes = [(terms.nth(i).bounding_box(), i) for i in range(min(terms.count(), 40))]
    _, rightmost = max((box["x"] + box["width"], i) for box, i in boxes if box)
    term = terms.nth(rightmost)
    term.tap()
    card = phone.locator(".gloss-card")
    card.wait_for()
    assert (
        phone.url == seed_site + TEXT
    )  # the first tap opens the card, it does not follow the link
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    phone.locator("h1").tap()  # a tap elsewhere closes it
    card.wait_for(state="detached")


def test_second_tap_follows_the_link_to_the_entry(phone, seed_site):
    phone.goto(seed_site + TEXT)
    term = first_gloss(phone, "xinxing-juguo-tizhi")
    term.tap()
    phone.locator(".gloss-card").wait_for()
    term.tap()
    phone.wait_for_url(seed_site + "glossary/#xinxing-juguo-tizhi")


def test_without_javascript_a_term_is_a_link_to_its_entry(chromium, seed_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seed_site + TEXT)
    first_gloss(page, "xinxing-juguo-tizhi").click()
    page.wait_for_url(seed_site + "glossary/#xinxing-juguo-tizhi")
    assert page.locator("#xinxing-juguo-tizhi[data-entry] .headword").inner_text() == "新型举国体制"
    context.close()


def test_card_content_is_not_in_the_passage(page, seed_site):
    page.goto(seed_site + TEXT)
    first_gloss(page, "xinxing-juguo-tizhi").hover()
    page.locator(".gloss-card").wait_for()
    assert page.locator("#p2-1 .gloss-card").count() == 0
    assert "A model for mobilising" not in page.locator("#passage_list").inner_text()


def lit(page, passage: str) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        f"#{passage} .term-lit",
        "els => els.filter(e => e.offsetParent && e.closest('[data-version]'))"
        ".map(e => [e.closest('[data-version]').dataset.version, e.textContent])",
    )


def test_hovering_a_chinese_term_lights_its_english_rendering(page, seed_site):
    page.goto(seed_site + "texts/psc-meeting-2020-05-14/#p6")
    page.locator('#p6 [data-version="zh"] a.gloss[data-term="guonei-guoji-shuang-xunhuan"]').hover()
    assert lit(page, "p6") == [
        ["zh", "国内国际双循环"],
        ["en.revised", "domestic and international dual circulation"],
    ]
    page.keyboard.press("Escape")
    assert lit(page, "p6") == []


def test_focusing_an_english_term_lights_the_chinese_in_interlinear_view(page, seed_site):
    page.goto(seed_site + "texts/new-nationwide-system/?view=interlinear#p2-1")
    page.locator(
        '#p2-1 [data-version="en.revised"] a.gloss[data-term="xinxing-juguo-tizhi"]'
    ).focus()
    assert lit(page, "p2-1") == [["zh", "新型举国体制"], ["en.revised", "new nationwide system"]]


def test_every_occurrence_in_the_passage_is_lit_not_only_the_linked_one(page, seed_site):
    page.goto(seed_site + "texts/new-nationwide-system/#lead")
    page.locator('#lead [data-version="zh"] a.gloss[data-term="xinxing-juguo-tizhi"]').hover()
    zh = [text for lang, text in lit(page, "lead") if lang == "zh"]
    assert zh == ["新型举国体制"] * 3
