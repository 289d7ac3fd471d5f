"""The glossary: the matcher, the gloss rule (golden Markdown fixtures), pinyin and the glossary
page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, build_copy
from edition.glossary import Matcher, build_matcher, generated_pinyin
from edition.markdown import make_markdown
from edition.model import Entry, Location
from edition.render import make_renderer

FIXTURES = Path(__file__).parent / "fixtures"


def entry(entry_id: str, zh: str, en: str, variants: dict | None = None) -> Entry:
    variants = {k: tuple(v) for k, v in (variants or {}).items()}
    return Entry(entry_id, zh, "", en, variants, "d", (), (), Location("glossary.yaml", 1))


FIXTURE_GLOSSARY = (
    entry(
        "xinxing-juguo-tizhi",
        "新型举国体制",
        "new nationwide system",
        {"en": ["new national system"], "zh": ["新型舉國體制"]},
    ),
    entry("juguo-tizhi", "举国体制", "whole-nation system"),
    entry("guanjian-hexin-jishu", "关键核心技术", "key core technologies"),
    entry("gongyinglian", "供应链", "supply chain", {"en": ["supply chains"]}),
    entry("yidai-yilu", "一带一路倡议", "Belt and Road Initiative", {"en": ["BRI"]}),
    entry("zili-gengsheng", "自力更生", "self-reliance", {"en": ["self-sufficiency"]}),
)


def read_fixtures(path: Path):
    """markdown-it style fixtures: title, then input and expected output, each closed by a '.'
    line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, index = [], 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, line_number = lines[index], index + 1
        assert lines[index + 1] == "."
        index += 2
        parts = []
        for _ in range(2):
            start = index
            while lines[index] != ".":
                index += 1
            parts.append("\n".join(lines[start:index]))
            index += 1
        cases.append(pytest.param(parts[0], parts[1], id=f"{line_number}: {title}"))
    return cases


@pytest.mark.parametrize("source, expected", read_fixtures(FIXTURES / "gloss.md"))
def test_gloss_rule(source, expected):
    md = make_renderer(make_markdown(build_matcher(FIXTURE_GLOSSARY)))
    tokens = md.parse(source, {"slug": "t", "lang": "zh"})
    for token in tokens:
        token.attrs.pop("id", None)
    html = md.renderer.render(
        tokens, md.options, {"root": "../../", "slug": "t", "lang": "zh", "moved": {}}
    )
    assert html.strip() == expected


def test_matcher_finds_leftmost_longest_without_overlap():
    matcher = Matcher({"甲乙": "x", "甲乙丙": "y", "乙丙丁": "z", "丁": "w"})
    assert [(m.start, m.end, m.entry) for m in matcher.find("甲乙丙丁")] == [
        (0, 3, "y"),
        (3, 4, "w"),
    ]


def test_matcher_skips_a_bounded_form_and_keeps_a_shorter_one():
    matcher = Matcher({"supply": "a", "supply chain": "b"})
    assert [(m.start, m.end, m.entry) for m in matcher.find("supply chainsaw")] == [(0, 6, "a")]


def test_matcher_handles_characters_that_change_length_when_lowered():
    matcher = Matcher({"istanbul": "a"})
    assert [(m.start, m.end) for m in matcher.find("İ istanbul")] == [(2, 10)]


def test_pinyin_is_generated_with_tone_marks_when_absent():
    assert generated_pinyin("双循环") == "shuāng xún huán"


def test_editor_pinyin_wins(edition):
    from conftest import run

    assert run("build", "--strict").code == 0
    page = (edition / "site/glossary/index.html").read_text(encoding="utf-8")
    assert '<span class="pinyin">xīnxíng jǔguó tǐzhì</span>' in page  # given by the editor
    assert '<span class="pinyin">jǔ guó tǐ zhì</span>' in page  # generated


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-glossary")
    assert build_copy(ROOT, folder).code == 0
    return folder / "site"


def test_seed_glossary_has_at_least_fifty_entries_each_occurring(seed_site):
    import json

    data = json.loads((seed_site / "edition.json").read_text(encoding="utf-8"))
    assert len(data["glossary"]) >= 50
    assert [e["id"] for e in data["glossary"] if not e["occurrences"]] == []


def test_every_occurrence_is_glossed_in_its_passage_and_language(seed_site):
    """With gloss_marks: first, each entry is marked once in every passage language it occurs in."""
    import json

    data = json.loads((seed_site / "edition.json").read_text(encoding="utf-8"))
    pages = {}
    for entry_data in data["glossary"]:
        for o in entry_data["occurrences"]:
            page = pages.setdefault(
                o["text"], (seed_site / f"texts/{o['text']}/index.html").read_text(encoding="utf-8")
            )
            section = re.search(
                rf'<section [^>]*id="{o["passage"]}" data-passage.*?</section>', page, re.S
            ).group(0)
            assert f'data-term="{entry_data["id"]}"' in section, (entry_data["id"], o)


def test_both_sides_of_a_passage_are_glossed_with_the_same_entry(seed_site):
    page = (seed_site / "texts/psc-meeting-2020-05-14/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section [^>]*id="p6" data-passage.*?</section>', page, re.S).group(0)
    zh, en = re.findall(
        r'<div class="rendering" lang="[^"]+" data-lang="(?:zh|en)" data-version="(?:zh|en)"'
        r"(?: data-default)?>(.*?)</div>",
        section,
        re.S,
    )
    assert (
        'data-term="guonei-guoji-shuang-xunhuan" '
        'href="../../glossary/#guonei-guoji-shuang-xunhuan">国内国际双循环</a>' in zh
    )
    assert (
        'data-term="guonei-guoji-shuang-xunhuan" '
        'href="../../glossary/#guonei-guoji-shuang-xunhuan">domestic and international double '
        "cycles</a>" in en
    )


def test_glossary_page_lists_entries_in_pinyin_order_with_concordance(seed_site):
    page = (seed_site / "glossary/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<article class="entry" id="([^"]+)" data-entry>', page)
    pinyin = re.findall(r'<span class="pinyin">([^<]+)</span>', page)
    assert len(ids) == len(pinyin) >= 50
    import unicodedata

    def plain(p: str) -> str:
        return (
            "".join(c for c in unicodedata.normalize("NFD", p) if not unicodedata.combining(c))
            .lower()
            .replace(" ", "")
        )

    # dictionary order goes syllable by syllable: chǎn (产学研) before cháng (常态化), dǎ (打通)
    # before dǎng (党)
    assert (
        ids.index("chan-xue-yan")
        < ids.index("changtaihua-yiqing-fangkong")
        < ids.index("chaodaguimo-shichang-youshi")
    )
    assert ids.index("dudian-duandian") < ids.index("dang-zhongyang")
    assert plain(pinyin[0])[0] <= plain(pinyin[-1])[0]
    letters = re.findall(r'<a href="#letter_([A-Z])">', page)
    assert letters == sorted(set(letters)) and "X" in letters
    entry_html = re.search(
        r'<article class="entry" id="xinxing-juguo-tizhi" data-entry>.*?</article>', page, re.S
    ).group(0)
    assert '<a href="../texts/new-nationwide-system/#p2-1"><span class="kwic-where">' in entry_html
    assert (
        "<mark>新型举国体制</mark>" in entry_html
        and "<mark>new nationwide system</mark>" in entry_html
    )
    assert (
        'aria-label="Occurrences per text: Backer, From Reform and Opening Up to Dual Circulation '
        '2; Guangming Daily, 20 March 2020 36; People&#39;s Daily, 15 May 2020 3"' in entry_html
    )
    # A line from a text with several English translations says which one it is from, and
    # leads to a page that shows it.
    assert (
        '<a href="../texts/new-nationwide-system/?show=zh,en#p2-1"><span class="kwic-where">'
        "Guangming Daily, 20 March 2020 · 2.1 · As published in the commentary (2020)</span>"
        in entry_html
    )


def test_a_large_glossary_lists_fewer_occurrences_per_entry(tmp_path, monkeypatch):
    # The page's lines of context are budgeted: 94 entries and a budget of 300 lines give 5 each
    # (never fewer), and the rest are a search away.
    import edition.render
    from edition.render import kwic_limit

    assert [kwic_limit(n) for n in (1, 94, 100, 300, 2000)] == [60, 60, 60, 20, 5]
    monkeypatch.setattr(edition.render, "KWIC_PAGE_LINES", 300)
    result = build_copy(ROOT, tmp_path)
    assert (result.code, result.err) == (0, "")
    page = (tmp_path / "site/glossary/index.html").read_text(encoding="utf-8")
    entry_html = re.search(
        r'<article class="entry" id="xinxing-juguo-tizhi" data-entry>.*?</article>', page, re.S
    ).group(0)
    assert entry_html.count('<span class="kwic-where">') == 5
    assert "<summary>41 occurrences</summary>" in entry_html
    assert (
        "… and 36 more: <a "
        'href="../search/?q=%E6%96%B0%E5%9E%8B%E4%B8%BE%E5%9B%BD%E4%BD%93%E5%88%B6">search for '
        "新型举国体制</a>." in entry_html
    )


def render_glossed(source: str, entries: tuple[Entry, ...]) -> str:
    md = make_renderer(make_markdown(build_matcher(entries)))
    env = {"root": "../../", "slug": "t", "lang": "zh", "moved": {}}
    return md.render(source, env).strip()


def test_a_chinese_form_glosses_the_text_in_either_script_as_written():
    entries = (
        entry("jiang", "将", "general"),
        entry("guidao", "诡道", "the way of deception"),
        entry("dao", "道", "Tao"),
    )
    assert render_glossed("兵者，詭道也。將聽吾計", entries) == (
        '<p><span data-s="1">兵者，<a class="gloss" data-term="guidao" '
        'href="../../glossary/#guidao">詭道</a>也。</span><span data-s="2">'
        '<a class="gloss" data-term="jiang" href="../../glossary/#jiang">將</a>聽吾計</span></p>'
    )
    # and a traditional headword glosses simplified text
    assert render_glossed("诡道", (entry("guidao", "詭道", "deception"),)) == (
        '<p><span data-s="1"><a class="gloss" data-term="guidao" href="../../glossary/#guidao">'
        "诡道</a></span></p>"
    )


def test_exact_case_forms_match_only_as_written():
    dao = Entry(
        "dao",
        "道",
        "",
        "Tao",
        {"en": ("Way",)},
        "d",
        (),
        (),
        Location("glossary.yaml", 1),
        renderings={"en": "Tao"},
        exact_case=frozenset({"Way"}),
    )
    text = "the Way is not the way to keep the WAY, says the tao"
    assert [text[m.start : m.end] for m in build_matcher((dao,)).find(text)] == ["Way", "tao"]


def test_an_exact_form_and_another_entrys_lower_case_form_live_side_by_side():
    dao = Entry(
        "dao",
        "道",
        "",
        "Way",
        {},
        "d",
        (),
        (),
        Location("glossary.yaml", 1),
        renderings={"en": "Way"},
        exact_case=frozenset({"Way"}),
    )
    road = entry("lu", "路", "way")
    text = "the Way and the way"
    found = [(text[m.start : m.end], m.entry) for m in build_matcher((dao, road)).find(text)]
    assert found == [("Way", "dao"), ("way", "lu")]


def lzh_glossary(tmp_path: Path, body: str):
    from edition.glossary import glossary_languages, load_glossary
    from edition.model import Diagnostics

    path = tmp_path / "glossary.yaml"
    path.write_text(body, encoding="utf-8")
    found = Diagnostics()
    entries = load_glossary(path, "glossary.yaml", glossary_languages(("lzh", "en"), "lzh"), found)
    return entries, [str(d) for d in found.items]


def test_glossary_keys_follow_the_editions_language_codes(tmp_path):
    from types import SimpleNamespace

    from edition.search import _entry_words, glossary_terms

    entries, problems = lzh_glossary(
        tmp_path,
        "xue:\n  lzh: 學\n  en: learning\n  variants: {lzh: [斅], en: [study]}\n  definition: d\n"
        "xi:\n  zh: 習\n  en: practice\n  definition: e\n",
    )
    assert problems == []
    assert [(e.zh, e.renderings, e.variants) for e in entries] == [
        ("學", {"en": "learning"}, {"lzh": ("斅",), "en": ("study",)}),
        ("習", {"en": "practice"}, {}),
    ]
    terms = glossary_terms(SimpleNamespace(glossary=entries))
    assert terms.startswith(
        '[{"en":["learning","study"],"id":"xue","pinyin":"xue","zh":["學","斅"]}'
    )
    assert _entry_words(entries[0]) == "學 xué: learning (also 斅, study). d"


def test_a_headword_given_under_both_keys_is_an_error(tmp_path):
    _, problems = lzh_glossary(
        tmp_path, "xue:\n  lzh: 學\n  zh: 学\n  en: learning\n  definition: d\n"
    )
    assert problems == [
        "glossary.yaml:3: error: entry 'xue' gives its headword twice (lzh and zh): keep one"
    ]
