"""Every word looked up and pinyin over the characters, in headless Chromium: pointing at,
tapping, selecting or stepping to a Chinese word that is not a glossary term opens its
CC-CEDICT card, in simplified (the seed) and traditional (the Analects) text; ?pinyin=1 writes
each word's reading in context above it, and copying still copies only the characters."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SEED_TEXT = "texts/new-nationwide-system/"
ANALECTS_TEXT = "texts/xue-er/"

WHERE = """([passage, word]) => {
  const root = document.getElementById(passage);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(word);
    if (at < 0 || node.parentElement.closest('a.gloss, span.term, rt')) continue;
    node.parentElement.scrollIntoView({ block: 'center' });
    const range = document.createRange();
    range.setStart(node, at + word.length - 1);
    range.setEnd(node, at + word.length);
    const box = range.getBoundingClientRect();
    return [box.left + box.width / 2, box.top + box.height / 2];
  }
  return null;
}"""

CARD = ".dictionary-card"


def spot(page, passage: str, word: str) -> tuple[float, float]:
    """The middle of the last character of a word as the passage writes it, scrolled into view."""
    found = page.evaluate(WHERE, [passage, word])
    assert found, (passage, word)
    return found[0], found[1]


def card_text(page) -> str:
    return page.locator(CARD).inner_text()


@pytest.mark.parametrize(
    ("site", "path", "passage", "word", "expected"),
    [
        ("seed", SEED_TEXT, "p1-2", "增长", ["增长 增長", "zēngzhǎng", "HSK 4", "to grow"]),
        (
            "analects",
            ANALECTS_TEXT,
            "a1-1",
            "遠方",
            ["遠方 远方", "yuǎnfāng", "HSK 6", "far away; a distant location"],
        ),
    ],
)
def test_pointing_at_a_word_opens_its_dictionary_card(
    page, seed_site, analects_site, site, path, passage, word, expected
):
    base = seed_site if site == "seed" else analects_site
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    # the page's first load fetches neither the module nor the words
    assert not [u for u in requests if u.endswith(("words.json", "dictionary.js"))]
    page.mouse.move(*spot(page, passage, word))
    expect(page.locator(CARD)).to_be_visible()
    text = card_text(page)
    for part in expected:
        assert part in text
    assert "CC-CEDICT" in text
    assert [u for u in requests if u.endswith("words.json")] == [f"{base}{path}words.json"]
    # away from the passages the card closes
    page.mouse.move(5, 5)
    expect(page.locator(CARD)).to_have_count(0)


def test_the_glossary_card_wins_over_the_dictionary(page, seed_site):
    page.goto(seed_site + SEED_TEXT)
    term = page.locator('#p1-2 [data-lang="zh"] a.gloss').first
    term.scroll_into_view_if_needed()
    box = term.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2)
    expect(page.locator(".gloss-card:not(.dictionary-card)")).to_be_visible()
    page.wait_for_timeout(400)
    expect(page.locator(CARD)).to_have_count(0)


@pytest.mark.parametrize(
    ("site", "path", "passage", "word", "expected"),
    [
        ("seed", SEED_TEXT, "p3-4", "行政", ["行政", "xíngzhèng", "administration"]),
        ("analects", ANALECTS_TEXT, "a1-1", "不亦樂乎", ["不亦樂乎 不亦乐乎", "bùyìlèhū"]),
    ],
)
def test_tapping_a_word_opens_its_card_on_a_phone(
    phone, seed_site, analects_site, site, path, passage, word, expected
):
    base = seed_site if site == "seed" else analects_site
    phone.goto(base + path + "?view=" + ("zh" if site == "seed" else "lzh"))
    phone.touchscreen.tap(*spot(phone, passage, word))
    expect(phone.locator(CARD)).to_be_visible()
    text = card_text(phone)
    for part in expected:
        assert part in text
    # a tap elsewhere in the passages closes it
    phone.locator(".dictionary-card .card-close").click()
    expect(phone.locator(CARD)).to_have_count(0)


def test_every_tap_on_a_phone_opens_the_card_of_the_word_tapped(phone, seed_site):
    phone.goto(seed_site + "texts/psc-meeting-2020-05-14/?view=zh")
    for word, reading in [("黑龙江", "Hēilóngjiāng"), ("湖北省", "Húběishěng"), ("武汉", "Wǔhàn")]:
        phone.touchscreen.tap(*spot(phone, "p3", word))
        expect(phone.locator(CARD)).to_be_visible()
        expect(phone.locator(CARD + " .card-head")).to_contain_text(word)
        phone.wait_for_timeout(600)  # longer than a mouse's grace period before a card closes
        expect(phone.locator(CARD + " .card-head")).to_contain_text(reading)
        phone.locator(".dictionary-card .card-close").tap()  # it may cover the next word
        expect(phone.locator(CARD)).to_have_count(0)


def test_selecting_a_word_opens_its_card(page, seed_site):
    page.goto(seed_site + SEED_TEXT)
    x, y = spot(page, "p1-2", "增长")
    page.mouse.dblclick(x, y)  # Chromium selects the word it segments; the card follows it
    expect(page.locator(CARD)).to_be_visible()
    assert "增长" in card_text(page)


def test_the_arrow_keys_step_through_a_focused_sentence(page, seed_site):
    page.goto(seed_site + SEED_TEXT)
    sentence = page.locator('#p1-2 [data-lang="zh"] [data-s="1"]')
    sentence.focus()
    page.wait_for_selector('link[href$="dictionary.css"]', state="attached")
    page.keyboard.press("ArrowRight")
    expect(page.locator(CARD)).to_be_visible()
    # 从国内看，…: 从 first, then 国内
    expect(page.locator(CARD)).to_contain_text("cóng")
    page.keyboard.press("ArrowRight")
    expect(page.locator(CARD)).to_contain_text("guónèi")
    expect(page.locator("#live_status")).to_contain_text("国内 guónèi")
    page.keyboard.press("Escape")
    expect(page.locator(CARD)).to_have_count(0)


TERM_CARD = ".gloss-card:not(.dictionary-card)"


def step_until(page, key: str, condition: str, limit: int = 60) -> None:
    """Press `key` until the page's `condition` (a JavaScript expression) holds."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(condition):
            return
    raise AssertionError(f"{condition} never held after {limit} × {key}")


def test_the_arrow_keys_step_onto_a_glossary_term_and_show_its_entry(page, seed_site):
    page.goto(seed_site + SEED_TEXT)
    sentence = page.locator('#p1-2 [data-lang="zh"] [data-s="1"]')
    sentence.focus()
    page.wait_for_selector('link[href$="dictionary.css"]', state="attached")
    # 从国内看，我国经济已由高速增长阶段转向高质量发展阶段…: the term is one step.
    step_until(page, "ArrowRight", f"!!document.querySelector('{TERM_CARD}')")
    term = page.locator('#p1-2 [data-lang="zh"] a.gloss[data-term="gao-zhiliang-fazhan"]')
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(page.locator(CARD)).to_have_count(0)
    expect(page.locator(TERM_CARD)).to_contain_text("gāo zhìliàng fāzhǎn")
    expect(page.locator("#live_status")).to_have_text(
        re.compile(r"^高质量发展 gāo zhìliàng fāzhǎn: high-quality development")
    )
    assert page.evaluate("document.activeElement.dataset.s") == "1"  # the focus stayed
    page.keyboard.press("ArrowRight")  # 阶段: its dictionary card, the entry's card closed
    expect(page.locator(CARD)).to_contain_text("jiēduàn")
    expect(page.locator(TERM_CARD)).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    expect(term).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(page.locator(TERM_CARD)).to_have_count(0)
    assert page.evaluate("document.activeElement.dataset.s") == "1"
    # A later occurrence, not a link (gloss_marks: first), shows the same entry.
    page.locator('#p1-2 [data-lang="zh"] [data-s="5"]').focus()
    step_until(page, "ArrowRight", "!!document.querySelector('span.term[aria-expanded=true]')")
    expect(page.locator(TERM_CARD + " > a")).to_have_attribute(
        "href", "../../glossary/#yiqing-fangkong"
    )


READINGS = """passage => [...document.getElementById(passage).querySelectorAll('ruby')].map(
    r => [r.firstChild.data, r.querySelector('rt').textContent])"""


def test_pinyin_shows_each_word_read_in_context(page, seed_site):
    page.goto(seed_site + SEED_TEXT + "?pinyin=1")
    expect(page.locator("#pinyin_switch")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    readings = dict(page.evaluate(READINGS, "passage_list"))
    # 长 zhǎng in 增长, cháng in 长期 and 长远; 着 zhe in 意味着, zhuó in 着眼; 调 diào in 强调
    assert readings["增长"] == "zēngzhǎng"
    assert readings["长期"] == "chángqī"
    assert readings["长远"] == "chángyuǎn"
    assert readings["意味着"] == "yìwèizhe"
    assert readings["着眼"] == "zhuóyǎn"
    assert readings["强调"] == "qiángdiào"
    assert readings["行政"] == "xíngzhèng"
    assert readings["进行"] == "jìnxíng"
    assert readings["新型举国体制"] == "xīnxíng jǔguó tǐzhì"  # the glossary's own pinyin
    # the line is tall enough for the readings
    line, size = page.eval_on_selector(
        '#p1-2 [data-lang="zh"]',
        "e => [getComputedStyle(e).lineHeight, getComputedStyle(e).fontSize].map(parseFloat)",
    )
    assert line / size >= 2.2


def test_pinyin_in_traditional_classical_chinese(page, analects_site):
    page.goto(analects_site + ANALECTS_TEXT + "?pinyin=1")
    expect(page.locator("#a1-1 ruby").first).to_be_visible()
    readings = page.evaluate(READINGS, "a1-1")
    assert ["不亦樂乎", "bùyìlèhū"] in readings  # 樂 lè (joy), not yuè (music)
    assert ["君子", "jūnzǐ"] in readings  # the glossary's pinyin for its term
    # the English translation is left as it is
    expect(page.locator('#a1-1 [data-lang="en"] ruby')).to_have_count(0)


def test_pinyin_is_remembered_and_switched_off_leaves_the_text_as_it_was(page, seed_site):
    page.goto(seed_site + SEED_TEXT)
    before = page.inner_html("#p1-2")
    page.click("#pinyin_switch")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    page.reload()
    expect(page.locator("#pinyin_switch")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    page.click("#pinyin_switch")
    expect(page.locator("ruby")).to_have_count(0)
    assert page.inner_html("#p1-2").replace(' tabindex="0"', "") == before.replace(
        ' tabindex="0"', ""
    )
    page.goto(seed_site + SEED_TEXT + "?pinyin=1")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    # another view keeps the pinyin, and the switch says so
    page.click('#view_controls [data-view="interlinear"]')
    expect(page.locator("#pinyin_switch")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    page.goto(seed_site + SEED_TEXT + "?pinyin=0")
    page.wait_for_load_state("networkidle")
    expect(page.locator("ruby")).to_have_count(0)


COPY = """passage => {
  const rendering = document.querySelector(`#${passage} [data-lang="zh"]`);
  const range = document.createRange();
  range.selectNodeContents(rendering);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  const event = new ClipboardEvent('copy', { clipboardData: new DataTransfer(),
    bubbles: true, cancelable: true });
  rendering.dispatchEvent(event);
  return [event.clipboardData.getData('text/plain'), event.defaultPrevented];
}"""


def test_copying_with_pinyin_on_copies_only_the_characters(page, seed_site):
    page.goto(seed_site + SEED_TEXT + "?pinyin=1")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    copied, handled = page.evaluate(COPY, "p1-2")
    assert handled
    expected = page.evaluate(
        "fetch('../../edition.json').then(r => r.json()).then(e => e.texts.find("
        "t => t.slug === 'new-nationwide-system').passages.find(p => p.id === 'p1-2').text.zh)"
    )
    assert " ".join(copied.split()) == expected
    assert page.evaluate("getComputedStyle(document.querySelector('rt')).userSelect") == "none"


def test_print_keeps_the_pinyin_when_it_is_on(page, seed_site):
    page.goto(seed_site + SEED_TEXT + "?pinyin=1")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    page.emulate_media(media="print")
    assert page.eval_on_selector("#p1-2 rt", "e => getComputedStyle(e).display") != "none"
    assert page.eval_on_selector("#p1-2 ruby", "e => getComputedStyle(e).display") == "ruby"


def test_no_serious_accessibility_violation_with_pinyin_and_a_card(chromium, seed_site):
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(seed_site + SEED_TEXT + "?pinyin=1")
    expect(page.locator("#p1-2 ruby").first).to_be_visible()
    page.mouse.move(*spot(page, "p1-2", "增长"))
    expect(page.locator(CARD)).to_be_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
