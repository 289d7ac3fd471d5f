"""Search in headless Chromium, under a sub-path: every query finds the passage it must find."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

NNS = "texts/new-nationwide-system/#"
PSC = "texts/psc-meeting-2020-05-14/#"
COM = "texts/dual-circulation-commentary/#"

# (query, a passage it must find). Chinese of 2–10 characters, multi-word phrases, English
# phrases (inflected), glossary headwords and renderings.
RECALL = [
    ("双循环", PSC + "p6"),
    ("国内国际双循环相互促进", PSC + "p6"),
    ("新发展格局", PSC + "p6"),
    ("供给侧结构性改革", PSC + "p6"),
    ("举国体制", NNS + "p2-1"),
    ("新型举国体制", NNS + "p3-5"),
    ("关键核心技术", NNS + "lead"),
    ("自力更生", COM + "p8"),
    ("高质量发展", NNS + "p1-2"),
    ("创新驱动", NNS + "p1-2"),
    ("社会主义市场经济", NNS + "lead"),
    ("全面建成小康社会", PSC + "p2"),
    ("脱贫攻坚", PSC + "lead-1"),
    ("常态化疫情防控", PSC + "p4"),
    ("外防输入", PSC + "p5"),
    ("内防反弹", PSC + "lead-2"),
    ("两会", PSC + "p3"),
    ("十九届四中全会", NNS + "lead"),
    ("政治局常务委员会", PSC + "p1"),
    ("新华社", PSC + "p1"),
    ("人民日报", PSC + "print-source"),
    ("中央党校", NNS + "byline"),
    ("产业链供应链", PSC + "p7"),
    ("经济全球化", NNS + "p2-3"),
    ("与开放的世界紧密联系", NNS + "p2-3"),
    ("黑龙江", PSC + "p3"),
    ("核酸检测", PSC + "lead-2"),
    ("会议还研究了其他事项", PSC + "p8"),
    ("陈姝", NNS + "byline"),
    ("供应链 稳定性", PSC + "deck"),
    ("supply chain", COM + "p8"),
    ("supply chains", PSC + "p7"),
    ("dual circulation", COM + "p7"),
    ("hedged integration", COM + "p8"),
    ("Belt and Road Initiative", COM + "p9"),
    ("decoupling", COM + "p3"),
    ("new nationwide system", NNS + "p2-1"),
    ("domestic and international double cycles", PSC + "p6"),
    ("key core technologies", NNS + "lead"),
    ("supply-side structural reforms", PSC + "p6"),
    ("Hinrich Foundation", COM + "p6"),
    ("epidemic prevention", PSC + "p4"),
    ("emphasized", PSC + "p3"),
    ("pandemic", COM + "p5"),
    ("Xinjiang", COM + "p2"),
    ("new development pattern", "glossary/#xin-fazhan-geju"),
    ("self-reliance", "glossary/#zili-gengsheng"),
]


def search(page, base: str, query: str) -> list[str]:
    from urllib.parse import quote

    page.goto(base + "search/?q=" + quote(query))
    page.locator("#search_results .result-count").wait_for()
    more = page.locator("#search_results .more-results")
    done = "() => document.getElementById('search_results').getAttribute('aria-busy') === 'false'"
    page.wait_for_function(done)
    while more.is_visible():  # a reader would press "More results" to see the other texts
        more.click()
        page.wait_for_function(done)
    return page.eval_on_selector_all(
        "#search_results li.result > a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_at_least_forty_queries():
    assert len(RECALL) >= 40


def test_every_query_finds_its_passage(page, seed_site):
    missed = []
    for query, target in RECALL:
        # A result in a translation the page shows only when asked asks for it (?show=).
        hrefs = [re.sub(r"\?show=[^#]*", "", href) for href in search(page, seed_site, query)]
        if "../" + target not in hrefs:
            missed.append((query, target, hrefs[:5]))
    assert missed == []


def test_result_shows_title_label_and_marked_excerpt_in_its_language(page, seed_site):
    search(page, seed_site, "国内国际双循环")
    result = page.locator(
        "#search_results li.result",
        has=page.locator('a[href="../texts/psc-meeting-2020-05-14/#p6"]'),
        has_text="(中文)",  # the revised translation's note on the passage quotes it too
    )
    assert (
        result.locator(".result-where").inner_text()
        == "People's Daily, 15 May 2020, passage 9 (中文)"
    )
    assert result.locator("p.result-text").get_attribute("lang") == "zh-Hans"
    assert result.locator("mark").first.inner_text() == "国内国际双循环"


def test_the_search_box_holds_a_phrase_on_a_desktop_and_fits_a_phone(page, phone, seed_site):
    for screen, least in ((page, 480), (phone, 200)):
        search(screen, seed_site, "new nationwide system for key core technologies")
        box = screen.locator("#search_query")
        width = box.evaluate("e => e.getBoundingClientRect().width")
        assert width >= least, width
        button = screen.locator("#search_form button[type=submit]").bounding_box()
        viewport = screen.viewport_size["width"]
        assert button["x"] + button["width"] <= viewport, (button, viewport)


def test_a_result_lands_on_the_passage_and_marks_it(page, seed_site):
    search(page, seed_site, "会议还研究了其他事项")
    page.locator('#search_results a[href="../texts/psc-meeting-2020-05-14/#p8"]').click()
    page.wait_for_url(seed_site + PSC + "p8")
    assert page.eval_on_selector_all(".is-target", "els => els.map(e => e.id)") == ["p8"]


def test_filters_by_text_and_language(page, seed_site):
    search(page, seed_site, "新型举国体制")
    page.select_option("#filter_language", label="English")
    # Only the English passages that quote the Chinese term (and a note naming the article, and
    # the revised translation's note on the term), and the glossary entry, in every language.
    expect(page.locator("#search_results .result-count")).to_have_text("5 results")
    hrefs = sorted(
        a.get_attribute("href") for a in page.locator("#search_results li.result > a").all()
    )
    assert hrefs == [
        "../glossary/#xinxing-juguo-tizhi",
        "../" + COM + "p10",
        "../" + COM + "p11",
        "../" + COM + "p13",
        "../texts/new-nationwide-system/#lead",
    ]
    page.select_option("#filter_language", label="中文")
    page.select_option("#filter_text", label="People's Daily, 15 May 2020")
    expect(page.locator("#search_results .result-count")).to_have_text("1 result")
    assert page.locator("#search_results li.result > a").get_attribute("href") == "../" + PSC + "p6"


def test_the_header_box_searches_from_any_page(page, seed_site):
    page.goto(seed_site + "texts/new-nationwide-system/")
    page.fill("#site_search_box", "双循环")
    page.press("#site_search_box", "Enter")
    page.wait_for_url(seed_site + "search/?q=%E5%8F%8C%E5%BE%AA%E7%8E%AF")
    page.locator("#search_results .result-count").wait_for()
    assert page.input_value("#search_query") == "双循环"


@pytest.mark.parametrize(
    "query, target",
    [
        ("君子", "texts/xue-er/#a1-1"),
        ("孝弟", "texts/xue-er/#a1-2"),
        ("巧言令色", "texts/xue-er/#a1-3"),
        ("吾日三省吾身", "texts/xue-er/#a1-4"),
        ("仁", "texts/xue-er/#a1-3"),
        ("superior man", "texts/xue-er/#a1-2"),
        ("friends", "texts/xue-er/#a1-1"),
    ],
)
def test_traditional_script_in_an_edition_we_did_not_write(page, analects_site, query, target):
    assert "../" + target in search(page, analects_site, query)


# Pinyin with tone marks, tone numbers or none, spaced or not: the entry and the passages using the
# term.
PINYIN = [
    ("shuāng xúnhuán", PSC + "p6", "glossary/#shuang-xunhuan"),
    ("shuang1 xun2huan2", PSC + "p6", "glossary/#shuang-xunhuan"),
    ("shuangxunhuan", PSC + "p6", "glossary/#shuang-xunhuan"),
    ("shuang xunhuan", PSC + "p6", "glossary/#shuang-xunhuan"),
    ("xinxing juguo tizhi", NNS + "p2-1", "glossary/#xinxing-juguo-tizhi"),
    ("xin1xing2 ju3guo2 ti3zhi4", NNS + "p3-5", "glossary/#xinxing-juguo-tizhi"),
    ("guānjiàn héxīn jìshù", NNS + "lead", "glossary/#guanjian-hexin-jishu"),
    ("gongjicejiegouxinggaige", PSC + "p6", "glossary/#gongjice-jiegouxing-gaige"),
    ("zili gengsheng", COM + "p8", "glossary/#zili-gengsheng"),
    ("Zìlì Gēngshēng", COM + "p8", "glossary/#zili-gengsheng"),
    ("gao zhiliang fazhan", NNS + "p1-2", "glossary/#gao-zhiliang-fazhan"),
    ("chuang4xin1 qu1dong4", NNS + "p1-2", "glossary/#chuangxin-qudong"),
    ("tuopin gongjian", PSC + "lead-1", "glossary/#tuopin-gongjian"),
    ("changtaihua yiqing fangkong", PSC + "p4", "glossary/#changtaihua-yiqing-fangkong"),
    ("lianghui", PSC + "p3", "glossary/#lianghui"),
    ("Xinhuashe", PSC + "p1", "glossary/#xinhuashe"),
    ("renmin ribao", PSC + "print-source", "glossary/#renmin-ribao"),
    ("hesuan jiance", PSC + "lead-2", "glossary/#hesuan-jiance"),
    ("guonei guoji shuang xunhuan", PSC + "p6", "glossary/#guonei-guoji-shuang-xunhuan"),
]


@pytest.mark.parametrize("query, passage, entry", PINYIN)
def test_pinyin_finds_the_entry_and_its_passages(page, seed_site, query, passage, entry):
    hrefs = search(page, seed_site, query)
    assert "../" + passage in hrefs and "../" + entry in hrefs


def test_an_english_rendering_finds_the_chinese_passages(page, seed_site):
    hrefs = search(page, seed_site, "new development pattern")
    assert "../" + PSC + "p6" in hrefs
    results = page.locator(
        "#search_results li.result", has=page.locator(f'a[href="../{PSC}p6"]')
    ).locator("p.result-text")
    assert sorted(r.get_attribute("lang") for r in results.all()) == [
        "en",
        "zh-Hans",
    ]  # found in both languages
    marks = page.locator("#search_results mark").all_inner_texts()
    assert "新发展格局" in marks


def test_the_glossary_filter_works_with_a_language_filter(page, seed_site):
    search(page, seed_site, "circulation")
    page.select_option("#filter_text", label="Glossary")
    page.select_option("#filter_language", label="English")
    page.wait_for_function(
        "() => { const a = [...document.querySelectorAll('#search_results li.result > "
        "a')]; return a.length && a.every(e => "
        "e.getAttribute('href').startsWith('../glossary/#')); }"
    )


@pytest.mark.parametrize(
    "query, target, marked",
    [
        ("產業鏈供應鏈", PSC + "p7", "产业链供应链"),
        ("新型舉國體制", NNS + "p2-1", "新型举国体制"),
        ("國內國際雙循環", PSC + "p6", "国内国际双循环"),
    ],
)
def test_traditional_characters_find_a_simplified_text(page, seed_site, query, target, marked):
    assert "../" + target in search(page, seed_site, query)
    result = page.locator(
        "#search_results li.result", has=page.locator(f'a[href="../{target}"]')
    ).first
    assert result.locator("mark").first.inner_text() == marked  # marked as the text writes it


def test_simplified_characters_find_a_traditional_text(page, analects_site):
    assert "../texts/xue-er/#a1-1" in search(page, analects_site, "学而时习之")


def test_characters_apart_are_not_a_phrase_and_cost_no_text(page, seed_site):
    # 的 and 和 are the two most frequent characters of the Chinese texts and never stand side by
    # side: the index finds both in every Chinese text, and their positions rule each text out
    # before any of its words is fetched.
    fetched = []
    page.on(
        "request",
        lambda request: fetched.append(request.url) if "/search/passages/" in request.url else None,
    )
    assert search(page, seed_site, "的和") == []
    expect(page.locator("#search_results .result-count")).to_have_text("Nothing found for “的和”.")
    assert fetched == []


def test_chinese_is_found_in_the_order_written(page, seed_site):
    assert search(page, seed_site, "的要") == []  # 的，要 and 要的 are in the texts; 的要 is not
    assert search(page, seed_site, "要的") == ["../" + NNS + "lead"]


@pytest.fixture
def seed_in_parts(tmp_path, monkeypatch):
    """The seed edition with its index cut in parts, as a large edition's is (one text a part),
    and a line of the People's Daily report wrapped in the middle of a phrase, as an editor may."""
    import shutil

    import edition.search
    from browser import serve
    from conftest import ROOT, run

    monkeypatch.setattr(edition.search, "PASSAGES_PER_PART", 1)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "glossary.yaml", tmp_path / "glossary.yaml")
    report = tmp_path / "content/texts/psc-meeting-2020-05-14/zh.md"
    source = report.read_text(encoding="utf-8")
    report.write_text(
        source.replace("构建国内国际双循环相互促进", "构建国内国际双循环\n相互促进"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run("build", "--strict", "--base-url", "/parts/")
    assert (result.code, result.err) == (0, "")
    assert (tmp_path / "site/pagefind/parts.json").read_text() == '["part-2", "part-3"]\n'
    base, server = serve(tmp_path / "site", "/parts/")
    yield base
    server.shutdown()


def test_an_index_in_parts_finds_what_one_index_finds(page, seed_in_parts, seed_site):
    for query, _target in RECALL + [("5月14日", ""), ("2020年5月14日", "")]:
        # the same passages, ranked within each part
        assert sorted(search(page, seed_in_parts, query)) == sorted(
            search(page, seed_site, query)
        ), query


def test_a_word_found_nowhere_finds_nothing(page, seed_site):
    # Pagefind leaves such a word out of the query; the passages must still hold it.
    assert search(page, seed_site, "supply chain") != []
    assert search(page, seed_site, "supply chain quokka") == []


def filtered(page, base: str, query: str, text: str, language: str) -> list[str]:
    search(page, base, query)
    # The results of the search before the filters are cleared, so that only those of the
    # filtered search are read.
    page.eval_on_selector("#search_results", "e => { e.textContent = ''; }")
    page.select_option("#filter_text", label=text)
    page.select_option("#filter_language", label=language)
    page.wait_for_function(
        "() => document.getElementById('search_results').getAttribute('aria-busy') === 'false'"
    )
    page.locator("#search_results .result-count").wait_for()
    # Every result, not only the first batch: an index in parts ranks within each part, so the
    # first batch of the two indexes may differ while the whole list may not.
    more = page.locator("#search_results .more-results")
    while more.is_visible():
        more.click()
        page.wait_for_function(
            "() => document.getElementById('search_results').getAttribute('aria-busy') === 'false'"
        )
    return sorted(
        page.eval_on_selector_all(
            "#search_results li.result > a", "els => els.map(e => e.getAttribute('href'))"
        )
    )


@pytest.mark.parametrize(
    "query, text, language",
    [
        ("decoupling", "People's Daily, 15 May 2020", "All languages"),
        ("双循环", "People's Daily, 15 May 2020", "All languages"),
        ("双循环", "Glossary", "All languages"),
        ("新型举国体制", "All texts and the glossary", "English"),
    ],
)
def test_filters_hold_on_an_index_in_parts(page, seed_in_parts, seed_site, query, text, language):
    # A part without the text's marker word would otherwise ignore the filter.
    assert filtered(page, seed_in_parts, query, text, language) == filtered(
        page, seed_site, query, text, language
    )


def test_chinese_with_digits_and_a_wrapped_line(page, seed_site, seed_in_parts):
    # 14 in 5月14日 begins a word though a Han character comes before it;
    assert "../" + PSC + "p1" in search(page, seed_site, "北京5月14日电")
    # a line break of the source inside a phrase does not hide it.
    assert "../" + PSC + "p6" in search(page, seed_in_parts, "双循环相互促进")
