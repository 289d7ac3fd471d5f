"""Layout in headless Chromium: the margin on a phone, the measure on a desktop, the spacing of
glossed words, glossary results on the search page."""

from __future__ import annotations

import pytest

from conftest import write_files

TEXT = "texts/new-nationwide-system/"


def long_edition() -> dict[str, str]:
    """Twelve sections: the first and the last of fourteen passages (labels 1.14, 12.14)."""
    counts = {1: 14, 12: 14}
    zh, en = [], []
    for section in range(1, 13):
        zh.append(f"{{#s{section}}}\n## 第{section}节\n")
        en.append(f"{{#s{section}}}\n## Section {section}\n")
        for n in range(1, counts.get(section, 1) + 1):
            zh.append(f"{{#p{section}-{n}}}\n道德经第{n}章。\n")
            en.append(f"{{#p{section}-{n}}}\nThe way {n}.\n")
    return {
        "content/edition.yaml": """\
            title: {en: "Long Labels"}
            languages:
              zh: {label: "中文", html: zh-Hans}
              en: {label: "English", html: en}
            source_language: zh
            texts: [long]
            site_url: https://example.org/long/
            """,
        "content/texts/long/text.yaml": "title: {zh: 长, en: Long}\n",
        "content/texts/long/zh.md": "\n".join(zh),
        "content/texts/long/en.md": "\n".join(en),
        "glossary.yaml": """\
            daodejing:
              zh: 道德经
              pinyin: dàodéjīng
              en: Classic of the Way
              definition: The *Daodejing* of Laozi, in 81 chapters \\(or sections\\).
            """,
    }


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    from conftest import served_edition

    source = tmp_path_factory.mktemp("long-source")
    write_files(source, long_edition())
    base, server, _ = served_edition(tmp_path_factory, source, "/long/")
    yield base
    server.shutdown()


@pytest.fixture
def narrow(chromium):
    """A 360 px touch screen, the narrowest phone we lay out for."""
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def box(page, element) -> dict:
    return page.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, r: r.right, b: r.bottom}; }",
        element,
    )


def meet(a: dict, b: dict) -> bool:
    """Whether two boxes overlap (by more than half a pixel)."""
    return (
        a["x"] < b["r"] - 0.5
        and b["x"] < a["r"] - 0.5
        and a["y"] < b["b"] - 0.5
        and b["y"] < a["b"] - 0.5
    )


def visible(page, selector: str) -> list:
    """The elements shown (a passage's tools are there, transparent, until it is hovered)."""
    shown = (
        "e => !e.closest('.passage-tools')"
        " || getComputedStyle(e.closest('.passage-tools')).opacity > 0"
    )
    return [e for e in page.query_selector_all(selector) if e.is_visible() and e.evaluate(shown)]


def assert_labels_whole_and_clear(page):
    width = page.evaluate("document.documentElement.clientWidth")
    shown = visible(page, ".passage-tools button, .target-dismiss, .reveal")
    controls = [box(page, c) for c in shown]
    labels = visible(page, ".passage-label")
    assert labels
    for label in labels:
        text = label.inner_text()
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), text
        where = box(page, label)
        assert where["x"] >= 0 and where["r"] <= width, (text, where)
        assert not [c for c in controls if meet(where, c)], (text, where)


def assert_marked_controls_apart(page, passage: str):
    mine = visible(page, f"#{passage} .passage-tools button, #{passage} .target-dismiss")
    names = [c.inner_text() for c in mine]
    assert {"Link", "Cite", "×"} <= set(names), names
    boxes = [box(page, c) for c in mine + visible(page, ".passage-label")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not meet(a, b), (a, b)


@pytest.mark.parametrize("passage", ["p1-12", "p12-1", "p12-14", "s12"])
def test_long_labels_and_the_controls_of_a_marked_passage_on_a_phone(narrow, long_site, passage):
    narrow.goto(long_site + f"texts/long/#{passage}")
    narrow.locator(f"#{passage}.is-target").wait_for()
    assert (
        narrow.locator(f"#{passage} .passage-label").inner_text()
        == {"p1-12": "1.12", "p12-1": "12.1", "p12-14": "12.14", "s12": "§12"}[passage]
    )
    assert_marked_controls_apart(narrow, passage)
    assert_labels_whole_and_clear(narrow)


EIGHT = "document.querySelectorAll('.passage-label').forEach(l => l.textContent = '100.1000')"


def test_a_label_of_eight_characters_is_whole_on_a_phone(narrow, long_site):
    narrow.goto(long_site + "texts/long/#p12-14")
    narrow.locator("#p12-14.is-target").wait_for()
    narrow.evaluate(EIGHT)
    assert_marked_controls_apart(narrow, "p12-14")
    assert_labels_whole_and_clear(narrow)


def test_a_label_of_eight_characters_is_one_line_on_a_desktop(page, long_site):
    page.goto(long_site + "texts/long/#p12-13")
    page.locator("#p12-13.is-target").wait_for()
    page.evaluate(EIGHT)
    assert_marked_controls_apart(page, "p12-13")
    assert_labels_whole_and_clear(page)
    label = page.query_selector("#p12-13 .passage-label")
    assert label.evaluate("e => e.offsetHeight < 24")  # one line


@pytest.mark.parametrize(
    "path", [TEXT + "#p2-3", TEXT + "?view=en#p3-1", "texts/dual-circulation-commentary/#p1"]
)
def test_seed_margin_and_controls_on_a_phone(narrow, seed_site, path):
    narrow.goto(seed_site + path)
    passage = path.split("#")[1]
    narrow.locator(f"#{passage}.is-target").wait_for()
    assert_marked_controls_apart(narrow, passage)
    assert_labels_whole_and_clear(narrow)


def test_a_range_marks_with_controls_apart_on_a_desktop(page, long_site):
    page.goto(long_site + "texts/long/#p12-13..p12-14")
    page.locator("#p12-14.is-target").wait_for()
    assert_marked_controls_apart(page, "p12-13")
    assert_labels_whole_and_clear(page)


@pytest.mark.parametrize("path", ["", TEXT, "search/"])
def test_the_header_search_box_is_usable_on_a_phone(narrow, seed_site, path):
    narrow.goto(seed_site + path)
    field = box(narrow, narrow.query_selector("#site_search_box"))
    assert field["r"] - field["x"] >= 120 and field["x"] >= 0 and field["r"] <= 360
    controls = visible(narrow, ".site-header a, .site-header button")
    assert not any(meet(field, box(narrow, c)) for c in controls)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360


CHARS_PER_LINE = """r => {
  // The characters of each line of the first paragraph, by the top of each character's box.
  const p = r.querySelector('p') || r, lines = new Map(), walk = document.createTreeWalker(p, 4);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (t.parentElement.closest('sup, .note-ref')) continue;
    for (let i = 0; i < t.length; i++) {
      const range = document.createRange();
      range.setStart(t, i); range.setEnd(t, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      const top = Math.round(rect.top / 4);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  const counts = [...lines.values()];
  return counts.slice(0, -1);  // the last line of a paragraph is short
}"""


@pytest.mark.parametrize(
    "path, passage, lang, low, high, longest",
    [
        (TEXT + "?view=en", "p2-3", "en", 62, 75, 80),
        (TEXT + "?view=zh", "p2-3", "zh", 35, 40, 40),
        ("texts/dual-circulation-commentary/", "p1", "en", 62, 75, 80),
    ],
)
def test_one_language_is_a_centred_measure_on_a_desktop(
    page, seed_site, path, passage, lang, low, high, longest
):
    page.goto(seed_site + path)
    rendering = page.query_selector(f"#{passage} [data-lang={lang}]")
    width = page.evaluate("document.documentElement.clientWidth")
    where = box(page, rendering)
    assert abs(where["x"] - (width - where["r"])) <= 4, where
    lines = rendering.evaluate(CHARS_PER_LINE)
    assert len(lines) >= 2 and max(lines) <= longest, lines
    assert low <= sum(lines) / len(lines) <= high, lines
    head = box(page, page.query_selector("h1"))
    assert abs(head["x"] - where["x"]) <= 4  # the title stands over the text


def test_notes_stand_beside_the_text_on_a_wide_screen(page, seed_site):
    page.goto(seed_site + "texts/dual-circulation-commentary/")
    text = box(page, page.query_selector("#p1 [data-lang=en]"))
    notes = box(page, page.query_selector("#p1 .notes"))
    width = page.evaluate("document.documentElement.clientWidth")
    assert notes["x"] >= text["r"] + 16 and notes["r"] <= width - 8
    assert notes["y"] < text["b"]  # beside the text, not under it
    following = box(page, page.query_selector("#p2"))
    assert notes["b"] <= following["y"]


def test_a_one_language_text_keeps_its_margin_on_a_phone(narrow, seed_site):
    narrow.goto(seed_site + "texts/dual-circulation-commentary/")
    text = box(narrow, narrow.query_selector("#p1 [data-lang=en]"))
    assert text["r"] <= 360 and text["x"] >= 30
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360


GAPS = """(p) => {
  // Space before each gloss that follows text, and between the plain words of the same line.
  const rect = (node, i) => {
    const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
    return r.getBoundingClientRect();
  };
  const glossGaps = [], wordGaps = [];
  p.querySelectorAll('a.gloss').forEach(a => {
    const before = a.previousSibling;
    if (!before || before.nodeType !== 3 || !/\\w $/.test(before.data)) return;
    const end = rect(before, before.length - 2), start = a.getClientRects()[0];
    if (Math.abs(end.top - start.top) > 4) return;  // a line break between them
    glossGaps.push(start.left - end.right);
  });
  const walk = document.createTreeWalker(p, 4);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (t.parentElement.closest('a')) continue;
    for (let i = 1; i + 1 < t.length; i++) {
      if (t.data[i] !== ' ' || !/\\w/.test(t.data[i - 1]) || !/\\w/.test(t.data[i + 1])) continue;
      const a = rect(t, i - 1), b = rect(t, i + 1);
      if (Math.abs(a.top - b.top) < 4) wordGaps.push(b.left - a.right);
    }
  }
  return [glossGaps, wordGaps];
}"""


@pytest.mark.parametrize("passage", ["orig-title", "p2-1", "p3-1"])
def test_a_glossed_english_word_is_one_space_from_its_neighbour(page, seed_site, passage):
    page.goto(seed_site + TEXT + "?view=en")
    gloss_gaps, word_gaps = page.query_selector(f"#{passage} [data-lang=en] p").evaluate(GAPS)
    assert gloss_gaps and word_gaps
    space = sorted(word_gaps)[len(word_gaps) // 2]
    assert all(abs(g - space) <= 1 for g in gloss_gaps), (space, gloss_gaps)


def test_a_glossary_result_shows_the_definition_without_markdown(page, long_site):
    page.goto(long_site + "search/?q=Daodejing")
    result = page.locator("#search_results li.result", has_text="Glossary")
    result.first.wait_for()
    text = result.first.locator(".result-text").inner_text()
    assert "Daodejing of Laozi" in text and "(or sections)" in text
    assert "*" not in text and "\\" not in text
